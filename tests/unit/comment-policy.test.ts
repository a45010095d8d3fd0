import { describe, expect, it } from "vitest";
import { abilities, roleCan, type PrincipalRole } from "../../app/lib/permissions";
import { decide, documentRights } from "../../app/lib/policy";

// Who may comment on a draft (issue 23): every role × the coalition's "observers may comment" ×
// the comment's author, written out by hand. Commenting never grants writing to the document.

const ME = "me";
const OTHER = "other";
const ROLES: PrincipalRole[] = ["anonymous", "user", "observer", "member", "coordinator", "admin"];

// [role, setting] → may create (comment, reply, resolve), edit/delete own, delete another's
const TABLE: Array<[PrincipalRole, boolean, { create: boolean; own: boolean; others: boolean }]> = [
  ["anonymous", false, { create: false, own: false, others: false }],
  ["anonymous", true, { create: false, own: false, others: false }],
  ["user", false, { create: false, own: false, others: false }],
  ["user", true, { create: false, own: false, others: false }],
  ["observer", false, { create: false, own: false, others: false }],
  ["observer", true, { create: true, own: true, others: false }],
  ["member", false, { create: true, own: true, others: false }],
  ["member", true, { create: true, own: true, others: false }],
  ["coordinator", false, { create: true, own: true, others: true }],
  ["coordinator", true, { create: true, own: true, others: true }],
  ["admin", false, { create: false, own: false, others: false }],
  ["admin", true, { create: false, own: false, others: false }],
];

describe("comment permissions: role × coalition setting", () => {
  it("covers every role with the setting off and on", () => {
    expect(new Set(TABLE.map(([r, s]) => `${r}/${s}`)).size).toBe(ROLES.length * 2);
  });

  for (const [role, observersMayComment, want] of TABLE) {
    for (const visibility of ["public", "private"] as const) {
      it(`${role}, observers ${observersMayComment ? "may" : "may not"} comment, ${visibility} coalition`, () => {
        const actor = { userId: role === "anonymous" ? null : ME, roles: [role] };
        const coalition = { visibility, observersMayComment };
        const document = { archived: false };
        expect(decide(actor, "comment:create", { coalition, document }).ok).toBe(want.create);
        expect(decide(actor, "comment:edit", { coalition, document, comment: { authorId: ME } }).ok).toBe(want.own);
        expect(decide(actor, "comment:delete", { coalition, document, comment: { authorId: ME } }).ok).toBe(want.own);
        expect(decide(actor, "comment:edit", { coalition, document, comment: { authorId: OTHER } }).ok).toBe(false);
        expect(decide(actor, "comment:delete", { coalition, document, comment: { authorId: OTHER } }).ok).toBe(want.others);
        expect(abilities([role], coalition)["comment:create"]).toBe(want.create);
        // Commenting never brings the right to change the text.
        const rights = documentRights(actor, coalition, document);
        expect(rights.edit).toBe(roleCan(role, "document:edit", visibility));
        if (role === "observer") expect(rights.edit).toBe(false);
      });
    }
  }

  it("an archived document or coalition takes no new comments", () => {
    const member = { userId: ME, roles: ["member"] as PrincipalRole[] };
    expect(decide(member, "comment:create", { coalition: { visibility: "private" }, document: { archived: true } })).toMatchObject({ ok: false, status: 409 });
    expect(decide(member, "comment:create", { coalition: { visibility: "private", archived: true }, document: { archived: false } })).toMatchObject({ ok: false, status: 403 });
    const observer = { userId: ME, roles: ["observer"] as PrincipalRole[] };
    expect(decide(observer, "comment:create", { coalition: { visibility: "private", archived: true, observersMayComment: true } }).ok).toBe(false);
  });
});
