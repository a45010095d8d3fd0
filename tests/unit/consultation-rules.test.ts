import { describe, expect, it } from "vitest";
import { decide } from "../../app/lib/policy";
import { isClosed, isNewAccount, NEW_ACCOUNT_DAYS } from "../../app/lib/consultation-rules";
import { csvCell } from "../../app/models/consultation-disposition.server";
import { numberBlocks } from "../../app/models/consultation-blocks.server";
import { yDocFromJson, yDocToNode } from "../../app/models/document-render.server";

// Issue 26: the consultation's rules that need no database.

const open = { visibility: "public" as const };

describe("consultation policy", () => {
  it("lets anyone signed in comment on a public coalition's open consultation, refuses a closed one (409)", () => {
    expect(decide({ userId: "u", roles: ["user"] }, "consultation:comment", { coalition: open, consultation: { closed: false } }).ok).toBe(true);
    expect(decide({ userId: "u", roles: ["user"] }, "consultation:comment", { coalition: open, consultation: { closed: true } })).toMatchObject({ ok: false, status: 409 });
    expect(decide({ userId: null, roles: ["anonymous"] }, "consultation:comment", { coalition: open, consultation: { closed: false } })).toMatchObject({ ok: false, status: 403 });
    expect(decide({ userId: "u", roles: ["user"] }, "consultation:comment", { coalition: { visibility: "private" }, consultation: { closed: false } })).toMatchObject({ ok: false, status: 404 });
    expect(decide({ userId: "u", roles: ["coordinator"] }, "consultation:manage", { coalition: open, version: { withdrawn: true } })).toMatchObject({ ok: false, status: 409 });
    expect(decide({ userId: "u", roles: ["member"] }, "consultation:manage", { coalition: open })).toMatchObject({ ok: false, status: 403 });
  });
});

describe("consultation rules", () => {
  it("closes at the date or when closed explicitly", () => {
    const at = new Date("2026-12-07T12:00:00Z");
    expect(isClosed({ closes_at: "2026-12-07T12:00:01Z", closed_at: null }, at)).toBe(false);
    expect(isClosed({ closes_at: "2026-12-07T12:00:00Z", closed_at: null }, at)).toBe(true);
    expect(isClosed({ closes_at: "2027-01-01T00:00:00Z", closed_at: "2026-12-01T00:00:00Z" }, at)).toBe(true);
  });

  it("calls an account new for its first days", () => {
    const at = new Date("2026-12-07T12:00:00Z");
    expect(isNewAccount(new Date(at.getTime() - (NEW_ACCOUNT_DAYS * 86_400_000 - 1000)).toISOString(), at)).toBe(true);
    expect(isNewAccount(new Date(at.getTime() - NEW_ACCOUNT_DAYS * 86_400_000).toISOString(), at)).toBe(false);
  });

  it("quotes CSV cells and defuses formulas", () => {
    expect(csvCell("plain")).toBe('"plain"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    for (const f of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) expect(csvCell(f)).toBe(`"'${f.replace(/"/g, '""')}"`);
  });

  it("numbers quotes' paragraphs, table rows and code, and the same content always the same way", () => {
    const json = {
      type: "doc",
      content: [
        { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "Quoted" }] }] },
        { type: "horizontalRule" },
        { type: "codeBlock", content: [{ type: "text", text: "code()" }] },
        { type: "orderedList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "First" }] }] }] },
      ],
    };
    const render = () => {
      const doc = yDocFromJson(json);
      const blocks = numberBlocks(yDocToNode(doc));
      doc.destroy();
      return blocks;
    };
    const blocks = render();
    expect(blocks.map((b) => [b.number, b.kind, b.text])).toEqual([[1, "paragraph", "Quoted"], [2, "code", "code()"], [3, "item", "First"]]);
    expect(render()).toEqual(blocks);
  });
});
