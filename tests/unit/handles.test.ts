import { describe, expect, it } from "vitest";
import { firstFreeHandle, HANDLE_MESSAGES, handleProblem, numberedHandle, suggestHandle } from "../../app/lib/handles";
import { profileSchema, signupSchema } from "../../app/lib/validation";

describe("handle rules", () => {
  it("accepts 3 to 30 letters, digits, _ and -, starting and ending with a letter or digit", () => {
    for (const ok of ["ada", "ada_lovelace", "ada-l", "a1b", "x".repeat(30), "2fa_team"]) expect(handleProblem(ok)).toBeNull();
    expect(handleProblem("ab")).toBe(HANDLE_MESSAGES.short);
    expect(handleProblem("x".repeat(31))).toBe(HANDLE_MESSAGES.long);
    expect(handleProblem("ada.lovelace")).toBe(HANDLE_MESSAGES.characters);
    expect(handleProblem("ada lovelace")).toBe(HANDLE_MESSAGES.characters);
    expect(handleProblem("zoë")).toBe(HANDLE_MESSAGES.characters);
    expect(handleProblem("_ada")).toBe(HANDLE_MESSAGES.edges);
    expect(handleProblem("ada-")).toBe(HANDLE_MESSAGES.edges);
    expect(handleProblem("12345")).toBe(HANDLE_MESSAGES.digits);
    expect(handleProblem("")).toBe(HANDLE_MESSAGES.required);
  });

  it("refuses reserved words", () => {
    for (const word of ["admin", "all", "everyone"]) expect(handleProblem(word)).toBe(HANDLE_MESSAGES.reserved(word));
  });

  it("the form fields trim, drop a leading @, lower-case, and keep the first message per field", () => {
    const ok = profileSchema.safeParse({ name: "Ada", handle: "  @Ada_Lovelace ", organization: "", stakeholder_group: "", region: "" });
    expect(ok.success && ok.data.handle).toBe("ada_lovelace");
    const bad = profileSchema.safeParse({ name: "Ada", handle: "Admin", organization: "", stakeholder_group: "", region: "" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["handle"], message: HANDLE_MESSAGES.reserved("admin") });
    const blank = signupSchema.safeParse({ name: "Ada", email: "a@example.org", password: "long enough pw", handle: " " });
    expect(blank.success && blank.data.handle).toBeNull();
    const wrong = signupSchema.safeParse({ name: "Ada", email: "a@example.org", password: "long enough pw", handle: "a b" });
    expect(wrong.error?.issues[0]).toMatchObject({ path: ["handle"], message: HANDLE_MESSAGES.characters });
  });
});

describe("handles suggested from names", () => {
  it("derives a valid handle from any name", () => {
    expect(suggestHandle("Ada Lovelace")).toBe("ada_lovelace");
    expect(suggestHandle("  Zoë O'Brien-Smith ")).toBe("zoe_o_brien_smith");
    expect(suggestHandle("李雷")).toBe("member");
    expect(suggestHandle("Al")).toBe("al_member");
    expect(suggestHandle("1984")).toBe("u1984");
    const long = suggestHandle("Maximilian Alexander Featherstonehaugh-Cholmondeley");
    expect(long.length).toBeLessThanOrEqual(30);
    for (const name of ["Ada Lovelace", "  Zoë O'Brien-Smith ", "李雷", "Al", "1984", "___", "A" + "b".repeat(40) + " c"]) {
      const h = suggestHandle(name);
      expect(handleProblem(h) === null || handleProblem(h) === HANDLE_MESSAGES.reserved(h)).toBe(true);
    }
  });

  it("numbers a taken or reserved handle, staying within 30 characters", () => {
    const taken = new Set(["ada_lovelace", "ada_lovelace2"]);
    expect(firstFreeHandle("ada_lovelace", (h) => taken.has(h))).toBe("ada_lovelace3");
    expect(firstFreeHandle("admin", () => false)).toBe("admin2");
    expect(numberedHandle("x".repeat(30), 12)).toBe(`${"x".repeat(28)}12`);
    expect(numberedHandle("abc_", 2)).toBe("abc2");
  });
});
