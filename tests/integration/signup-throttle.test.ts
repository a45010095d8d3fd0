import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { MAX_SIGNUPS_PER_ADDRESS, MAX_SIGNUPS_PER_EMAIL } from "../../app/models/auth.server";
import { createUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Sign-up answers the same whether or not an address has an account, and mails the address
// (a link, or a notice to its owner): without a throttle, anyone could flood an inbox with them.
// Attempts are limited like logins.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const form = (email: string) => ({ name: "Someone", email, password: "a fine passphrase" });
const userCount = async () => Number((await getDb().selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

describe("sign-up throttle", () => {
  it(`refuses a ${MAX_SIGNUPS_PER_EMAIL + 1}th attempt for one email within the window with 429 and Retry-After, creating nothing`, async () => {
    const existing = await createUser();
    for (let i = 0; i < MAX_SIGNUPS_PER_EMAIL; i++) {
      const res = await new TestClient(server.url).post("/signup", form(existing.email));
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/signup/check-inbox");
    }
    const before = await userCount();
    const refused = await new TestClient(server.url).post("/signup", form(existing.email));
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const html = await refused.text();
    expect(html).toContain("Too many sign-up attempts");
    expect(html).not.toContain("already exists");
    expect(html).toContain('value="Someone"'); // the form keeps what was typed
    expect(await userCount()).toBe(before);

    // Once the attempts are older than the window, the same email gets its answer again.
    const old = new Date(Date.now() - 16 * 60 * 1000).toISOString();
    await getDb().updateTable("login_failures").set({ created_at: old }).where("key", "like", "signup-%").execute();
    expect((await new TestClient(server.url).post("/signup", form(existing.email))).status).toBe(302);
  });

  it(`refuses more than ${MAX_SIGNUPS_PER_ADDRESS} attempts from one address, even for new emails`, async () => {
    await getDb().deleteFrom("login_failures").execute();
    const tag = Date.now().toString(36);
    for (let i = 0; i < MAX_SIGNUPS_PER_ADDRESS; i++) {
      const res = await new TestClient(server.url).post("/signup", form(`probe-${tag}-${i}@example.org`));
      expect(res.status, `attempt ${i + 1}`).toBe(302);
    }
    const before = await userCount();
    const refused = await new TestClient(server.url).post("/signup", form(`probe-${tag}-last@example.org`));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await userCount()).toBe(before);
  });
});
