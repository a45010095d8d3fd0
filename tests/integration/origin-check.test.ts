import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { createUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Every non-GET request must come from the app's own origin (Origin, else Referer).

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const countUsers = async () => Number((await getDb().selectFrom("users").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
const signupForm = (email: string) => ({ name: "Cross Site", email, password: "a fine passphrase" });

describe("Origin check", () => {
  for (const [what, headers] of [
    ["a foreign Origin", { Origin: "https://evil.example" }],
    ["Origin: null with a foreign Referer", { Origin: "null", Referer: "https://evil.example/page" }],
    ["a foreign Referer and no Origin", { Referer: "https://evil.example/page" }],
    ["another port on the same host", { Origin: "http://127.0.0.1:1" }],
  ] as const) {
    it(`refuses a sign-up with ${what}: 403, nothing written, no cookie`, async () => {
      const before = await countUsers();
      const res = await new TestClient(server.url).request("/signup", { method: "POST", form: signupForm("cross@example.org"), headers, origin: null });
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/Origin check failed/);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(await countUsers()).toBe(before);
    });
  }

  it("refuses a POST with neither Origin nor Referer", async () => {
    const before = await countUsers();
    const res = await new TestClient(server.url).request("/signup", { method: "POST", form: signupForm("no-origin@example.org"), origin: null });
    expect(res.status).toBe(403);
    expect(await countUsers()).toBe(before);
  });

  it("refuses a cross-site logout and profile change: the session and the profile stay", async () => {
    const user = await createUser({ name: "Kept Name" });
    const client = new TestClient(server.url);
    await client.login(user);
    const evil = { origin: "https://evil.example" };
    expect((await client.post("/logout", {}, evil)).status).toBe(403);
    expect((await client.request("/settings/profile", { method: "POST", form: { intent: "profile", name: "Hacked" }, ...evil })).status).toBe(403);
    expect((await client.get("/settings/profile")).status).toBe(200);
    const row = await getDb().selectFrom("users").select("name").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.name).toBe("Kept Name");
  });

  it("accepts the app's own Origin, and a same-origin Referer when Origin is absent", async () => {
    const withOrigin = await new TestClient(server.url).post("/signup", signupForm("own-origin@example.org"));
    expect(withOrigin.status).toBe(302);
    const withReferer = await new TestClient(server.url).request("/signup", {
      method: "POST",
      form: signupForm("referer-only@example.org"),
      headers: { Referer: `${server.url}/signup` },
      origin: null,
    });
    expect(withReferer.status).toBe(302);
    // Browsers send "Origin: null" in some privacy modes; the same-site Referer decides (not a 500).
    const nullOrigin = await new TestClient(server.url).request("/signup", {
      method: "POST",
      form: signupForm("null-origin@example.org"),
      headers: { Origin: "null", Referer: `${server.url}/signup` },
      origin: null,
    });
    expect(nullOrigin.status).toBe(302);
    const emails = (await getDb().selectFrom("users").select("email").execute()).map((r) => r.email);
    expect(emails).toEqual(expect.arrayContaining(["own-origin@example.org", "referer-only@example.org", "null-origin@example.org"]));
  });

  it("lets GET requests through without any Origin", async () => {
    expect((await new TestClient(server.url).get("/login")).status).toBe(200);
  });
});
