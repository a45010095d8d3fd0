import type { Action, PrincipalRole } from "../../app/lib/permissions";

// The whole role × action policy, written out here by hand from the product description
// (docs/ARCHITECTURE.md "Who uses it" and "Who may do what"), NOT derived from
// app/lib/permissions.ts: a change to the table there must be made here too, on purpose.
//
//   Y = allowed, N = denied, P = allowed only when the coalition is public,
//   C = allowed only when the coalition lets observers comment (issue 23).
//   Columns: anonymous, user (signed in, not a member), observer, member, coordinator, admin.

export type Cell = "Y" | "N" | "P" | "C";
export const EXPECTED: Record<Action, [Cell, Cell, Cell, Cell, Cell, Cell]> = {
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
  "version:withdraw":              ["N", "N", "N", "N", "Y", "N"],
  "translation:start":             ["N", "N", "N", "Y", "Y", "N"], // members start translations of outputs (issue 21)
  "translation:adopt-language":    ["N", "N", "N", "N", "Y", "N"], // coordinators say which language an output was adopted in
  "endorsement:create":            ["N", "P", "Y", "Y", "Y", "Y"], // signed-in people who can see the version (issue 24)
  "endorsement:withdraw":          ["N", "P", "Y", "Y", "Y", "Y"], // one's own, at any time (archived coalitions too)
  "endorsement:verify":            ["N", "N", "N", "N", "Y", "N"], // coordinators verify organisation endorsements
  "consultation:read":             ["P", "P", "Y", "Y", "Y", "Y"], // a consultation follows the coalition's visibility (issue 26)
  "consultation:comment":          ["N", "P", "Y", "Y", "Y", "N"], // anyone signed in, member or not, in a public coalition
  "consultation:manage":           ["N", "N", "N", "N", "Y", "N"], // open, answer, hide, close
  "decision:open":                 ["N", "N", "N", "N", "Y", "N"], // coordinators open decisions on a version (issue 24)
  "decision:take-part":            ["N", "N", "Y", "Y", "Y", "N"], // observers only when the decision lets them (policy.ts)
  "decision:close":                ["N", "N", "N", "N", "Y", "N"],
  "thread:read":                   ["P", "P", "Y", "Y", "Y", "Y"],
  "thread:create":                 ["N", "N", "N", "Y", "Y", "N"],
  "post:create":                   ["N", "N", "N", "Y", "Y", "N"],
  "post:edit":                     ["N", "N", "N", "Y", "Y", "N"], // own posts only: tests/unit/policy.test.ts
  "post:delete":                   ["N", "N", "N", "Y", "Y", "N"],
  "thread:moderate":               ["N", "N", "N", "N", "Y", "N"],
  "event:read":                    ["P", "P", "Y", "Y", "Y", "Y"], // the calendar follows the coalition's visibility
  "event:create":                  ["N", "N", "N", "N", "Y", "N"], // coordinators schedule meetings
  "event:edit":                    ["N", "N", "N", "N", "Y", "N"], // … change them, add agenda/minutes, record attendance
  "report:draft":                  ["N", "N", "N", "N", "Y", "N"], // coordinators draft the annual report, mark session reports
  "compliance:record":             ["N", "N", "N", "N", "Y", "N"], // … and record coordination-group meetings attended
  "comment:create":                ["N", "N", "C", "Y", "Y", "N"], // observers only when the coalition allows it (issue 23)
  "comment:edit":                  ["N", "N", "C", "Y", "Y", "N"], // own comments only: tests/unit/policy.test.ts
  "comment:delete":                ["N", "N", "C", "Y", "Y", "N"], // own comments only…
  "comment:moderate":              ["N", "N", "N", "N", "Y", "N"], // … coordinators delete anyone's
  "metrics:read":                  ["N", "N", "N", "N", "N", "Y"],
  "site:admin":                    ["N", "N", "N", "N", "N", "Y"],
};

// In an archived coalition only reading, leaving and the administrator's (un)archiving remain.
export const STILL_ALLOWED_WHEN_ARCHIVED: readonly Action[] = [
  "coalition:view", "coalition:archive", "member:list", "member:view-email", "member:leave", "audit:read",
  "document:read", "version:read", "version:compare", "consultation:read", "thread:read", "event:read", "metrics:read", "site:admin",
  "endorsement:withdraw",
];

export const ROLES: readonly PrincipalRole[] = ["anonymous", "user", "observer", "member", "coordinator", "admin"];

export function expected(action: Action, role: PrincipalRole, visibility: "public" | "private", archived: boolean, observersMayComment = false): boolean {
  if (archived && !STILL_ALLOWED_WHEN_ARCHIVED.includes(action)) return false;
  const cell = EXPECTED[action][ROLES.indexOf(role)];
  return cell === "Y" || (cell === "P" && visibility === "public") || (cell === "C" && observersMayComment);
}

