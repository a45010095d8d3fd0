import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { MAX_ADDRESS_FAILURES } from "../../app/models/auth.server";
import { parseConfig } from "../../app/lib/config.server";
import { createApp } from "../../server/app";
import { getLogger, setLogger } from "../../server/logger";
import { createUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { getDb, startTestServer, type TestServer } from "../helpers/server";

type TrustFn = (address: string, hop: number) => boolean;

async function trustFor(value?: string): Promise<TrustFn> {
  const config = parseConfig({ BUILD_DIR: inject("buildDir"), ...(value === undefined ? {} : { TRUST_PROXY: value }) });
  const app = await createApp({ config });
  return app.get("trust proxy fn") as TrustFn;
}

describe("TRUST_PROXY decides whose address req.ip (the login throttle's key) is", () => {
  it("trusts no proxy by default: X-Forwarded-For is ignored", async () => {
    const trust = await trustFor();
    expect(trust("127.0.0.1", 0)).toBe(false);
    expect(trust("10.0.0.1", 0)).toBe(false);
  });

  it("a hop count trusts that many nearest proxies and no more", async () => {
    const trust = await trustFor("1");
    expect(trust("10.0.0.1", 0)).toBe(true);
    expect(trust("203.0.113.9", 1)).toBe(false);
  });

  it("a list trusts only those proxies", async () => {
    const trust = await trustFor("10.0.0.0/8,::1");
    expect(trust("10.1.2.3", 0)).toBe(true);
    expect(trust("::1", 0)).toBe(true);
    expect(trust("192.168.0.1", 0)).toBe(false);
  });
});

/**
 * A small reverse proxy, as a load balancer would be: it forwards to the app and appends the
 * client's address to X-Forwarded-For. Every test client connects from 127.0.0.1, so the client's
 * address is taken from a header of the test's (`x-test-client`), removed before forwarding.
 */
function startProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const proxy: Server = createServer((req, res) => {
    const headers = { ...req.headers };
    const client = String(headers["x-test-client"] ?? req.socket.remoteAddress);
    delete headers["x-test-client"];
    headers["x-forwarded-for"] = headers["x-forwarded-for"] ? `${headers["x-forwarded-for"]}, ${client}` : client;
    const upstream = httpRequest({ hostname, port, path: req.url, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    proxy.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        close: () => new Promise<void>((done) => proxy.close(() => done())),
      }),
    ),
  );
}

const failures = (key: string) => getDb().selectFrom("login_failures").select("id").where("key", "=", key).execute();

describe("behind a reverse proxy with TRUST_PROXY=1", () => {
  let server: TestServer;
  let proxy: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: "1" });
    // The proxy passes Host on unchanged, so the Origin check compares with the proxy's origin.
    proxy = await startProxy(server.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });

  it("counts two clients' login failures apart, by the address the proxy saw", async () => {
    const victim = await createUser();
    const attacker = new TestClient(proxy.url);
    const wrong = { email: "someone@example.org", password: "not the password at all" };
    const first = await attacker.post("/login", wrong, { headers: { "x-test-client": "203.0.113.7" } });
    expect(first.status).toBe(400);
    expect(await failures("address:203.0.113.7")).toHaveLength(1);
    expect(await failures("address:127.0.0.1")).toHaveLength(0);

    // The attacker's address reaches the limit (the failures recorded as the app would record them)…
    const at = new Date().toISOString();
    await getDb().insertInto("login_failures").values(Array.from({ length: MAX_ADDRESS_FAILURES }, () => ({ key: "address:203.0.113.7", created_at: at }))).execute();
    const locked = await attacker.post("/login", { email: victim.email, password: victim.password }, { headers: { "x-test-client": "203.0.113.7" } });
    expect(locked.status).toBe(429);
    // …while another client behind the same proxy signs in.
    const other = new TestClient(proxy.url);
    const res = await other.post("/login", { email: victim.email, password: victim.password }, { headers: { "x-test-client": "198.51.100.23" } });
    expect(res.status).toBe(302);
    expect(await failures("address:198.51.100.23")).toHaveLength(0);
  });

  it("a client cannot choose its own address: only the hop the proxy added counts", async () => {
    const client = new TestClient(proxy.url);
    const res = await client.post("/login", { email: "x@example.org", password: "not the password at all" }, { headers: { "x-test-client": "192.0.2.50", "X-Forwarded-For": "10.9.9.9" } });
    expect(res.status).toBe(400);
    expect(await failures("address:192.0.2.50")).toHaveLength(1);
    expect(await failures("address:10.9.9.9")).toHaveLength(0);
  });

  it("shows TRUST_PROXY's effective value in /healthz to administrators only", async () => {
    const admin = new TestClient(server.url);
    await admin.login(await createUser({ isSiteAdmin: true }));
    expect((await (await admin.get("/healthz")).json()).details).toEqual({ trustProxy: 1 });
    expect((await (await new TestClient(server.url).get("/healthz")).json()).details).toBeUndefined();
  });
});

describe("X-Forwarded-For from a peer that is not trusted", () => {
  const lines: Array<Record<string, unknown>> = [];
  const previous = getLogger();
  let server: TestServer;
  beforeAll(async () => {
    setLogger(pino({ level: "warn" }, new Writable({ write: (chunk, _e, done) => (lines.push(...String(chunk).split("\n").filter(Boolean).map((l) => JSON.parse(l))), done()) })));
    server = await startTestServer({ LOG_LEVEL: "warn" });
  });
  afterAll(async () => {
    await server?.close();
    setLogger(previous);
  });

  it("is ignored, and logged as a warning once", async () => {
    const warnings = () => lines.filter((l) => String(l.msg).includes("X-Forwarded-For from a proxy TRUST_PROXY does not trust"));
    await new TestClient(server.url).get("/login");
    expect(warnings()).toHaveLength(0);
    for (const address of ["203.0.113.1", "203.0.113.2"]) {
      const res = await new TestClient(server.url).post("/login", { email: "x@example.org", password: "not the password at all" }, { headers: { "X-Forwarded-For": address } });
      expect(res.status).toBe(400);
    }
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ level: 40, peer: expect.stringMatching(/127\.0\.0\.1$/) });
    expect(await failures("address:203.0.113.1")).toHaveLength(0);
  });
});
