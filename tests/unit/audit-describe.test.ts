import { describe as group, expect, it } from "vitest";
import { AUDIT_ACTIONS, isAuditAction } from "../../common/audit-actions";
import { describe } from "../../app/models/audit.server";

group("the audit log's sentences", () => {
  it("has its own sentence for every audited action", () => {
    for (const action of AUDIT_ACTIONS) {
      const text = describe(action, "Ana", "Ben", { role: "member", from: "observer", to: "member", title: "Agenda", postNumber: 3 });
      expect(text, action).not.toContain(action);
      // A deleted account's row names no one, by design (issue 27): its sentence must not either.
      if (action === "account.deleted") expect(text, action).not.toMatch(/Ana|Ben/);
      else expect(text, action).toMatch(/Ana|Ben/);
    }
  });

  it("spells out a few as the coordinators read them", () => {
    expect(describe("member.role_changed", "Ana", "Ben", { from: "observer", to: "member" })).toBe("Ana changed Ben's role from observer to member");
    expect(describe("post.hidden", "Ana", "someone", { postNumber: 3, title: "Agenda" })).toBe("Ana hid post #3 in “Agenda”");
    expect(describe("coalition.unarchived", "Ana", "someone", {})).toBe("Ana brought the coalition back from the archive");
    expect(describe("translation.started", "Ana", "someone", { language: "fr", number: 2, title: "Charter" })).toBe("Ana started a translation into French of version 2 of “Charter”");
    expect(describe("output.language_adopted", "Ana", "someone", { language: "es", title: "Charter" })).toBe("Ana recorded that “Charter” was adopted in Spanish");
  });

  it("still reads a row whose action is no longer listed", () => {
    expect(isAuditAction("document.frobbed")).toBe(false);
    expect(describe("document.frobbed", "Ana", "Ben", {})).toBe("Ana: document.frobbed");
  });
});
