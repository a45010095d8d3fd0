import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { verifyTotp } from "../../app/models/security/totp.server";
import { passkeyRegistrationOptions, registerPasskey } from "../../app/models/security/passkeys.server";
import { useRecoveryCode } from "../../app/models/security/recovery-codes.server";
import { CloseCode } from "../../app/lib/collab-protocol";
import { closed, cookieHeader, rawSocket } from "../helpers/collab";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor, type TestUser } from "../helpers/factories";
import { clientAs, TestClient } from "../helpers/http";
import { enableTotpOverHttp, totpCode } from "../helpers/second-factors";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 27: second factors through real HTTP (and the rules through the models): TOTP set up with a
// code and not replayable in its window, single-use recovery codes, the pending login that is not a
// session, throttling, re-authentication to switch a factor off, the administrator's requirement.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  await getDb().deleteFrom("login_failures").execute();
});

const auditActions = async (userId: string) =>
  (await getDb().selectFrom("audit_events").select("action").where("actor_id", "=", userId).orderBy("id").execute()).map((r) => r.action);

/** Password step through /login: the client now holds a pending login (not a session). */
async function passwordStep(user: TestUser): Promise<TestClient> {
  const client = new TestClient(server.url);
  const res = await client.post("/login", { email: user.email, password: user.password, redirectTo: "/settings/profile" });
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe("/login/second-factor?redirectTo=%2Fsettings%2Fprofile");
  expect(client.cookies.get("cw_session")).toBeUndefined();
  expect(client.cookies.get("cw_pending_login")).toBeTruthy();
  return client;
}

async function userWithTotp() {
  const user = await createUser();
  const { secret, recoveryCodes } = await enableTotpOverHttp(await clientAs(server.url, user));
  return { user, secret, recoveryCodes };
}

describe("TOTP", () => {
  it("is enabled only with a right code; the page shows a server-drawn QR code and the key, no remote image", async () => {
    const user = await createUser();
    const client = await clientAs(server.url, user);
    expect((await client.post("/settings/security", { intent: "totp-begin" })).status).toBe(302);
    const page = await (await client.get("/settings/security?setup=totp")).text();
    expect(page).toMatch(/<svg[^>]*data-testid="totp-qr"/);
    expect(page).not.toMatch(/<img[^>]+src="https?:/);
    const wrong = await client.post("/settings/security", { intent: "totp-enable", code: "000000" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("That code is not right");
    const row = await getDb().withTables<{ totp_secrets: { user_id: string; enabled_at: string | null; secret_enc: string } }>().selectFrom("totp_secrets").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.enabled_at).toBeNull();
    // Stored encrypted: the base32 key shown on the page is not in the row.
    const shown = /data-testid="totp-secret"[^>]*>([^<]+)</.exec(page)![1].replace(/\s+/g, "");
    expect(row.secret_enc).not.toContain(shown);
    expect((await client.post("/settings/security", { intent: "totp-enable", code: totpCode(shown) })).status).toBe(200);
    // Never shown again once enabled.
    expect(await (await client.get("/settings/security?setup=totp")).text()).not.toContain(shown);
    expect(await auditActions(user.id)).toEqual(["second_factor.added"]);
  });

  it("signs in after the password with a computed code; the same code is refused within its window", async () => {
    const { user, secret } = await userWithTotp();
    // The code of the step after the one used at setup (accepted: one step of drift), then replayed.
    const code = totpCode(secret, Date.now() + 30_000);
    const first = await passwordStep(user);
    const ok = await first.post("/login/second-factor", { method: "totp", code, redirectTo: "/settings/profile" });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/settings/profile");
    expect(first.cookies.get("cw_session")).toBeTruthy();
    expect(first.cookies.get("cw_pending_login")).toBeUndefined();
    expect((await first.get("/settings/security")).status).toBe(200);

    const replay = await passwordStep(user);
    const again = await replay.post("/login/second-factor", { method: "totp", code });
    expect(again.status).toBe(400);
    expect(replay.cookies.get("cw_session")).toBeUndefined();
  });

  it("the model accepts each time-step once and never an older one", async () => {
    const { user, secret } = await userWithTotp();
    const t0 = Date.now() + 60_000; // two steps past setup's
    expect(await verifyTotp(getDb(), user.id, totpCode(secret, t0), t0)).toBe(true);
    expect(await verifyTotp(getDb(), user.id, totpCode(secret, t0), t0)).toBe(false);
    expect(await verifyTotp(getDb(), user.id, totpCode(secret, t0), t0 + 25_000)).toBe(false);
    // The previous step's code is within the drift window but older than the last one used.
    expect(await verifyTotp(getDb(), user.id, totpCode(secret, t0 - 30_000), t0)).toBe(false);
    expect(await verifyTotp(getDb(), user.id, totpCode(secret, t0 + 30_000), t0 + 30_000)).toBe(true);
  });

  it("is switched off only with the password (audited); then the password alone signs in again", async () => {
    const { user } = await userWithTotp();
    const client = await clientAs(server.url, user);
    const wrong = await client.post("/settings/security", { intent: "totp-disable", password: "not my password" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("That password is not right.");
    const off = await client.post("/settings/security", { intent: "totp-disable", password: user.password });
    expect(off.status).toBe(302);
    expect(await auditActions(user.id)).toEqual(["second_factor.added", "second_factor.removed"]);
    const res = await new TestClient(server.url).post("/login", { email: user.email, password: user.password });
    expect(res.headers.get("location")).toBe("/");
  });
});

describe("recovery codes", () => {
  it("ten are shown once, hashes stored; each signs in once (audited), and regenerating voids the old ones", async () => {
    const { user, recoveryCodes } = await userWithTotp();
    const stored = await getDb().withTables<{ recovery_codes: { user_id: string; code_hash: string } }>().selectFrom("recovery_codes").select("code_hash").where("user_id", "=", user.id).execute();
    expect(stored).toHaveLength(10);
    for (const code of recoveryCodes) expect(stored.some((r) => r.code_hash.includes(code))).toBe(false);

    const first = await passwordStep(user);
    expect((await first.post("/login/second-factor", { method: "recovery", code: recoveryCodes[0].toUpperCase() })).status).toBe(302);
    expect(first.cookies.get("cw_session")).toBeTruthy();
    const second = await passwordStep(user);
    const reused = await second.post("/login/second-factor", { method: "recovery", code: recoveryCodes[0] });
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain("That recovery code is not right, or was already used.");
    expect(await auditActions(user.id)).toContain("recovery_code.used");

    // The model: single use under concurrency too.
    const results = await Promise.all([useRecoveryCode(getDb(), user.id, recoveryCodes[1]), useRecoveryCode(getDb(), user.id, recoveryCodes[1])]);
    expect(results.filter(Boolean)).toHaveLength(1);

    const settings = await clientAs(server.url, user);
    const regenerated = await settings.post("/settings/security", { intent: "recovery-regenerate" });
    expect(regenerated.status).toBe(200);
    expect([...(await regenerated.text()).matchAll(/>([a-z2-9]{5}-[a-z2-9]{5})</g)]).toHaveLength(10);
    expect(await useRecoveryCode(getDb(), user.id, recoveryCodes[2])).toBe(false);
    expect(await auditActions(user.id)).toContain("recovery_codes.regenerated");
  });
});

describe("the pending login", () => {
  it("is not a session: its token opens no page, as a session cookie or as itself", async () => {
    const { user } = await userWithTotp();
    const client = await passwordStep(user);
    const token = client.cookies.get("cw_pending_login")!;
    expect((await client.get("/settings/security")).status).toBe(302);
    const forged = new TestClient(server.url);
    forged.cookies.set("cw_session", token);
    const res = await forged.get("/settings/security");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login/);
    // The second-step page itself needs it; without it, back to /login.
    expect((await new TestClient(server.url).get("/login/second-factor")).headers.get("location")).toBe("/login");
    expect((await client.get("/login/second-factor")).status).toBe(200);
  });

  it("is used once: after signing in, the same token cannot finish another sign-in", async () => {
    const { user, recoveryCodes } = await userWithTotp();
    const client = await passwordStep(user);
    const token = client.cookies.get("cw_pending_login")!;
    expect((await client.post("/login/second-factor", { method: "recovery", code: recoveryCodes[0] })).status).toBe(302);
    const thief = new TestClient(server.url);
    thief.cookies.set("cw_pending_login", token);
    const res = await thief.post("/login/second-factor", { method: "recovery", code: recoveryCodes[1] });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login");
    expect(thief.cookies.get("cw_session")).toBeUndefined();
  });
});

describe("throttling of second factors", () => {
  it("ten wrong codes lock the account's second step, even with the right code, and count per account", async () => {
    const { user, secret, recoveryCodes } = await userWithTotp();
    const client = await passwordStep(user);
    for (let i = 0; i < 10; i++) {
      const res = await client.post("/login/second-factor", { method: i % 2 ? "totp" : "recovery", code: i % 2 ? "123456" : "aaaaa-bbbbb" });
      expect(res.status).toBe(400);
    }
    const locked = await client.post("/login/second-factor", { method: "totp", code: totpCode(secret, Date.now() + 30_000) });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    // A new password step does not reset it.
    const fresh = await passwordStep(user);
    expect((await fresh.post("/login/second-factor", { method: "recovery", code: recoveryCodes[0] })).status).toBe(429);
    expect(fresh.cookies.get("cw_session")).toBeUndefined();
    const keys = (await getDb().selectFrom("login_failures").select("key").execute()).map((r) => r.key);
    expect(keys.filter((k) => k === `second-factor:${user.id}`)).toHaveLength(10);
  });
});

describe("passkeys (server side)", () => {
  it("registration options need a session; a challenge is used once", async () => {
    const anonymous = await new TestClient(server.url).request("/settings/security/passkeys", { method: "POST", body: JSON.stringify({ intent: "options" }), headers: { "Content-Type": "application/json" } });
    expect(anonymous.status).toBe(302);
    const user = await createUser();
    const client = await clientAs(server.url, user);
    const res = await client.request("/settings/security/passkeys", { method: "POST", body: JSON.stringify({ intent: "options" }), headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { challengeId: string; options: { rp: { id: string }; challenge: string } };
    expect(body.options.rp.id).toBe("127.0.0.1");

    const rp = { origin: server.url };
    const { challengeId } = await passkeyRegistrationOptions({ id: user.id, email: user.email, name: user.name }, rp);
    const bogus = { id: "x", rawId: "x", type: "public-key", response: { clientDataJSON: "", attestationObject: "" }, clientExtensionResults: {} } as never;
    expect(await registerPasskey(getDb(), user.id, { challengeId, response: bogus, name: "Laptop" }, rp)).toEqual({ ok: false, reason: "invalid" });
    expect(await registerPasskey(getDb(), user.id, { challengeId, response: bogus, name: "Laptop" }, rp)).toEqual({ ok: false, reason: "challenge" });
    // Another user cannot finish someone's ceremony.
    const other = await passkeyRegistrationOptions({ id: user.id, email: user.email, name: user.name }, rp);
    const stranger = await createUser();
    expect(await registerPasskey(getDb(), stranger.id, { challengeId: other.challengeId, response: bogus, name: "Laptop" }, rp)).toEqual({ ok: false, reason: "challenge" });
  });

  it("password-less sign-in refuses an unknown credential and records the failure", async () => {
    const client = new TestClient(server.url);
    const post = (body: unknown) => client.request("/login/passkey", { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
    const options = (await (await post({ intent: "options", mode: "passwordless" })).json()) as { challengeId: string };
    const res = await post({ intent: "verify", mode: "passwordless", challengeId: options.challengeId, response: { id: "unknown", rawId: "unknown", type: "public-key", response: {} } });
    expect(res.status).toBe(400);
    expect(client.cookies.get("cw_session")).toBeUndefined();
    // The second-step mode needs a pending login.
    expect((await post({ intent: "options", mode: "second" })).status).toBe(401);
  });
});

describe("a site administrator's requirement", () => {
  it("sends coordinators and administrators without a second factor to set one up, and nowhere else", async () => {
    const admin = await createUser({ isSiteAdmin: true });
    const adminClient = await clientAs(server.url, admin);
    const coordinator = await createUser();
    const member = await createUser();
    const coalition = await createCoalition();
    await addMember(coalition.id, coordinator.id, "coordinator");
    await addMember(coalition.id, member.id, "member");

    // Only a site administrator changes it.
    expect((await (await clientAs(server.url, member)).post("/admin/security", { require_second_factor: "on" })).status).not.toBe(302);
    expect((await adminClient.post("/admin/security", { require_second_factor: "on" })).status).toBe(302);

    const c = await clientAs(server.url, coordinator);
    const home = await c.get("/");
    expect(home.status).toBe(303);
    expect(home.headers.get("location")).toBe("/settings/security?required=1");
    expect((await c.post("/settings/profile", { name: "x" })).status).toBe(403);
    const page = await c.get("/settings/security");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("A site administrator requires a second factor for your account.");
    expect((await (await clientAs(server.url, member)).get("/")).status).toBe(200);
    // The administrator is held too (they can still reach their own security page).
    expect((await adminClient.get("/admin/jobs")).status).toBe(303);

    // With TOTP the coordinator is free again.
    await enableTotpOverHttp(c);
    expect((await c.get("/")).status).toBe(200);
    await enableTotpOverHttp(adminClient);
    expect((await adminClient.post("/admin/security", {})).status).toBe(302);
  });

  it("turning the rule on closes the editing sockets of those it stops, and refuses their reconnect until they have a second factor", async () => {
    const admin = await createUser({ isSiteAdmin: true });
    const adminClient = await clientAs(server.url, admin);
    await enableTotpOverHttp(adminClient);
    const coordinator = await createUser();
    const member = await createUser();
    const coalition = await createCoalition();
    await addMember(coalition.id, coordinator.id, "coordinator");
    await addMember(coalition.id, member.id, "member");
    const doc = await createDocument(coalition.id, coordinator.id);
    const open = async (user: TestUser) => rawSocket(server.url, doc.id, { origin: server.url, cookie: cookieHeader(await sessionCookieFor(user.id)) });
    const coordinatorSocket = (await open(coordinator)).ws!;
    const memberSocket = (await open(member)).ws!;
    const coordinatorClosed = closed(coordinatorSocket);

    expect((await adminClient.post("/admin/security", { require_second_factor: "on" })).status).toBe(302);
    expect((await coordinatorClosed).code).toBe(CloseCode.SESSION_ENDED);
    expect((await open(coordinator)).status).toBe(403);
    // The member is not concerned: their socket stays open and they connect again.
    expect(memberSocket.readyState).toBe(memberSocket.OPEN);
    const again = await open(member);
    expect(again.status).toBeNull();

    // With TOTP the coordinator edits again.
    await enableTotpOverHttp(await clientAs(server.url, coordinator));
    const back = await open(coordinator);
    expect(back.status).toBeNull();
    for (const ws of [memberSocket, again.ws!, back.ws!]) ws.close();
    expect((await adminClient.post("/admin/security", {})).status).toBe(302);
  });
});
