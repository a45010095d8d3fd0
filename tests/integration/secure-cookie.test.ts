import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { TestClient } from "../helpers/http";
import { verificationPathFor } from "../helpers/mail-links";
import { startTestServer, type TestServer } from "../helpers/server";

// Behind a TLS proxy: APP_ORIGIN is https, so cookies are Secure and only that origin may POST.

const APP_ORIGIN = "https://workspace.example.org";
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ APP_ORIGIN });
});
afterAll(async () => {
  await server?.close();
});

describe("APP_ORIGIN=https://…", () => {
  it("sets the session cookie Secure, HttpOnly and SameSite=Lax", async () => {
    const client = new TestClient(server.url);
    const signup = await client.post("/signup", { name: "Tls User", email: "tls@example.org", password: "a fine passphrase" }, { origin: APP_ORIGIN });
    expect(signup.status).toBe(302);
    expect(signup.headers.getSetCookie().find((c) => c.startsWith("cw_session="))).toBeUndefined();
    // The session starts when the mailed link is followed.
    const res = await client.post(await verificationPathFor("tls@example.org"), {}, { origin: APP_ORIGIN });
    expect(res.status).toBe(302);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("cw_session="))!;
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
  });

  it("checks Origin against APP_ORIGIN, not the address the server listens on", async () => {
    const res = await new TestClient(server.url).post("/signup", { name: "Direct", email: "direct@example.org", password: "a fine passphrase" });
    expect(res.status).toBe(403);
    const viaReferer = await new TestClient(server.url).request("/signup", {
      method: "POST",
      form: { name: "Referer", email: "referer@example.org", password: "a fine passphrase" },
      headers: { Referer: `${APP_ORIGIN}/signup` },
      origin: null,
    });
    expect(viaReferer.status).toBe(302);
    const emails = (await getDb().selectFrom("users").select("email").orderBy("email").execute()).map((r) => r.email);
    expect(emails).toEqual(["referer@example.org", "tls@example.org"]);
  });
});
