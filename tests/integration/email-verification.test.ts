import { Migrator } from "kysely";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, openDatabase } from "../../db/client";
import { enqueue } from "../../db/queries/jobs";
import { migrationProvider } from "../../db/migrations/index";
import { mayDeliver } from "../../app/models/mail/recipients.server";
import { addMember, createCoalition, createUser, DEFAULT_PASSWORD } from "../helpers/factories";
import { clientAs, TestClient } from "../helpers/http";
import { latestMailTo, verificationPathFor } from "../helpers/mail-links";
import { createTestPgDatabase } from "../helpers/pg";
import { startTestServer, type TestServer } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { startThread } from "../helpers/threads";

// Address verification (issue 22): sign-up answers the same for a taken address, mails a link
// (new address) or a notice (the owner); unverified addresses get no coalition mail; a change of
// address keeps the old one until the new one is confirmed. Mail goes over real SMTP.

let sink: SmtpSink;
let server: TestServer;
beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ SMTP_URL: sink.url, MAIL_DOMAIN: "lists.example.org", JOBS_POLL_INTERVAL_MS: "50" });
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

const userByEmail = (email: string) => getDb().selectFrom("users").selectAll().where("email", "=", email.toLowerCase()).executeTakeFirst();
const jobs = () => getDb().withTables<{ jobs: { id: number; kind: string; state: string; payload: string } }>();
const links = () => getDb().withTables<{ email_verifications: { token_hash: string; user_id: string; purpose: string; expires_at: string; used_at: string | null } }>();
/** The page without what differs between any two responses (the CSP nonce). */
const stable = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');
const tag = Math.random().toString(36).slice(2, 8);

describe("sign-up", () => {
  it("answers a taken address exactly as a new one, and mails the owner a notice instead of a link", async () => {
    const owner = await createUser({ name: "Owner Person" });
    const fresh = `fresh-${tag}@example.org`;
    const form = (email: string) => ({ name: "Someone New", email, password: "a fine passphrase 9", handle: "" });
    const a = new TestClient(server.url);
    const b = new TestClient(server.url);
    const toNew = await a.post("/signup", form(fresh));
    const toTaken = await b.post("/signup", form(owner.email.toUpperCase()));
    for (const res of [toNew, toTaken]) {
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/signup/check-inbox");
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect(await toTaken.text()).toBe(await toNew.text());
    expect([...toTaken.headers.keys()].sort()).toEqual([...toNew.headers.keys()].sort());
    const pageNew = await a.get("/signup/check-inbox");
    const pageTaken = await b.get("/signup/check-inbox");
    expect(pageNew.status).toBe(200);
    expect(pageTaken.status).toBe(200);
    const html = stable(await pageNew.text());
    expect(stable(await pageTaken.text())).toBe(html);
    expect(html).toContain("Check your inbox");
    expect(html).not.toContain("signed-in-as");

    // The new address gets its link; the owner a notice with a sign-in and a reset link, no link.
    await expect.poll(() => sink.to(fresh).length, { timeout: 20_000 }).toBe(1);
    expect(sink.to(fresh)[0].text).toMatch(/\/verify-email\/[A-Za-z0-9_-]{43}/);
    await expect.poll(() => sink.to(owner.email).length, { timeout: 20_000 }).toBe(1);
    const notice = sink.to(owner.email)[0];
    expect(notice.subject).toBe("Someone tried to create an account with your address");
    expect(notice.text).toContain("Hello Owner Person,");
    expect(notice.text).toMatch(/\/login\b/);
    expect(notice.text).toContain("/forgot-password");
    expect(notice.text).not.toContain("/verify-email/");
    // The owner's account is as it was.
    expect((await userByEmail(owner.email))?.name).toBe("Owner Person");
    expect(await getDb().selectFrom("users").select("id").where("email", "=", owner.email).execute()).toHaveLength(1);
  });

  it("creates the account unverified: no log-in until the link is followed; the link verifies, signs in and works once", async () => {
    const email = `verify-${tag}@example.org`;
    const client = new TestClient(server.url);
    await client.post("/signup", { name: "Vera Verified", email, password: "a fine passphrase 9", redirectTo: "/settings/profile" });
    expect((await userByEmail(email))?.email_verified_at).toBeNull();
    const login = await new TestClient(server.url).post("/login", { email, password: "a fine passphrase 9" });
    expect(login.status).toBe(400);
    expect(await login.text()).toContain("That email and password do not match an account.");

    const path = await verificationPathFor(email);
    const token = path.split("/")[2].split("?")[0];
    const stored = await links().selectFrom("email_verifications").selectAll().where("purpose", "=", "signup").execute();
    expect(stored.some((r) => r.token_hash.includes(token))).toBe(false); // only the hash is kept
    const page = await client.get(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(email);
    expect((await userByEmail(email))?.email_verified_at).toBeNull(); // opening the page changes nothing
    const confirmed = await client.post(path, {});
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("location")).toBe("/settings/profile");
    expect((await client.get("/settings/profile")).status).toBe(200);
    expect((await userByEmail(email))?.email_verified_at).not.toBeNull();
    expect((await new TestClient(server.url).post("/login", { email, password: "a fine passphrase 9" })).status).toBe(302);
    // Single use.
    expect((await new TestClient(server.url).post(path, {})).status).toBe(410);
    expect((await new TestClient(server.url).get(path)).status).toBe(410);
  });

  it("a second sign-up with an address never verified does not change what the first link sets up", async () => {
    const email = `twice-${tag}@example.org`;
    await new TestClient(server.url).post("/signup", { name: "First Try", email, password: "the first passphrase" });
    const first = await verificationPathFor(email);
    await new TestClient(server.url).post("/signup", { name: "Second Try", email, password: "the second passphrase" });
    const second = await verificationPathFor(email);
    expect(second).not.toBe(first);
    expect(await getDb().selectFrom("users").select("id").where("email", "=", email).execute()).toHaveLength(1);
    expect((await new TestClient(server.url).post(first, {})).status).toBe(302);
    expect((await userByEmail(email))?.name).toBe("First Try");
    expect((await new TestClient(server.url).post("/login", { email, password: "the first passphrase" })).status).toBe(302);
    expect((await new TestClient(server.url).post("/login", { email, password: "the second passphrase" })).status).toBe(400);
    expect((await new TestClient(server.url).post(second, {})).status).toBe(410); // the account is verified: the other link is void
  });

  it("refuses an expired link", async () => {
    const email = `late-${tag}@example.org`;
    await new TestClient(server.url).post("/signup", { name: "Late Person", email, password: "a fine passphrase 9" });
    const path = await verificationPathFor(email);
    const user = (await userByEmail(email))!;
    await links().updateTable("email_verifications").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where("user_id", "=", user.id).execute();
    const res = await new TestClient(server.url).post(path, {});
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("This link has expired or has already been used.");
    expect((await userByEmail(email))?.email_verified_at).toBeNull();
  });

  it("a password reset mailed to an unverified address verifies it", async () => {
    const user = await createUser({ unverified: true });
    await new TestClient(server.url).post("/forgot-password", { email: user.email });
    await expect.poll(() => sink.to(user.email).length, { timeout: 20_000 }).toBe(1); // account mail reaches it
    const path = new URL(/(http:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43})/.exec(sink.to(user.email)[0].text ?? "")![1]).pathname;
    expect((await new TestClient(server.url).post(path, { password: "a new passphrase 77", confirm_password: "a new passphrase 77" })).status).toBe(302);
    expect((await userByEmail(user.email))?.email_verified_at).not.toBeNull();
  });
});

describe("no coalition mail to an unverified address", () => {
  it("a new thread's mail goes to the verified member who wants it at once, not to the unverified one", async () => {
    const coalition = await createCoalition({ name: `Verified Only ${tag}` });
    const author = await createUser();
    const verified = await createUser({ name: "Verified Reader" });
    const unverified = await createUser({ name: "Unverified Reader", unverified: true });
    for (const u of [author, verified, unverified]) await addMember(coalition.id, u.id, "member");
    const at = new Date().toISOString();
    await getDb()
      .withTables<{ mail_preferences: { user_id: string; coalition_id: string; delivery: string; digest_day: number; updated_at: string } }>()
      .insertInto("mail_preferences")
      .values([verified, unverified].map((u) => ({ user_id: u.id, coalition_id: coalition.id, delivery: "immediate", digest_day: 1, updated_at: at })))
      .execute();
    const threadId = await startThread(await clientAs(server.url, author.id), coalition.slug, "For the verified", "Hello all.");
    await expect.poll(() => sink.to(verified.email).length, { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await jobs().selectFrom("jobs").select("state").where("kind", "=", "mail:thread-started").where("payload", "like", `%${threadId}%`).executeTakeFirst())?.state).toBe("done");
    const queued = (await jobs().selectFrom("jobs").select("payload").where("kind", "=", "mail:send").execute()).map((r) => JSON.parse(r.payload).to);
    expect(queued).not.toContain(unverified.email);
    expect(sink.to(unverified.email)).toHaveLength(0);
  });

  it("any mail:send to an unverified account's address is dropped at send, except account mail", async () => {
    const unverified = await createUser({ unverified: true });
    const verified = await createUser();
    expect(await mayDeliver(getDb(), { to: unverified.email })).toBe(false);
    expect(await mayDeliver(getDb(), { to: unverified.email.toUpperCase() })).toBe(false);
    expect(await mayDeliver(getDb(), { to: unverified.email, account: true })).toBe(true);
    expect(await mayDeliver(getDb(), { to: verified.email })).toBe(true);
    expect(await mayDeliver(getDb(), { to: `nobody-${tag}@example.org` })).toBe(true); // not an account: an invitation, an answer
    const mail = (subject: string, account?: boolean) => ({ to: unverified.email, subject, text: subject, html: `<p>${subject}</p>`, ...(account ? { account } : {}) });
    await enqueue(getDb(), "mail:send", mail("coalition news"), { key: `drop-${tag}` });
    await enqueue(getDb(), "mail:send", mail("your link", true), { key: `keep-${tag}` });
    await expect.poll(() => sink.to(unverified.email).map((m) => m.subject), { timeout: 20_000 }).toEqual(["your link"]);
    await expect.poll(async () => (await jobs().selectFrom("jobs").select("state").where("payload", "like", "%coalition news%").executeTakeFirst())?.state).toBe("done");
    expect(sink.to(unverified.email).map((m) => m.subject)).toEqual(["your link"]);
  });
});

describe("changing the address", () => {
  it("keeps the old address until the link mailed to the new one is followed; the banner offers to send it again", async () => {
    const user = await createUser({ name: "Mover" });
    const client = await clientAs(server.url, user.id);
    const next = `moved-${tag}@example.org`;
    const wrong = await client.post("/settings/profile", { intent: "email", new_email: next, current_password: "not my password" });
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain("No link was sent.");
    expect(wrongHtml).toContain(`value="${next}"`);
    expect(await latestMailTo(next)).toBeNull();
    const bad = await client.post("/settings/profile", { intent: "email", new_email: "not an address", current_password: DEFAULT_PASSWORD });
    expect(bad.status).toBe(400);

    const asked = await client.post("/settings/profile", { intent: "email", new_email: next, current_password: DEFAULT_PASSWORD });
    expect(asked.status).toBe(302);
    expect(asked.headers.get("location")).toBe("/settings/profile?saved=email");
    expect((await userByEmail(user.email))?.email_verified_at).not.toBeNull(); // still the account's address
    const home = await (await client.get("/")).text();
    expect(home).toContain('data-testid="verify-banner"');
    expect(home).toContain(`Confirm your new address \u2068${next}\u2069`);
    const first = await verificationPathFor(next);

    const resent = await client.post("/verify-email/resend", { redirectTo: "/" });
    expect(resent.status).toBe(302);
    const second = await verificationPathFor(next);
    expect(second).not.toBe(first);
    expect((await new TestClient(server.url).get(first)).status).toBe(410); // the earlier link stopped working

    const done = await new TestClient(server.url).post(second, {});
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/settings/profile?saved=emailChanged");
    expect(await userByEmail(user.email)).toBeUndefined();
    expect((await userByEmail(next))?.id).toBe(user.id);
    expect(await (await client.get("/")).text()).not.toContain('data-testid="verify-banner"');
  });

  it("answers the same for an address another account has, and mails it nothing", async () => {
    const user = await createUser();
    const other = await createUser();
    const client = await clientAs(server.url, user.id);
    const res = await client.post("/settings/profile", { intent: "email", new_email: other.email, current_password: DEFAULT_PASSWORD });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/settings/profile?saved=email");
    expect(await latestMailTo(other.email)).toBeNull();
    expect((await userByEmail(user.email))?.id).toBe(user.id);
  });
});

describe("migration 0027", () => {
  it("counts every existing account as verified", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cw-verify-"));
    const pgDb = process.env.TEST_PG_URL ? await createTestPgDatabase(process.env.TEST_PG_URL) : null;
    const handle = openDatabase(pgDb?.url ?? `file:${join(dir, "m.db")}`);
    try {
      const migrator = new Migrator({ db: handle.db, provider: migrationProvider, allowUnorderedMigrations: true });
      expect((await migrator.migrateTo("0023-inbound-mail")).error).toBeUndefined();
      const t = "2025-01-02T03:04:05.000Z";
      await (handle.db as any).insertInto("users").values({ id: "u1", email: "old@example.org", name: "Old", handle: "old_one", organization: null, stakeholder_group: null, region: null, password_hash: "x", is_site_admin: 0, created_at: t, updated_at: t }).execute();
      expect((await migrator.migrateTo("0027-email-verification")).error).toBeUndefined();
      const row = await handle.db.selectFrom("users").select(["email_verified_at"]).where("id", "=", "u1").executeTakeFirstOrThrow();
      expect(row.email_verified_at).toBe(t);
    } finally {
      await handle.db.destroy();
      await pgDb?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
