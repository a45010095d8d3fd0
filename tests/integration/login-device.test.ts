import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { createUser, DEFAULT_PASSWORD, type TestUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 28: the per-address login lockout no longer locks out people behind the same NAT who
// signed in before from that browser (OWASP's device cookies). Through real HTTP requests.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  await getDb().deleteFrom("login_failures").execute();
});

const failureKeys = async () => (await getDb().selectFrom("login_failures").select("key").execute()).map((r) => r.key);
const sessionRows = (userId: string) => getDb().selectFrom("sessions").selectAll().where("user_id", "=", userId).execute();

/** A browser where the user signed in before and then signed out: it holds a device cookie only. */
async function knownDevice(user: TestUser): Promise<TestClient> {
  const client = new TestClient(server.url);
  await client.login(user);
  expect(client.cookies.get("cw_device")).toBeTruthy();
  client.cookies.delete("cw_session");
  return client;
}

/** The address lockout reached: one real failure from this address, then rows up to the limit (100). */
async function addressLockedOut() {
  const res = await new TestClient(server.url).post("/login", { email: "sprayed@example.org", password: "wrong guess" });
  expect(res.status).toBe(400);
  const [addressKey] = (await failureKeys()).filter((k) => k.startsWith("address:"));
  const at = new Date().toISOString();
  await getDb()
    .insertInto("login_failures")
    .values(Array.from({ length: 99 }, () => ({ key: addressKey, created_at: at })))
    .execute();
  const stranger = await createUser();
  expect((await new TestClient(server.url).post("/login", { email: stranger.email, password: DEFAULT_PASSWORD })).status).toBe(429);
}

describe("device cookie", () => {
  it("is set at each successful log-in: HttpOnly, SameSite=Lax, only for /login, a year, not Secure over http", async () => {
    const user = await createUser();
    const client = new TestClient(server.url);
    const res = await client.login(user);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("cw_device="))!;
    expect(cookie).toBeTruthy();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\/login(;|$)/i);
    expect(cookie).toMatch(/;\s*Max-Age=31536000/i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("cw_session="))).toBe(true);
    // A new nonce at each log-in.
    const first = client.cookies.get("cw_device");
    client.cookies.delete("cw_session");
    await client.login(user);
    expect(client.cookies.get("cw_device")).not.toBe(first);
    // Its key lives in the database (migration 0009), made once.
    const secrets = await getDb().withTables<{ app_secrets: { name: string; value: string } }>().selectFrom("app_secrets").selectAll().execute();
    expect(secrets.map((s) => s.name)).toEqual(["device-cookie"]);
    expect(secrets[0].value).toMatch(/^[0-9a-f]{64}$/);
  });

  // The storm was 1,000 attempts; past the 100th every attempt is refused unrecorded, so 300 is the same state.
  it("a storm of wrong logins from one address does not lock out a known device; a new device is still throttled", { timeout: 180_000 }, async () => {
    const victims = [await createUser(), await createUser(), await createUser()];
    const devices = await Promise.all(victims.map(knownDevice));
    const fourth = await createUser();
    const fourthDevice = await knownDevice(fourth);
    // The storm: 40 wrong logins through the form, the next 60 of the address's 100 as rows (each
    // real one costs a password hash), then 20 more through the form.
    const storm = async (from: number, to: number) => {
      const statuses: number[] = [];
      for (let i = from; i < to; i++) statuses.push((await new TestClient(server.url).post("/login", { email: `sprayed-${i % 50}@example.org`, password: `guess ${i}` })).status);
      return statuses;
    };
    expect(new Set(await storm(0, 40))).toEqual(new Set([400]));
    const [addressKey] = (await failureKeys()).filter((k) => k.startsWith("address:"));
    const at = new Date().toISOString();
    await getDb()
      .insertInto("login_failures")
      .values(Array.from({ length: 60 }, () => ({ key: addressKey, created_at: at })))
      .execute();
    expect(new Set(await storm(40, 60))).toEqual(new Set([429])); // the address lockout (100 failures) still stops the storm
    for (const [i, victim] of victims.entries()) {
      const fresh = await new TestClient(server.url).post("/login", { email: victim.email, password: DEFAULT_PASSWORD });
      expect(fresh.status, "new device").toBe(429);
      expect(fresh.headers.getSetCookie()).toEqual([]);
      const known = await devices[i].post("/login", { email: victim.email, password: DEFAULT_PASSWORD });
      expect(known.status, "known device").toBe(302);
      expect(devices[i].cookies.get("cw_session")).toBeTruthy();
    }
    // A known device with the wrong password is told so (400), not locked out (429).
    expect((await fourthDevice.post("/login", { email: fourth.email, password: "not my password" })).status).toBe(400);
  });

  it("exempts only the login it was issued for, and only when its signature is right", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const aliceDevice = await knownDevice(alice);
    const cookie = aliceDevice.cookies.get("cw_device")!;
    await addressLockedOut();
    // Alice's cookie does not help Bob.
    expect((await aliceDevice.post("/login", { email: bob.email, password: DEFAULT_PASSWORD })).status).toBe(429);
    // Renamed to Bob's login (signature no longer matches), or with a changed signature: untrusted.
    const [, nonce, mac] = cookie.split(".");
    const forged = new TestClient(server.url);
    forged.cookies.set("cw_device", `${Buffer.from(bob.email).toString("base64url")}.${nonce}.${mac}`);
    expect((await forged.post("/login", { email: bob.email, password: DEFAULT_PASSWORD })).status).toBe(429);
    const flipped = new TestClient(server.url);
    flipped.cookies.set("cw_device", cookie.slice(0, -2) + (cookie.endsWith("AA") ? "BB" : "AA"));
    expect((await flipped.post("/login", { email: alice.email, password: DEFAULT_PASSWORD })).status).toBe(429);
    // The real cookie still works.
    expect((await aliceDevice.post("/login", { email: alice.email, password: DEFAULT_PASSWORD })).status).toBe(302);
  });

  it("failures with a device cookie count against the cookie, not the address or account; after 10 it is untrusted", async () => {
    const user = await createUser();
    const device = await knownDevice(user);
    for (let i = 0; i < 10; i++) {
      expect((await device.post("/login", { email: user.email, password: `wrong guess ${i}` })).status).toBe(400);
    }
    const keys = await failureKeys();
    expect(keys).toHaveLength(10);
    expect(keys.every((k) => k.startsWith("device:"))).toBe(true);
    // Locked-out cookie: the device is an ordinary client again, so the address lockout applies.
    await addressLockedOut();
    const locked = await device.post("/login", { email: user.email, password: DEFAULT_PASSWORD });
    expect(locked.status).toBe(429);
    expect(await sessionRows(user.id)).toHaveLength(1); // only knownDevice's session
    // Once its failures are older than the window, the cookie exempts again.
    const old = new Date(Date.now() - 16 * 60 * 1000).toISOString();
    await getDb().updateTable("login_failures").set({ created_at: old }).where("key", "like", "device:%").execute();
    expect((await device.post("/login", { email: user.email, password: DEFAULT_PASSWORD })).status).toBe(302);
  });

  it("an account under attack locks out untrusted clients only; its owner's device still signs in", async () => {
    const user = await createUser();
    const device = await knownDevice(user);
    for (let i = 0; i < 10; i++) {
      expect((await new TestClient(server.url).post("/login", { email: user.email, password: `wrong guess ${i}` })).status).toBe(400);
    }
    expect((await new TestClient(server.url).post("/login", { email: user.email, password: DEFAULT_PASSWORD })).status).toBe(429);
    expect((await device.post("/login", { email: user.email, password: DEFAULT_PASSWORD })).status).toBe(302);
  });
});

describe("device cookie with APP_ORIGIN=https://…", () => {
  const APP_ORIGIN = "https://workspace.example.org";
  let tls: TestServer;
  beforeAll(async () => {
    tls = await startTestServer({ APP_ORIGIN });
  });
  afterAll(async () => {
    await tls?.close();
  });

  it("is Secure", async () => {
    const user = await createUser();
    const res = await new TestClient(tls.url).post("/login", { email: user.email, password: DEFAULT_PASSWORD }, { origin: APP_ORIGIN });
    expect(res.status).toBe(302);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("cw_device="))!;
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
  });
});
