import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import type { CoalitionRole, JoinPolicy, Visibility } from "../../db/schema";
import { hashPassword } from "../../app/lib/password.server";
import { SESSION_COOKIE, startSession } from "../../app/models/auth.server";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export const DEFAULT_PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;

export interface TestUser {
  id: string;
  email: string;
  name: string;
  handle: string;
  password: string;
}

/** Inserts a user (with DEFAULT_PASSWORD unless given, its address verified unless `unverified`) straight into the database. */
export async function createUser(overrides: Partial<{ name: string; handle: string; email: string; password: string; isSiteAdmin: boolean; unverified: boolean; organization: string; stakeholder_group: string; region: string }> = {}): Promise<TestUser> {
  const id = newId();
  const email = (overrides.email ?? `user-${unique()}@example.org`).toLowerCase();
  const name = overrides.name ?? `Test User ${unique()}`;
  const handle = (overrides.handle ?? `user_${unique()}`).toLowerCase();
  const password = overrides.password ?? DEFAULT_PASSWORD;
  const hash = overrides.password ? await hashPassword(password) : await (passwordHash ??= hashPassword(DEFAULT_PASSWORD));
  const t = now();
  await getDb()
    .insertInto("users")
    .values({
      id,
      email,
      name,
      handle,
      organization: overrides.organization ?? null,
      stakeholder_group: (overrides.stakeholder_group as never) ?? null,
      region: (overrides.region as never) ?? null,
      password_hash: hash,
      is_site_admin: overrides.isSiteAdmin ? 1 : 0,
      email_verified_at: overrides.unverified ? null : t,
      created_at: t,
      updated_at: t,
    })
    .execute();
  return { id, email, name, handle, password };
}

/** A session for the user, as the value of the session cookie. */
export async function sessionCookieFor(userId: string): Promise<{ name: string; value: string }> {
  const header = await startSession(userId);
  const value = header.split(";")[0].split("=")[1];
  return { name: SESSION_COOKIE, value };
}

/** Inserts a coalition. */
export async function createCoalition(overrides: Partial<{ name: string; slug: string; visibility: Visibility; join_policy: JoinPolicy; open_roles: string[]; description: string }> = {}) {
  const id = newId();
  const slug = overrides.slug ?? `coalition-${unique()}`;
  const t = now();
  const row = {
    id,
    slug,
    name: overrides.name ?? `Coalition ${slug}`,
    description: overrides.description ?? "A coalition made by a test.",
    founders: "[]",
    visibility: overrides.visibility ?? "public",
    join_policy: overrides.join_policy ?? "approval",
    open_roles: JSON.stringify(overrides.open_roles ?? ["member", "observer"]),
    archived_at: null,
    created_at: t,
    updated_at: t,
  };
  await getDb().insertInto("coalitions").values(row).execute();
  return row;
}

/** Adds a user to a coalition in a role. */
export async function addMember(coalitionId: string, userId: string, role: CoalitionRole) {
  const t = now();
  await getDb().insertInto("memberships").values({ id: newId(), coalition_id: coalitionId, user_id: userId, role, created_at: t, updated_at: t }).execute();
}

/** Inserts a document (empty content) in a coalition. */
export async function createDocument(coalitionId: string, createdBy: string, overrides: Partial<{ title: string; archived_at: string | null }> = {}) {
  const t = now();
  const row = {
    id: newId(),
    coalition_id: coalitionId,
    title: overrides.title ?? `Document ${unique()}`,
    created_by: createdBy,
    created_at: t,
    updated_at: t,
    last_edited_by: null,
    last_edited_at: null,
    archived_at: overrides.archived_at ?? null,
    plain_text: "",
  };
  await getDb().insertInto("documents").values(row).execute();
  return row;
}
