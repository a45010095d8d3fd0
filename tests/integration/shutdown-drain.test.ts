import { connect, type Socket } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { spawnServer, type SpawnedServer } from "../helpers/spawn-server";

// SIGTERM: new connections are refused at once, a request already running (here: a form post whose
// body is still arriving) completes, then the process exits; past SHUTDOWN_GRACE_MS it is cut.

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Resolves once the port refuses connections (polled, no fixed delay asserted). */
async function refused(port: number): Promise<void> {
  for (;;) {
    try {
      (await open(port)).destroy();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ECONNREFUSED") return;
      throw error;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    socket.on("data", (d) => (text += d.toString()));
    socket.once("close", () => resolve(text));
  });
}

/**
 * Starts a login form post whose body is only half sent. `Expect: 100-continue` makes the server
 * say when it has taken the request in (Node answers 100 as it hands the request to the app).
 */
async function startSlowPost(server: SpawnedServer) {
  const body = new URLSearchParams({ email: "nobody@example.org", password: "not-the-password-at-all" }).toString();
  const socket = await open(server.port);
  const response = readAll(socket);
  const taken = new Promise<void>((resolve) => {
    const onData = (d: Buffer) => {
      if (d.toString().includes("100 Continue")) {
        socket.off("data", onData);
        resolve();
      }
    };
    socket.on("data", onData);
  });
  socket.write(
    `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${server.url}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
  );
  await taken;
  socket.write(body.slice(0, 10));
  return { socket, response, rest: body.slice(10) };
}

describe("SIGTERM drains in-flight requests", () => {
  let dataDir: string;
  let server: SpawnedServer | undefined;
  afterEach(async () => {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses new connections, completes the running request, then exits 0", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "cw-drain-"));
    server = await spawnServer({ DATABASE_URL: `file:${join(dataDir, "w.db")}`, SHUTDOWN_GRACE_MS: "60000" });
    const slow = await startSlowPost(server);
    const exited = server.stop();
    await refused(server.port);
    expect(server.child.exitCode).toBeNull(); // still draining
    slow.socket.write(slow.rest);
    const response = await slow.response;
    expect(response).toMatch(/\r\n\r\nHTTP\/1\.1 400 /); // after the 100: the login form's answer to a wrong password
    expect(await exited).toBe(0);
    expect(server.logs.some((l) => l.msg === "shutting down")).toBe(true);
  });

  it("closes a request still running after SHUTDOWN_GRACE_MS and exits", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "cw-drain-"));
    server = await spawnServer({ DATABASE_URL: `file:${join(dataDir, "w.db")}`, SHUTDOWN_GRACE_MS: "300" });
    const slow = await startSlowPost(server);
    const exited = server.stop();
    expect(await exited).toBe(0);
    expect(await slow.response).toBe("HTTP/1.1 100 Continue\r\n\r\n"); // cut without an answer: the body never came
    expect(server.logs.some((l) => l.msg === "shutdown: closing requests still running after the grace period")).toBe(true);
  });
});
