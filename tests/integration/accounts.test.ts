import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { createUser, DEFAULT_PASSWORD } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Sign-up, log-in, sessions, log-out and password change, through real HTTP requests.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const countUsers = async () => Number((await getDb().selectFrom("users").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
const sessionRows = (userId: string) => getDb().selectFrom("sessions").selectAll().where("user_id", "=", userId).execute();
const userByEmail = (email: string) => getDb().selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
/** The text of the error shown under a field (FieldError renders `id="field-<name>-error"`). */
const fieldError = (html: string, name: string) => new RegExp(`id="field-${name}-error"[^>]*>([^<]*)<`).exec(html)?.[1];
const alertText = (html: string) => /role="alert"[^>]*>([^<]*)</.exec(html)?.[1];

describe("sign-up", () => {
  // Runs first: the first account on an empty install becomes site administrator.
  it("makes the first account a site administrator and the second not", async () => {
    expect(await countUsers()).toBe(0);
    const first = new TestClient(server.url);
    await first.signup({ name: "First Person", email: "first@example.org", password: "first passphrase" });
    expect((await userByEmail("first@example.org"))?.is_site_admin).toBe(1);
    const second = new TestClient(server.url);
    await second.signup({ name: "Second Person", email: "Second@Example.org", password: "second passphrase" });
    expect((await userByEmail("second@example.org"))?.is_site_admin).toBe(0);
    // The header shows who is signed in, with the admin badge only for the first.
    expect(await (await first.get("/")).text()).toMatch(/data-testid="signed-in-as"[^>]*>First Person<span[^>]*>admin/);
    const secondHeader = await (await second.get("/")).text();
    expect(secondHeader).toMatch(/data-testid="signed-in-as"[^>]*>Second Person</);
    expect(secondHeader).not.toMatch(/>admin</);
  });

  const cases = [
    { what: "a malformed email", form: { name: "Grace Hopper", email: "grace.example.org", password: "a fine passphrase" }, field: "email", message: /valid email/ },
    { what: "a short password", form: { name: "Grace Hopper", email: "grace@example.org", password: "Sh0rt!" }, field: "password", message: /at least 8/ },
    { what: "a common password", form: { name: "Grace Hopper", email: "grace@example.org", password: "password123" }, field: "password", message: /too common/ },
  ];
  for (const c of cases) {
    it(`refuses ${c.what}: 400, message on the field, values kept, password not echoed, nothing written`, async () => {
      const before = await countUsers();
      const client = new TestClient(server.url);
      const res = await client.post("/signup", c.form);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(fieldError(html, c.field)).toMatch(c.message);
      expect(html).toContain('value="Grace Hopper"');
      expect(html).toContain(`value="${c.form.email}"`);
      expect(html).not.toContain(c.form.password);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(await countUsers()).toBe(before);
    });
  }
});

describe("sessions", () => {
  it("stores only the SHA-256 of the cookie value, in an HttpOnly SameSite=Lax cookie (not Secure over http)", async () => {
    const user = await createUser();
    const client = new TestClient(server.url);
    const res = await client.login(user);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("cw_session="))!;
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).not.toMatch(/;\s*Secure/i);
    const token = client.cookies.get("cw_session")!;
    expect(token.length).toBeGreaterThanOrEqual(20);
    const rows = await sessionRows(user.id);
    expect(rows.map((r) => r.id)).toEqual([sha256(token)]);
    const anyRawToken = await getDb().selectFrom("sessions").select("id").where("id", "=", token).executeTakeFirst();
    expect(anyRawToken).toBeUndefined();
  });

  it("does not accept the stored hash as a cookie", async () => {
    const user = await createUser();
    const client = new TestClient(server.url);
    await client.login(user);
    const [row] = await sessionRows(user.id);
    const replay = new TestClient(server.url);
    replay.cookies.set("cw_session", row.id);
    const res = await replay.get("/settings/profile");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("logout deletes the session row and the old cookie no longer authenticates", async () => {
    const user = await createUser({ name: "Leaving Person" });
    const client = new TestClient(server.url);
    await client.login(user);
    const token = client.cookies.get("cw_session")!;
    expect((await client.get("/settings/profile")).status).toBe(200);

    const res = await client.post("/logout", {});
    expect(res.status).toBe(302);
    expect(res.headers.getSetCookie().join()).toMatch(/cw_session=;/);
    expect(await sessionRows(user.id)).toEqual([]);

    const replay = new TestClient(server.url);
    replay.cookies.set("cw_session", token);
    const after = await replay.get("/settings/profile");
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toBe("/login?redirectTo=%2Fsettings%2Fprofile");
    expect(await (await replay.get("/")).text()).not.toContain("Leaving Person");
  });

  it("GET /logout changes nothing", async () => {
    const user = await createUser();
    const client = new TestClient(server.url);
    await client.login(user);
    expect((await client.get("/logout")).status).toBe(302);
    expect(await sessionRows(user.id)).toHaveLength(1);
  });

  it("a password change ends the user's other sessions but keeps the current one", async () => {
    const user = await createUser({ password: "original passphrase" });
    const here = new TestClient(server.url);
    const elsewhere = new TestClient(server.url);
    await here.login(user);
    await elsewhere.login(user);
    const other = await createUser();
    const bystander = new TestClient(server.url);
    await bystander.login(other);
    expect(await sessionRows(user.id)).toHaveLength(2);

    const res = await here.post("/settings/profile", {
      intent: "password",
      current_password: "original passphrase",
      new_password: "a brand new passphrase",
      confirm_password: "a brand new passphrase",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/settings/profile?saved=password");

    expect((await sessionRows(user.id)).map((r) => r.id)).toEqual([sha256(here.cookies.get("cw_session")!)]);
    expect((await here.get("/settings/profile")).status).toBe(200);
    expect((await elsewhere.get("/settings/profile")).status).toBe(302);
    expect((await bystander.get("/settings/profile")).status).toBe(200);

    expect((await new TestClient(server.url).post("/login", { email: user.email, password: "original passphrase" })).status).toBe(400);
    expect((await new TestClient(server.url).post("/login", { email: user.email, password: "a brand new passphrase" })).status).toBe(302);
  });

  it("refuses a password change with the wrong current password, and changes nothing", async () => {
    const user = await createUser();
    const here = new TestClient(server.url);
    const elsewhere = new TestClient(server.url);
    await here.login(user);
    await elsewhere.login(user);
    const hashBefore = (await userByEmail(user.email))!.password_hash;
    const res = await here.post("/settings/profile", {
      intent: "password",
      current_password: "not my password",
      new_password: "a brand new passphrase",
      confirm_password: "a brand new passphrase",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(fieldError(html, "current_password")).toBe("That is not your current password.");
    expect(html).not.toContain("a brand new passphrase");
    expect(html).not.toContain("not my password");
    expect((await userByEmail(user.email))!.password_hash).toBe(hashBefore);
    expect(await sessionRows(user.id)).toHaveLength(2);
  });
});

describe("log-in", () => {
  it("answers the same generic error for an unknown email and for a wrong password", async () => {
    const user = await createUser();
    const unknown = await new TestClient(server.url).post("/login", { email: "nobody-here@example.org", password: "whatever passphrase" });
    const wrong = await new TestClient(server.url).post("/login", { email: user.email, password: "whatever passphrase" });
    expect(unknown.status).toBe(400);
    expect(wrong.status).toBe(400);
    const [a, b] = [await unknown.text(), await wrong.text()];
    expect(alertText(a)).toBe("That email and password do not match an account.");
    expect(alertText(b)).toBe(alertText(a));
    // Apart from the typed email and the per-response nonce, the two pages are identical.
    const normalise = (html: string, email: string) => html.replaceAll(email, "EMAIL").replace(/nonce(=|-)"?[A-Za-z0-9+/=]+/g, "NONCE");
    expect(normalise(b, user.email)).toBe(normalise(a, "nobody-here@example.org"));
    expect(a).not.toContain("whatever passphrase");
  });

  it("after 10 failures for one account answers 429 with Retry-After, even with the right password", async () => {
    const user = await createUser();
    for (let i = 0; i < 10; i++) {
      const res = await new TestClient(server.url).post("/login", { email: user.email, password: `wrong guess ${i}` });
      expect(res.status).toBe(400);
    }
    const locked = await new TestClient(server.url).post("/login", { email: user.email, password: DEFAULT_PASSWORD });
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(locked.headers.getSetCookie()).toEqual([]);
    expect(alertText(await locked.text())).toMatch(/Too many failed attempts/);
    expect(await sessionRows(user.id)).toEqual([]);

    // Another account from the same address is not locked by it.
    const other = await createUser();
    expect((await new TestClient(server.url).post("/login", { email: other.email, password: DEFAULT_PASSWORD })).status).toBe(302);

    // Once the window has passed (failures older than 15 minutes), the right password works again.
    const old = new Date(Date.now() - 16 * 60 * 1000).toISOString();
    await getDb().updateTable("login_failures").set({ created_at: old }).where("key", "=", `account:${user.email}`).execute();
    expect((await new TestClient(server.url).post("/login", { email: user.email, password: DEFAULT_PASSWORD })).status).toBe(302);
  });

  it("logs in case-insensitively and returns to a same-site redirectTo only", async () => {
    const user = await createUser();
    const ok = await new TestClient(server.url).post("/login", { email: user.email.toUpperCase(), password: DEFAULT_PASSWORD, redirectTo: "/coalitions/privacy" });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/coalitions/privacy");
    const evil = await new TestClient(server.url).post("/login", { email: user.email, password: DEFAULT_PASSWORD, redirectTo: "//evil.example/x" });
    expect(evil.headers.get("location")).toBe("/");
  });
});
