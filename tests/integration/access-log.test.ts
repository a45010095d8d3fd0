import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getLogger, setLogger } from "../../server/logger";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// One access-log line per request: request id (also the X-Request-Id header), route, status,
// duration; never a cookie, an Authorization header or a token from the path.

describe("access log", () => {
  const lines: string[] = [];
  const previous = getLogger();
  let server: TestServer;
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    });
    setLogger(pino({ level: "info" }, sink));
    server = await startTestServer({ LOG_LEVEL: "info" });
  });
  afterAll(async () => {
    await server?.close();
    setLogger(previous);
  });

  const accessLines = () => lines.map((l) => JSON.parse(l) as Record<string, any>).filter((e) => e.msg === "request" || e.msg === "request failed");

  it("writes one line per request with its id, route, status and duration", async () => {
    const res = await new TestClient(server.url).get("/login?next=%2Fsettings%2Fprofile");
    expect(res.status).toBe(200);
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const mine = accessLines().filter((e) => e.req?.id === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ route: "routes/login", path: "/login", req: { method: "GET" }, res: { statusCode: 200 } });
    expect(typeof mine[0]!.responseTime).toBe("number");
  });

  it("keeps a sane incoming X-Request-Id and replaces one that is not", async () => {
    const kept = await new TestClient(server.url).get("/login", { headers: { "X-Request-Id": "edge-abc.123" } });
    expect(kept.headers.get("x-request-id")).toBe("edge-abc.123");
    const replaced = await new TestClient(server.url).get("/login", { headers: { "X-Request-Id": "bad id\u00e9<script>" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("never writes the cookie, the bearer token or an invitation token from the path", async () => {
    const cookieValue = "sessioncookievalue-zq81x";
    const bearer = "bearertokenvalue-kk29p";
    const invitation = "invitationtokenvalue-mm47w";
    const client = new TestClient(server.url);
    const res = await client.get(`/invitations/${invitation}`, { headers: { Cookie: `auth_session=${cookieValue}; other=${cookieValue}`, Authorization: `Bearer ${bearer}` } });
    await res.arrayBuffer();
    const id = res.headers.get("x-request-id");
    const mine = accessLines().filter((e) => e.req?.id === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ route: "routes/invitations.$token", path: "/invitations/:token" });
    const all = lines.join("\n");
    expect(all).not.toContain(cookieValue);
    expect(all).not.toContain(bearer);
    expect(all).not.toContain(invitation);
  });
});
