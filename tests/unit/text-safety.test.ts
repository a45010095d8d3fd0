import { describe, expect, it } from "vitest";
import { documentTitleSchema, publishVersionSchema } from "../../app/lib/document-schemas";
import { SAFETY_MESSAGES, unsafeLineReason } from "../../app/lib/text-safety";
import { newThreadSchema } from "../../app/lib/thread-validation";
import { coalitionSchema, profileSchema, signupSchema } from "../../app/lib/validation";

const coalition = (name: string, founders = "") => ({ name, slug: "a-slug", description: "A coalition.", founders, visibility: "public", join_policy: "approval" });

// Every one-line field that other people see, with a function that returns its error (or null).
const FIELDS: Array<[string, (v: string) => string | null]> = [
  ["sign-up name", (v) => err(signupSchema.safeParse({ name: v, email: "a@example.org", password: "a fine passphrase" }), "name")],
  ["profile name", (v) => err(profileSchema.safeParse({ name: v }), "name")],
  ["profile organization", (v) => err(profileSchema.safeParse({ name: "Ada", organization: v }), "organization")],
  ["coalition name", (v) => err(coalitionSchema.safeParse(coalition(v)), "name")],
  ["coalition founder", (v) => err(coalitionSchema.safeParse(coalition("Open Standards", `Ada, ${v}`)), "founders")],
  ["thread title", (v) => err(newThreadSchema.safeParse({ title: v, body: "Hello" }), "title")],
  ["document title", (v) => err(documentTitleSchema.safeParse({ title: v }), "title")],
  ["version label", (v) => err(publishVersionSchema.safeParse({ label: v }), "label")],
];

function err(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }, field: string): string | null {
  if (result.success) return null;
  return result.error!.issues.find((i) => i.path[0] === field)?.message ?? null;
}

describe("names and titles refuse hidden or disguising characters", () => {
  const refused: Array<[string, string, string]> = [
    ["NUL", "Ada\u0000Lovelace", SAFETY_MESSAGES.control],
    ["a line break", "Ada\nLovelace", SAFETY_MESSAGES.control],
    ["a tab", "Ada\tLovelace", SAFETY_MESSAGES.control],
    ["DEL", "Ada\u007f", SAFETY_MESSAGES.control],
    ["a C1 control", "Ada\u0085x", SAFETY_MESSAGES.control],
    ["right-to-left override", "Admin\u202Egnp.exe", SAFETY_MESSAGES.bidi],
    ["left-to-right embedding", "A\u202Ab", SAFETY_MESSAGES.bidi],
    ["pop directional formatting", "A\u202Cb", SAFETY_MESSAGES.bidi],
    ["first strong isolate", "A\u2068b", SAFETY_MESSAGES.bidi],
    ["pop directional isolate", "A\u2069b", SAFETY_MESSAGES.bidi],
    ["only zero-width characters", "\u200b\u200c\u200d\u2060\ufeff", SAFETY_MESSAGES.invisible],
    ["only a Hangul filler", "\u3164\u3164", SAFETY_MESSAGES.invisible],
  ];
  for (const [field, check] of FIELDS) {
    for (const [what, value, message] of refused) {
      // Founders are one per line: a line break separates two names there.
      if (field === "coalition founder" && what === "a line break") continue;
      it(`${field}: ${what} is refused with a field error`, () => {
        expect(check(value)).toBe(message);
      });
    }
    it(`${field}: ordinary text in any script is accepted`, () => {
      for (const ok of ["Ada Lovelace", "أدا لوفليس", "艾达·洛夫莱斯", "Ада Лавлейс", "Zoë O’Brien-Núñez", "ZWJ family 👩‍👩‍👧"]) {
        expect(check(ok), ok).toBeNull();
      }
    });
  }

  it("stores the NFC form and otherwise exactly what was typed", () => {
    const decomposed = "Zoe\u0308 Ren\u00e9e"; // "ë" as e + combining diaeresis
    const parsed = signupSchema.parse({ name: `  ${decomposed} `, email: "z@example.org", password: "a fine passphrase" });
    expect(parsed.name).toBe("Zo\u00eb Ren\u00e9e");
    expect(parsed.name).toBe(decomposed.normalize("NFC"));
    // A zero-width joiner inside visible text is kept byte for byte (emoji sequences, Indic scripts).
    expect(newThreadSchema.parse({ title: "क्‍ष and 👩‍👩‍👧", body: "x" }).title).toBe("क्‍ष and 👩‍👩‍👧");
  });

  it("reasons are null for fine text and name the first problem otherwise", () => {
    expect(unsafeLineReason("fine")).toBeNull();
    expect(unsafeLineReason("\u202E\u0000")).toBe(SAFETY_MESSAGES.control);
  });
});
