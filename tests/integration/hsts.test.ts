import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Strict-Transport-Security: sent when APP_ORIGIN is https, never when the app is plain http.

describe("Strict-Transport-Security", () => {
  describe("APP_ORIGIN=https://…", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ APP_ORIGIN: "https://workspace.example.org" });
    });
    afterAll(async () => {
      await server?.close();
    });

    it("is sent for a year, subdomains included, on pages and static files", async () => {
      for (const path of ["/login", "/", "/favicon.svg"]) {
        const res = await new TestClient(server.url).get(path);
        expect(res.headers.get("strict-transport-security"), path).toBe("max-age=31536000; includeSubDomains");
      }
    });
  });

  describe("plain http (no APP_ORIGIN, and an http APP_ORIGIN)", () => {
    for (const env of [{}, { APP_ORIGIN: "http://workspace.example.org" }] as Record<string, string>[]) {
      it(`is never sent with ${JSON.stringify(env)}`, async () => {
        const server = await startTestServer(env);
        try {
          const res = await new TestClient(server.url).get("/login");
          expect(res.status).toBe(200);
          expect(res.headers.get("content-security-policy")).toBeTruthy();
          expect(res.headers.get("strict-transport-security")).toBeNull();
        } finally {
          await server.close();
        }
      });
    }
  });
});
