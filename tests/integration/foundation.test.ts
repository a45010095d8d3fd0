import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("directory and health", () => {
  it("seeds the seven coalitions and lists them on /", async () => {
    const res = await new TestClient(server.url).get("/");
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const name of ["Stop Spam Alliance", "Open Standards", "Privacy", "Internet Bill of Rights", "A2K@IGF", "FOEonline", "Child Online Safety"]) {
      expect(html).toContain(name);
    }
    const rows = await getDb().selectFrom("coalitions").select(["slug", "founders"]).execute();
    expect(rows).toHaveLength(7);
    expect(JSON.parse(rows.find((r) => r.slug === "stop-spam-alliance")!.founders)).toEqual(["ITU", "OECD", "APEC"]);
  });

  it("answers /healthz with the database kind and migration level", async () => {
    const res = await new TestClient(server.url).get("/healthz");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.database.kind).toBe(process.env.TEST_PG_URL ? "postgres" : "sqlite");
    expect(body.database.migration).toMatch(/^\d{4}-/);
  });

  it("sends a nonce-based CSP and the security headers", async () => {
    const res = await new TestClient(server.url).get("/");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBeTruthy();
    const html = await res.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });
});
