import { describe, expect, it } from "vitest";
import { abilities, ACTIONS, can, COALITION_ROLES, isCoalitionRole, principalRoles, roleCan, type Action } from "../../app/lib/permissions";

// The role × action table's promises, as the foundation relies on them.

describe("principalRoles", () => {
  it("names the viewer's roles", () => {
    expect(principalRoles({ signedIn: false, isSiteAdmin: true, membershipRole: "coordinator" })).toEqual(["anonymous"]);
    expect(principalRoles({ signedIn: true })).toEqual(["user"]);
    expect(principalRoles({ signedIn: true, membershipRole: "observer" })).toEqual(["observer"]);
    expect(principalRoles({ signedIn: true, isSiteAdmin: true })).toEqual(["user", "admin"]);
    expect(principalRoles({ signedIn: true, isSiteAdmin: true, membershipRole: "member" })).toEqual(["member", "admin"]);
  });
});

describe("visibility", () => {
  it("lets everyone see a public coalition and only members and administrators a private one", () => {
    for (const role of ["anonymous", "user", "observer", "member", "coordinator", "admin"] as const) {
      expect(roleCan(role, "coalition:view", "public"), role).toBe(true);
    }
    expect(roleCan("anonymous", "coalition:view", "private")).toBe(false);
    expect(roleCan("user", "coalition:view", "private")).toBe(false);
    expect(roleCan("user", "member:list", "private")).toBe(false);
    for (const role of ["observer", "member", "coordinator", "admin"] as const) expect(roleCan(role, "coalition:view", "private"), role).toBe(true);
  });

  it("defaults to private when the coalition's state is not given (fail closed)", () => {
    expect(can(["anonymous"], "coalition:view")).toBe(false);
  });
});

describe("coalition administration", () => {
  it("keeps creating and archiving for site administrators, and editing for coordinators and administrators", () => {
    for (const role of ["anonymous", "user", "observer", "member", "coordinator"] as const) {
      expect(roleCan(role, "coalition:create", "public"), role).toBe(false);
      expect(roleCan(role, "coalition:archive", "public"), role).toBe(false);
    }
    expect(roleCan("admin", "coalition:create", "public")).toBe(true);
    expect(roleCan("admin", "coalition:archive", "private")).toBe(true);
    expect(roleCan("coordinator", "coalition:edit", "private")).toBe(true);
    expect(roleCan("admin", "coalition:edit", "private")).toBe(true);
    expect(roleCan("member", "coalition:edit", "public")).toBe(false);
    expect(roleCan("observer", "coalition:edit", "public")).toBe(false);
  });

  it("allows any of a principal's roles: a member who is also administrator can archive", () => {
    expect(can(["member"], "coalition:archive", "public")).toBe(false);
    expect(can(["member", "admin"], "coalition:archive", "public")).toBe(true);
    expect(can([], "coalition:view", "public")).toBe(false);
  });
});

describe("archived coalitions", () => {
  const archived = { visibility: "public" as const, archived: true };

  it("stay readable but refuse every change except (un)archiving", () => {
    expect(roleCan("anonymous", "coalition:view", archived)).toBe(true);
    expect(roleCan("observer", "document:read", archived)).toBe(true);
    for (const action of ["coalition:edit", "member:manage", "document:edit", "document:create", "post:create", "version:publish"] as const) {
      expect(roleCan("coordinator", action, archived), action).toBe(false);
      expect(roleCan("admin", action, archived), action).toBe(false);
    }
    expect(roleCan("user", "member:join", archived)).toBe(false);
    expect(roleCan("admin", "coalition:archive", archived)).toBe(true);
  });

  it("never allow more than the same coalition unarchived", () => {
    for (const role of ["anonymous", "user", "observer", "member", "coordinator", "admin"] as const) {
      for (const action of ACTIONS) {
        if (roleCan(role, action, archived)) expect(roleCan(role, action, "public"), `${role} ${action}`).toBe(true);
      }
    }
  });
});

describe("the membership ladder", () => {
  it("gives a coordinator everything a member may do, and a member everything an observer may do", () => {
    for (const state of ["public", "private"] as const) {
      for (const action of ACTIONS) {
        if (roleCan("observer", action, state)) expect(roleCan("member", action, state), `${action} ${state}`).toBe(true);
        if (roleCan("member", action, state)) expect(roleCan("coordinator", action, state), `${action} ${state}`).toBe(true);
      }
    }
  });

  it("keeps observers read-only and anonymous visitors from changing anything", () => {
    const writes: Action[] = ["document:create", "document:edit", "thread:create", "post:create", "member:manage", "version:publish"];
    for (const action of writes) {
      expect(roleCan("observer", action, "public"), action).toBe(false);
      expect(roleCan("anonymous", action, "public"), action).toBe(false);
      expect(roleCan("user", action, "public"), action).toBe(false);
    }
    expect(roleCan("member", "document:edit", "public")).toBe(true);
  });
});

describe("abilities", () => {
  it("answers every action, exactly as can() does", () => {
    const map = abilities(["member"], "private");
    expect(Object.keys(map).sort()).toEqual([...ACTIONS].sort());
    for (const action of ACTIONS) expect(map[action]).toBe(can(["member"], action, "private"));
  });
});

describe("isCoalitionRole", () => {
  it("recognises only the three coalition roles", () => {
    for (const role of COALITION_ROLES) expect(isCoalitionRole(role)).toBe(true);
    for (const value of ["admin", "anonymous", "user", "", null, 1, "Coordinator"]) expect(isCoalitionRole(value)).toBe(false);
  });
});
