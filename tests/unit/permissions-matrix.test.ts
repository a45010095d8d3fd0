import { describe, expect, it } from "vitest";
import { abilities, ACTIONS, can, PRINCIPAL_ROLES, roleCan, type Action, type PrincipalRole } from "../../app/lib/permissions";

// The whole role × action policy, written out here by hand from the product description
// (DESIGN.md "People and what they do", the membership issue), NOT derived from
// app/lib/permissions.ts: a change to the table there must be made here too, on purpose.
//
//   Y = allowed, N = denied, P = allowed only when the coalition is public.
//   Columns: anonymous, user (signed in, not a member), observer, member, coordinator, admin.

type Cell = "Y" | "N" | "P";
const EXPECTED: Record<Action, [Cell, Cell, Cell, Cell, Cell, Cell]> = {
  //                               anon user obs  mem  coord admin
  "coalition:view":                ["P", "P", "Y", "Y", "Y", "Y"],
  "coalition:create":              ["N", "N", "N", "N", "N", "Y"],
  "coalition:edit":                ["N", "N", "N", "N", "Y", "Y"],
  "coalition:archive":             ["N", "N", "N", "N", "N", "Y"],
  "coalition:appoint-coordinator": ["N", "N", "N", "N", "N", "Y"],
  "member:list":                   ["P", "P", "Y", "Y", "Y", "Y"],
  "member:view-email":             ["N", "N", "N", "N", "Y", "Y"],
  "member:join":                   ["N", "P", "N", "N", "N", "N"],
  "member:leave":                  ["N", "N", "Y", "Y", "Y", "N"],
  "member:manage":                 ["N", "N", "N", "N", "Y", "Y"],
  "audit:read":                    ["N", "N", "N", "N", "Y", "Y"],
  "document:read":                 ["N", "N", "Y", "Y", "Y", "N"],
  "document:create":               ["N", "N", "N", "Y", "Y", "N"],
  "document:edit":                 ["N", "N", "N", "Y", "Y", "N"],
  "document:archive":              ["N", "N", "N", "N", "Y", "N"],
  "version:read":                  ["P", "P", "Y", "Y", "Y", "Y"],
  "version:compare":               ["N", "N", "N", "Y", "Y", "N"],
  "version:publish":               ["N", "N", "N", "N", "Y", "N"],
  "version:restore":               ["N", "N", "N", "N", "Y", "N"],
  "thread:read":                   ["P", "P", "Y", "Y", "Y", "Y"],
  "thread:create":                 ["N", "N", "N", "Y", "Y", "N"],
  "post:create":                   ["N", "N", "N", "Y", "Y", "N"],
  "thread:moderate":               ["N", "N", "N", "N", "Y", "N"],
  "metrics:read":                  ["N", "N", "N", "N", "N", "Y"],
};

// In an archived coalition only reading, leaving and the administrator's (un)archiving remain.
const STILL_ALLOWED_WHEN_ARCHIVED: readonly Action[] = [
  "coalition:view", "coalition:archive", "member:list", "member:view-email", "member:leave", "audit:read",
  "document:read", "version:read", "version:compare", "thread:read", "metrics:read",
];

const ROLES: readonly PrincipalRole[] = ["anonymous", "user", "observer", "member", "coordinator", "admin"];

function expected(action: Action, role: PrincipalRole, visibility: "public" | "private", archived: boolean): boolean {
  if (archived && !STILL_ALLOWED_WHEN_ARCHIVED.includes(action)) return false;
  const cell = EXPECTED[action][ROLES.indexOf(role)];
  return cell === "Y" || (cell === "P" && visibility === "public");
}

describe("the permission matrix", () => {
  it("covers every action and every principal role the module defines", () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect([...PRINCIPAL_ROLES]).toEqual([...ROLES]);
  });

  for (const archived of [false, true]) {
    for (const visibility of ["public", "private"] as const) {
      describe(`${visibility}${archived ? ", archived" : ""} coalition`, () => {
        for (const role of ROLES) {
          it(`${role}: every action as written`, () => {
            const actual = Object.fromEntries(ACTIONS.map((a) => [a, roleCan(role, a, { visibility, archived })]));
            const wanted = Object.fromEntries(ACTIONS.map((a) => [a, expected(a, role, visibility, archived)]));
            expect(actual).toEqual(wanted);
            expect(abilities([role], { visibility, archived })).toEqual(wanted);
          });
        }
      });
    }
  }

  it("a site administrator who is also a member gets the union of both rows", () => {
    for (const visibility of ["public", "private"] as const) {
      for (const action of ACTIONS) {
        expect(can(["member", "admin"], action, visibility), `${action} ${visibility}`).toBe(
          expected(action, "member", visibility, false) || expected(action, "admin", visibility, false),
        );
      }
    }
  });

  it("membership essentials, spelled out", () => {
    // Observers and non-members never see emails; only coordinators and admins manage and read the audit log.
    for (const role of ["anonymous", "user", "observer", "member"] as const) {
      for (const action of ["member:view-email", "member:manage", "audit:read"] as const) expect(roleCan(role, action, "public"), `${role} ${action}`).toBe(false);
    }
    // Joining by request exists only for public coalitions; private ones are by invitation.
    expect(roleCan("user", "member:join", "public")).toBe(true);
    expect(roleCan("user", "member:join", "private")).toBe(false);
    // Archived coalitions take no new members and no management, but people can still leave.
    expect(roleCan("user", "member:join", { visibility: "public", archived: true })).toBe(false);
    expect(roleCan("coordinator", "member:manage", { visibility: "public", archived: true })).toBe(false);
    expect(roleCan("member", "member:leave", { visibility: "private", archived: true })).toBe(true);
  });
});
