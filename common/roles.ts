/**
 * THE list of coalition roles. Everything that names roles (the permission table's columns,
 * the database column type, form schemas, search policy, sort orders, labels, the roles open
 * joining may grant) derives from this constant (their names in each language: roles.* in
 * app/locales, through app/lib/i18n/vocabulary.ts), so adding a role here makes the compiler
 * point at each place that must decide something about it.
 *
 * Order is the ladder, lowest first: each role holds every right of the roles before it.
 */
export const ROLE_INFO = {
  observer: { openJoin: true },
  member: { openJoin: true },
  coordinator: { openJoin: false },
} as const satisfies Record<string, { openJoin: boolean }>;

export type CoalitionRole = keyof typeof ROLE_INFO;

/** The roles, lowest first (the ladder). */
export const ROLES_ASCENDING = Object.keys(ROLE_INFO) as [CoalitionRole, ...CoalitionRole[]];

/** The roles, highest first: how lists and forms show them. */
export const COALITION_ROLES = [...ROLES_ASCENDING].reverse() as [CoalitionRole, ...CoalitionRole[]];

/** A role's place on the ladder: higher holds more rights. */
export const ROLE_RANK = Object.fromEntries(ROLES_ASCENDING.map((role, i) => [role, i])) as Record<CoalitionRole, number>;

/** The roles open joining may grant. */
export type OpenRole = { [R in CoalitionRole]: (typeof ROLE_INFO)[R]["openJoin"] extends true ? R : never }[CoalitionRole];
export const OPEN_ROLES = COALITION_ROLES.filter((r): r is OpenRole => ROLE_INFO[r].openJoin) as [OpenRole, ...OpenRole[]];

/** The higher of two roles. */
export function higherRole(a: CoalitionRole, b: CoalitionRole): CoalitionRole {
  return ROLE_RANK[a] >= ROLE_RANK[b] ? a : b;
}

/** Whether a role name is a coalition role. */
export function isCoalitionRole(value: unknown): value is CoalitionRole {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(ROLE_INFO, value);
}
