import { describe, expect, it } from "vitest";
import { ACTIONS, type Action, type PrincipalRole } from "../../app/lib/permissions";
import { decide, documentRights, lastCoordinatorMessage, lockedPostMessage, lockedThreadMessage, threadNotFoundMessage, type Target } from "../../app/lib/policy";
import { expected, ROLES } from "../helpers/permission-expectations";

// decide(): every principal role × every action × every coalition state × every object state.
// The role expectations come from the hand-written matrix (tests/helpers/permission-expectations.ts);
// the object rules below are written out by hand too, from the product's rules, not read from policy.ts.

const ME = "user-me";
const OTHER = "user-other";

/** The object states a rule can depend on (the coalition's own state is crossed with each). */
const OBJECTS: Record<string, Omit<Target, "coalition">> = {
  "no object": {},
  "a live document": { document: { archived: false } },
  "an archived document": { document: { archived: true } },
  "an open thread": { thread: { locked: false, audience: "public" } },
  "a locked thread": { thread: { locked: true, audience: "public" } },
  "one's own post": { thread: { locked: false, audience: "public" }, post: { authorId: ME, deleted: false } },
  "someone else's post": { thread: { locked: false, audience: "public" }, post: { authorId: OTHER, deleted: false } },
  "one's own deleted post": { thread: { locked: false, audience: "public" }, post: { authorId: ME, deleted: true } },
  "one's own post in a locked thread": { thread: { locked: true, audience: "public" }, post: { authorId: ME, deleted: false } },
  "an authorless post (deleted account)": { thread: { locked: false, audience: "public" }, post: { authorId: null, deleted: false } },
  "an open members-only thread": { thread: { locked: false, audience: "members" } },
  "a locked members-only thread": { thread: { locked: true, audience: "members" } },
  "one's own post in a members-only thread": { thread: { locked: false, audience: "members" }, post: { authorId: ME, deleted: false } },
  "one's own comment": { document: { archived: false }, comment: { authorId: ME } },
  "someone else's comment": { document: { archived: false }, comment: { authorId: OTHER } },
  "a published version": { version: { withdrawn: false } },
  "a withdrawn version": { version: { withdrawn: true } },
  "an open consultation": { consultation: { closed: false } },
  "a closed consultation": { consultation: { closed: true } },
  "a coordinator stepping down, others remain": { membership: { role: "coordinator", next: "member", coordinators: 2 } },
  "the last coordinator stepping down": { membership: { role: "coordinator", next: "member", coordinators: 1 } },
  "the last coordinator leaving": { membership: { role: "coordinator", next: null, coordinators: 1 } },
  "the last coordinator staying coordinator": { membership: { role: "coordinator", next: "coordinator", coordinators: 1 } },
  "a member leaving": { membership: { role: "member", next: null, coordinators: 1 } },
};

/** When the role may take the action, what the object's state turns it into (absent: allowed). */
const OBJECT_REFUSALS: Record<keyof typeof OBJECTS, Partial<Record<Action | "*", number>>> = {
  "no object": {},
  "a live document": {},
  "an archived document": { "document:edit": 400, "version:publish": 400, "version:restore": 409, "comment:create": 409, "comment:edit": 409 },
  "one's own comment": {},
  "someone else's comment": { "comment:edit": 403, "comment:delete": 403 },
  "a published version": {},
  "a withdrawn version": { "version:withdraw": 409, "translation:start": 409, "endorsement:create": 409, "consultation:manage": 409, "decision:open": 409 },
  "an open consultation": {},
  "a closed consultation": { "consultation:comment": 409 },
  "an open thread": {},
  "a locked thread": { "post:create": 409, "post:edit": 409, "post:delete": 409 },
  "one's own post": {},
  "someone else's post": { "post:edit": 403, "post:delete": 403 },
  "one's own deleted post": { "post:edit": 409 },
  "one's own post in a locked thread": { "post:create": 409, "post:edit": 409, "post:delete": 409 },
  "an authorless post (deleted account)": { "post:edit": 403, "post:delete": 403 },
  "an open members-only thread": {},
  "a locked members-only thread": { "post:create": 409, "post:edit": 409, "post:delete": 409 },
  "one's own post in a members-only thread": {},
  "a coordinator stepping down, others remain": {},
  "the last coordinator stepping down": { "*": 409 },
  "the last coordinator leaving": { "*": 409 },
  "the last coordinator staying coordinator": {},
  "a member leaving": {},
};

/** Actions that are not about a coalition: a coalition the actor cannot see does not hide them. */
const SITE_ACTIONS: readonly Action[] = ["site:admin", "coalition:create", "metrics:read"];

/** A members-only thread reaches observers, members, coordinators and site administrators, in any coalition. */
const MEMBERS_ONLY_OBJECTS: ReadonlyArray<keyof typeof OBJECTS> = ["an open members-only thread", "a locked members-only thread", "one's own post in a members-only thread"];
const OUTSIDE_THE_AUDIENCE: readonly PrincipalRole[] = ["anonymous", "user"];

function wanted(role: PrincipalRole, action: Action, visibility: "public" | "private", archived: boolean, object: keyof typeof OBJECTS): number {
  if (!SITE_ACTIONS.includes(action) && !expected("coalition:view", role, visibility, archived)) return 404;
  // Everything about a members-only thread is "not found" outside its audience, even a public coalition's.
  if (MEMBERS_ONLY_OBJECTS.includes(object) && OUTSIDE_THE_AUDIENCE.includes(role)) return 404;
  if (!expected(action, role, visibility, archived)) return 403;
  // Coordinators delete anyone's comment (issue 23).
  if (object === "someone else's comment" && action === "comment:delete" && expected("comment:moderate", role, visibility, archived)) return 200;
  const rules = OBJECT_REFUSALS[object];
  return rules[action] ?? rules["*"] ?? 200;
}

describe("decide(): role × action × coalition state × object state", () => {
  it("knows every object state it is tested with", () => {
    expect(Object.keys(OBJECT_REFUSALS).sort()).toEqual(Object.keys(OBJECTS).sort());
  });

  for (const role of ROLES) {
    for (const object of Object.keys(OBJECTS)) {
      it(`${role}, ${object}`, () => {
        const actor = { userId: role === "anonymous" ? null : ME, roles: [role] };
        const actual: Record<string, number> = {};
        const want: Record<string, number> = {};
        for (const visibility of ["public", "private"] as const) {
          for (const archived of [false, true]) {
            for (const action of ACTIONS) {
              const key = `${action} in a ${visibility}${archived ? " archived" : ""} coalition`;
              const decision = decide(actor, action, { ...OBJECTS[object], coalition: { visibility, archived } });
              actual[key] = decision.ok ? 200 : decision.status;
              want[key] = wanted(role, action, visibility, archived, object);
            }
          }
        }
        expect(actual).toEqual(want);
      });
    }
  }
});

describe("decide(): what a refusal says", () => {
  const coordinator = { userId: ME, roles: ["coordinator"] as PrincipalRole[] };
  const open = { visibility: "public" as const };

  it("names the reason and, for forms, the field", () => {
    expect(decide(coordinator, "document:edit", { coalition: open, document: { archived: true } })).toEqual({
      ok: false, status: 400, message: "Restore the document before renaming it.", field: "title",
    });
    expect(decide(coordinator, "post:create", { coalition: open, thread: { locked: true, audience: "public" } })).toEqual({ ok: false, status: 409, message: lockedThreadMessage() });
    const ownInLocked = { coalition: open, thread: { locked: true, audience: "public" as const }, post: { authorId: ME, deleted: false } };
    expect(decide(coordinator, "post:edit", ownInLocked)).toEqual({ ok: false, status: 409, message: lockedPostMessage() });
    expect(decide(coordinator, "post:delete", ownInLocked)).toEqual({ ok: false, status: 409, message: lockedPostMessage() });
    expect(decide(coordinator, "member:leave", { coalition: open, membership: { role: "coordinator", next: null, coordinators: 1 } })).toEqual({ ok: false, status: 409, message: lastCoordinatorMessage() });
    expect(decide(coordinator, "post:edit", { coalition: open, post: { authorId: OTHER, deleted: false } })).toMatchObject({ status: 403, message: "Only the author can edit a post." });
    expect(decide({ userId: ME, roles: ["user"] }, "coalition:view", { coalition: { visibility: "private" } })).toMatchObject({ status: 404 });
    expect(decide(coordinator, "coalition:edit", { coalition: { visibility: "public", archived: true } })).toMatchObject({ status: 403, message: expect.stringContaining("archived") });
  });

  it("refuses to translate a withdrawn version, saying why", () => {
    const member = { userId: ME, roles: ["member"] as PrincipalRole[] };
    expect(decide(member, "translation:start", { coalition: open, version: { withdrawn: true } })).toEqual({
      ok: false, status: 409, message: "This version is withdrawn: translate a version that is not withdrawn.",
    });
    expect(decide(member, "translation:start", { coalition: open, version: { withdrawn: false } }).ok).toBe(true);
    expect(decide({ userId: ME, roles: ["observer"] }, "translation:start", { coalition: open, version: { withdrawn: false } })).toMatchObject({ status: 403 });
  });

  it("hides a members-only thread of a public coalition from visitors and non-members", () => {
    const members = { locked: false, audience: "members" as const };
    expect(decide({ userId: null, roles: ["anonymous"] }, "thread:read", { coalition: open, thread: members })).toEqual({ ok: false, status: 404, message: threadNotFoundMessage() });
    expect(decide({ userId: ME, roles: ["user"] }, "thread:read", { coalition: open, thread: members })).toMatchObject({ status: 404 });
    expect(decide({ userId: ME, roles: ["observer"] }, "thread:read", { coalition: open, thread: members }).ok).toBe(true);
    expect(decide({ userId: ME, roles: ["user", "admin"] }, "thread:read", { coalition: open, thread: members }).ok).toBe(true);
    expect(decide({ userId: null, roles: ["anonymous"] }, "thread:read", { coalition: open, thread: { ...members, audience: "public" } }).ok).toBe(true);
  });

  it("defaults to a private coalition when none is given (fail closed)", () => {
    expect(decide({ userId: null, roles: ["anonymous"] }, "thread:read").ok).toBe(false);
    expect(decide({ userId: ME, roles: ["user", "admin"] }, "site:admin").ok).toBe(true);
    expect(decide({ userId: ME, roles: ["coordinator"] }, "site:admin").ok).toBe(false);
  });
});

describe("documentRights (the editor and the websocket)", () => {
  const cases: Array<[PrincipalRole, "public" | "private", boolean, boolean, { visible: boolean; read: boolean; edit: boolean }]> = [
    // role, visibility, coalition archived, document archived, rights
    ["member", "private", false, false, { visible: true, read: true, edit: true }],
    ["member", "private", false, true, { visible: true, read: true, edit: false }],
    ["member", "private", true, false, { visible: true, read: true, edit: false }],
    ["coordinator", "public", false, true, { visible: true, read: true, edit: false }],
    ["observer", "public", false, false, { visible: true, read: true, edit: false }],
    ["user", "public", false, false, { visible: true, read: false, edit: false }],
    ["user", "private", false, false, { visible: false, read: false, edit: false }],
    ["admin", "private", false, false, { visible: true, read: false, edit: false }],
  ];
  for (const [role, visibility, coalitionArchived, documentArchived, rights] of cases) {
    it(`${role}, ${visibility}${coalitionArchived ? " archived" : ""} coalition, ${documentArchived ? "archived" : "live"} document`, () => {
      expect(documentRights({ userId: ME, roles: [role] }, { visibility, archived: coalitionArchived }, { archived: documentArchived })).toEqual(rights);
    });
  }
});

describe("decide(): the coalition calendar (issue 25)", () => {
  const privateOne = { visibility: "private" as const };
  const publicOne = { visibility: "public" as const };

  it("a private coalition's meetings do not exist for outsiders; a public one's are readable by anyone", () => {
    expect(decide({ userId: null, roles: ["anonymous"] }, "event:read", { coalition: privateOne })).toMatchObject({ status: 404 });
    expect(decide({ userId: ME, roles: ["user"] }, "event:read", { coalition: privateOne })).toMatchObject({ status: 404 });
    expect(decide({ userId: ME, roles: ["observer"] }, "event:read", { coalition: privateOne }).ok).toBe(true);
    expect(decide({ userId: null, roles: ["anonymous"] }, "event:read", { coalition: publicOne }).ok).toBe(true);
  });

  it("only coordinators schedule and change meetings, and not in an archived coalition", () => {
    expect(decide({ userId: ME, roles: ["member"] }, "event:create", { coalition: publicOne })).toMatchObject({ status: 403 });
    expect(decide({ userId: ME, roles: ["user", "admin"] }, "event:edit", { coalition: publicOne })).toMatchObject({ status: 403 });
    expect(decide({ userId: ME, roles: ["coordinator"] }, "event:create", { coalition: privateOne }).ok).toBe(true);
    expect(decide({ userId: ME, roles: ["coordinator"] }, "event:edit", { coalition: { visibility: "public", archived: true } })).toMatchObject({ status: 403 });
    expect(decide({ userId: ME, roles: ["coordinator"] }, "event:read", { coalition: { visibility: "public", archived: true } }).ok).toBe(true);
  });
});
