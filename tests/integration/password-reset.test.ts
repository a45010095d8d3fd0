import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { createUser, DEFAULT_PASSWORD } from "../helpers/factories";
import { clientAs, TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

// /forgot-password and /reset-password/:token, with the mail delivered over real SMTP.

let sink: SmtpSink;
let server: TestServer;
beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ SMTP_URL: sink.url, JOBS_POLL_INTERVAL_MS: "50" });
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

const resets = () => getDb().withTables<{ password_resets: { token_hash: string; user_id: string; expires_at: string; used_at: string | null } }>();
const NEW_PASSWORD = "a brand new passphrase 42";

async function linkFor(email: string, nth = 1): Promise<string> {
  await expect.poll(() => sink.to(email).length, { timeout: 20_000 }).toBe(nth);
  const text = sink.to(email)[nth - 1].text ?? "";
  return new URL(/(http:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43})/.exec(text)![1]).pathname;
}

describe("password reset", () => {
  it("answers the same for an unknown address and mails nothing; a known address gets a single-use link (only its hash stored)", async () => {
    const user = await createUser({ name: "Reset <Me>" });
    const anon = new TestClient(server.url);
    const unknown = await anon.post("/forgot-password", { email: "nobody-here@example.org" });
    const known = await anon.post("/forgot-password", { email: user.email.toUpperCase() });
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    const strip = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/nobody-here@example\.org|[^"]*@example\.org/gi, "");
    expect(strip(await unknown.text())).toContain("If an account uses this address");
    expect(strip(await known.text())).toContain("If an account uses this address");

    const path = await linkFor(user.email);
    const token = path.split("/").pop()!;
    const stored = await resets().selectFrom("password_resets").selectAll().where("user_id", "=", user.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toContain(token);
    expect(sink.to("nobody-here@example.org")).toHaveLength(0);
    const mail = sink.to(user.email)[0];
    expect(String(mail.html)).toContain("Hello Reset &lt;Me&gt;,");
    expect(Date.parse(stored[0].expires_at) - Date.now()).toBeLessThanOrEqual(3600_000);
  });

  it("sets a new password under sign-up's rules, ends every session, signs this browser in, and works once", async () => {
    const user = await createUser();
    const elsewhere = await clientAs(server.url, user.id);
    expect((await elsewhere.get("/settings/profile")).status).toBe(200);
    await new TestClient(server.url).post("/forgot-password", { email: user.email });
    const path = await linkFor(user.email);

    const browser = new TestClient(server.url);
    expect((await browser.get(path)).status).toBe(200);
    const short = await browser.post(path, { password: "short", confirm_password: "short" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("Use at least 8 characters.");
    const mismatch = await browser.post(path, { password: NEW_PASSWORD, confirm_password: `${NEW_PASSWORD}!` });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("The two passwords do not match.");

    const done = await browser.post(path, { password: NEW_PASSWORD, confirm_password: NEW_PASSWORD });
    expect(done.status).toBe(302);
    expect((await browser.get("/settings/profile")).status).toBe(200);
    expect((await elsewhere.get("/settings/profile")).status).toBe(302); // the old session ended
    expect(await getDb().selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toHaveLength(1);
    const audit = await getDb().selectFrom("audit_events").select(["action", "actor_id"]).where("subject_user_id", "=", user.id).execute();
    expect(audit).toEqual([{ action: "password.reset", actor_id: user.id }]);

    // The old password no longer works, the new one does.
    expect((await new TestClient(server.url).post("/login", { email: user.email, password: DEFAULT_PASSWORD })).status).toBe(400);
    expect((await new TestClient(server.url).post("/login", { email: user.email, password: NEW_PASSWORD })).status).toBe(302);
    // Single use.
    expect((await new TestClient(server.url).get(path)).status).toBe(410);
    expect((await new TestClient(server.url).post(path, { password: "another good passphrase", confirm_password: "another good passphrase" })).status).toBe(410);
  });

  it("refuses an expired link, a forged one, and an older link once a newer one was sent", async () => {
    const user = await createUser();
    const anon = new TestClient(server.url);
    await anon.post("/forgot-password", { email: user.email });
    const first = await linkFor(user.email, 1);
    await anon.post("/forgot-password", { email: user.email });
    const second = await linkFor(user.email, 2);
    expect((await anon.get(first)).status).toBe(410);
    expect((await anon.get(`/reset-password/${"A".repeat(43)}`)).status).toBe(410);
    await resets().updateTable("password_resets").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where("user_id", "=", user.id).execute();
    expect((await anon.post(second, { password: NEW_PASSWORD, confirm_password: NEW_PASSWORD })).status).toBe(410);
  });

  it("is throttled per address like log-in", async () => {
    const anon = new TestClient(server.url);
    const email = `throttle-${Date.now()}@example.org`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await anon.post("/forgot-password", { email })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[5]).toBe(429);
  });
});
