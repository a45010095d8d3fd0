import { describe, expect, it } from "vitest";
import { abilities, ACTIONS, can, PRINCIPAL_ROLES, roleCan } from "../../app/lib/permissions";

import { EXPECTED, expected, ROLES } from "../helpers/permission-expectations";

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

  it("translations of outputs, spelled out (issue 21)", () => {
    // Members and coordinators start translations; observers, non-members, visitors and site administrators do not.
    for (const visibility of ["public", "private"] as const) {
      for (const role of ["member", "coordinator"] as const) expect(roleCan(role, "translation:start", visibility), `${role} ${visibility}`).toBe(true);
      for (const role of ["anonymous", "user", "observer", "admin"] as const) expect(roleCan(role, "translation:start", visibility), `${role} ${visibility}`).toBe(false);
      // Only coordinators say which language an output was adopted in.
      for (const role of ["anonymous", "user", "observer", "member", "admin"] as const) expect(roleCan(role, "translation:adopt-language", visibility), `${role} ${visibility}`).toBe(false);
      expect(roleCan("coordinator", "translation:adopt-language", visibility)).toBe(true);
    }
    // An archived coalition takes no new translations.
    expect(roleCan("member", "translation:start", { visibility: "public", archived: true })).toBe(false);
    expect(roleCan("coordinator", "translation:adopt-language", { visibility: "public", archived: true })).toBe(false);
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
