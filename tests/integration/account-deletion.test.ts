import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloseCode } from "../../app/lib/collab-protocol";
import { DELETION_GRACE_MS, runDeletion } from "../../app/models/account-deletion.server";
import { getDb } from "../../db/client";
import { userReferences } from "../../db/queries/account-deletion";
import { closed, cookieHeader, rawSocket } from "../helpers/collab";
import { addMember, createCoalition, createDocument, createUser, DEFAULT_PASSWORD, sessionCookieFor } from "../helpers/factories";
import { clientAs, TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { postIn, startThread } from "../helpers/threads";

// Issue 27: "Leave for good". Re-authentication, 14 days of grace cancelled by signing in, then
// the account:delete job anonymises the row: no name, email, handle, organisation, password or
// session remain, memberships end, posts stay as a former member's, and the audit log says only
// that an account was deleted.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const strip = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, "");
const userRow = (id: string) => getDb().selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const deleteJobs = (userId: string) =>
  getDb()
    .withTables<{ jobs: { kind: string; payload: string; run_at: string; state: string } }>()
    .selectFrom("jobs")
    .select(["payload", "run_at", "state"])
    .where("kind", "=", "account:delete")
    .where("payload", "like", `%${userId}%`)
    .execute();

async function personWithPosts(options: { role?: "member" | "coordinator"; coordinators?: number } = {}) {
  const coalition = await createCoalition({ visibility: "public", name: `Safety ${Math.random().toString(36).slice(2, 7)}` });
  const user = await createUser({ name: "Zoë Leaving", organization: "Leavers Org" });
  const peer = await createUser({ name: "Pat Staying" });
  await addMember(coalition.id, user.id, options.role ?? "member");
  await addMember(coalition.id, peer.id, options.coordinators === 2 ? "coordinator" : "member");
  const client = await clientAs(server.url, user.id);
  const threadId = await startThread(await clientAs(server.url, peer.id), coalition.slug, "Age checks", "What do we think of age checks?");
  expect((await postIn(client, coalition.slug, threadId, { body: "Zoë's view: age checks leak data." })).status).toBe(302);
  return { coalition, user, peer, client, threadId };
}

describe("leaving for good", () => {
  it("refuses a wrong password or a missing confirmation (400) and changes nothing", async () => {
    const { user, client } = await personWithPosts();
    const wrong = await client.post("/settings/security", { intent: "delete-account", password: "not my password", confirm: "on", erase_text: "on" });
    expect(wrong.status).toBe(400);
    const html = strip(await wrong.text());
    expect(html).toContain("That is not your password.");
    expect(html).toMatch(/name="erase_text"[^>]*checked/);
    const unconfirmed = await client.post("/settings/security", { intent: "delete-account", password: DEFAULT_PASSWORD });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("Tick the box to confirm");
    expect((await userRow(user.id)).deletion_due_at).toBeNull();
    expect(await deleteJobs(user.id)).toHaveLength(0);
    expect((await client.get("/settings/security")).status).toBe(200);
  });

  it("refuses the last coordinator of a coalition with a clear message until they hand over", async () => {
    const { coalition, user, client } = await personWithPosts({ role: "coordinator" });
    const page = strip(await (await client.get("/settings/security")).text());
    expect(page).toContain('data-testid="deletion-handover"');
    expect(page).toContain(coalition.name);
    const res = await client.post("/settings/security", { intent: "delete-account", password: DEFAULT_PASSWORD, confirm: "on" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(`You are the only coordinator of ${coalition.name}. Make someone else a coordinator first`);
    expect((await userRow(user.id)).deletion_due_at).toBeNull();

    // With a second coordinator the same request is accepted.
    const peer = await createUser();
    await addMember(coalition.id, peer.id, "coordinator");
    const ok = await client.post("/settings/security", { intent: "delete-account", password: DEFAULT_PASSWORD, confirm: "on" });
    expect(ok.status).toBe(302);
  });

  it("signs out everywhere at once (sockets close), and signing in during the grace period cancels the deletion with a notice", async () => {
    const { coalition, user, client } = await personWithPosts();
    const doc = await createDocument(coalition.id, user.id);
    const elsewhere = await sessionCookieFor(user.id);
    const socket = await rawSocket(server.url, doc.id, { origin: server.url, cookie: cookieHeader(elsewhere) });
    expect(socket.status).toBeNull();
    const socketClosed = closed(socket.ws!);

    const before = Date.now();
    const res = await client.post("/settings/security", { intent: "delete-account", password: DEFAULT_PASSWORD, confirm: "on" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?notice=deletion-scheduled");
    expect((await socketClosed).code).toBe(CloseCode.SESSION_ENDED);
    expect((await client.get("/settings/security")).status).toBe(302);
    const due = (await userRow(user.id)).deletion_due_at!;
    expect(Date.parse(due) - before).toBeGreaterThanOrEqual(DELETION_GRACE_MS);
    const [job] = await deleteJobs(user.id);
    expect(job.run_at).toBe(due);
    expect(strip(await (await new TestClient(server.url).get("/login?notice=deletion-scheduled")).text())).toContain("Your account will be deleted in 14 days");

    const back = new TestClient(server.url);
    const login = await back.login({ email: user.email, password: DEFAULT_PASSWORD });
    expect(login.headers.get("location")).toBe("/settings/security?notice=deletion-cancelled");
    expect(strip(await (await back.get("/settings/security?notice=deletion-cancelled")).text())).toContain("signing in has cancelled that");
    expect((await userRow(user.id)).deletion_due_at).toBeNull();

    // The job still runs at the old due time, and finds nothing to do.
    expect(await runDeletion(getDb(), JSON.parse(job.payload), new Date(Date.parse(due) + 1000))).toBe(false);
    const kept = await userRow(user.id);
    expect(kept.name).toBe("Zoë Leaving");
    expect(kept.deleted_at).toBeNull();
  });

  it("after the grace period the account is anonymised: it cannot sign in, its posts read 'former member', memberships end, the audit says only that an account was deleted", async () => {
    const { coalition, user, client, threadId } = await personWithPosts();
    const doc = await createDocument(coalition.id, user.id, { title: "Kept document" });
    const res = await client.post("/settings/security", { intent: "delete-account", password: DEFAULT_PASSWORD, confirm: "on" });
    expect(res.status).toBe(302);
    const [job] = await deleteJobs(user.id);
    const payload = JSON.parse(job.payload) as { userId: string; dueAt: string };
    // Not before it is due.
    expect(await runDeletion(getDb(), payload, new Date(Date.parse(payload.dueAt) - 60_000))).toBe(false);
    expect(await runDeletion(getDb(), payload, new Date(Date.parse(payload.dueAt)))).toBe(true);

    const row = await userRow(user.id);
    for (const value of [row.name, row.email, row.handle, row.organization ?? "", row.password_hash]) {
      expect(value).not.toContain("Zoë");
      expect(value).not.toContain(user.email);
      expect(value).not.toContain(user.handle);
      expect(value).not.toContain("Leavers");
    }
    expect(row.deleted_at).not.toBeNull();
    const count = (table: "sessions" | "memberships") => getDb().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(Number((await count("sessions")).n)).toBe(0);
    expect(Number((await count("memberships")).n)).toBe(0);
    // The document they created stays (its creator column now names an anonymous row).
    expect(await getDb().selectFrom("documents").select("id").where("id", "=", doc.id).executeTakeFirst()).toBeDefined();

    const failed = await new TestClient(server.url).post("/login", { email: user.email, password: DEFAULT_PASSWORD });
    expect(failed.status).toBe(400);

    const thread = strip(await (await new TestClient(server.url).get(`/coalitions/${coalition.slug}/threads/${threadId}`)).text());
    expect(thread).toContain("age checks leak data.");
    expect(thread).toContain("Former member");
    expect(thread).not.toContain("Zoë Leaving");

    const audit = await getDb().selectFrom("audit_events").selectAll().where("action", "=", "account.deleted").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: null, subject_user_id: null, subject_email: null, coalition_id: null, detail: null });
    const naming = await getDb()
      .selectFrom("audit_events")
      .select("id")
      .where((eb) => eb.or([eb("actor_id", "=", user.id), eb("subject_user_id", "=", user.id), eb("subject_email", "=", user.email)]))
      .execute();
    expect(naming).toHaveLength(0);
  });

  it("removes the posts' text too when the person asked for it", async () => {
    const { coalition, client, threadId, user } = await personWithPosts();
    expect((await client.post("/settings/security", { intent: "delete-account", password: DEFAULT_PASSWORD, confirm: "on", erase_text: "on" })).status).toBe(302);
    const [job] = await deleteJobs(user.id);
    const payload = JSON.parse(job.payload) as { userId: string; dueAt: string };
    expect(await runDeletion(getDb(), payload, new Date(payload.dueAt))).toBe(true);
    const thread = strip(await (await new TestClient(server.url).get(`/coalitions/${coalition.slug}/threads/${threadId}`)).text());
    expect(thread).not.toContain("age checks leak data");
    expect(thread).toContain("What do we think of age checks?");
  });

  it("finds the tables a DELETE would cascade to or null out in the database's own catalogue", async () => {
    const cascade = (await userReferences(getDb(), "CASCADE")).map((r) => `${r.table}.${r.column}`);
    const setNull = (await userReferences(getDb(), "SET NULL")).map((r) => `${r.table}.${r.column}`);
    expect(cascade).toEqual(expect.arrayContaining(["sessions.user_id", "memberships.user_id", "notifications.user_id", "data_exports.user_id"]));
    expect(setNull).toEqual(expect.arrayContaining(["posts.author_id", "threads.author_id", "audit_events.actor_id", "audit_events.subject_user_id"]));
  });
});
