import { once } from "node:events";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { Connection, SharedFrame, type Principal } from "../../server/collab/connection";
import { DEFAULT_LIMITS } from "../../server/collab/limits";
import { CollabMetrics } from "../../server/collab/metrics";

const log = pino({ level: "silent" });
const principal: Principal = { userId: "u", name: "u", color: "#000", sessionIdHash: "h", sessionExpiresAt: new Date(Date.now() + 3_600_000), documentId: "d", coalitionId: "c", isSiteAdmin: false, readOnly: false };
const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

/** A real ws pair on loopback: the server side wrapped in a Connection, the client collecting what it receives. */
async function pair(limits = DEFAULT_LIMITS) {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
  await once(wss, "listening");
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const received: Buffer[] = [];
  client.on("message", (data: Buffer, isBinary) => {
    expect(isBinary).toBe(true);
    received.push(data);
  });
  const [serverWs] = (await once(wss, "connection")) as [WebSocket];
  await once(client, "open");
  cleanup.push(() => {
    client.terminate();
    wss.close();
  });
  const metrics = new CollabMetrics();
  const conn = new Connection(serverWs, principal, limits, metrics, log);
  const until = async (n: number) => {
    for (let i = 0; i < 500 && received.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  };
  return { conn, client, received, metrics, until };
}

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe("SharedFrame (framed once, written as is to each socket)", () => {
  it("arrives as the same binary message as a plain send, for every length encoding, in order", async () => {
    const { conn, received, metrics, until } = await pair();
    // 0 and 125: 7-bit length; 126 and 65535: 16-bit; 65536 and 300000: 64-bit.
    const sizes = [0, 1, 125, 126, 127, 65535, 65536, 300_000];
    const sent: Uint8Array[] = [];
    for (const [i, n] of sizes.entries()) {
      const shared = bytes(n, i);
      const plain = bytes(n + 3, i + 100);
      conn.send(new SharedFrame(shared));
      conn.send(plain); // interleaved with ws's own framing: order must hold
      sent.push(shared, plain);
    }
    await until(sent.length);
    expect(received.length).toBe(sent.length);
    received.forEach((got, i) => expect(Buffer.compare(got, Buffer.from(sent[i]))).toBe(0));
    expect(metrics.framesOut).toBe(sent.length);
    expect(metrics.bytesOut).toBe(sent.reduce((s, b) => s + b.byteLength, 0));
  });

  it("one SharedFrame reaches several sockets intact", async () => {
    const a = await pair();
    const b = await pair();
    const frame = new SharedFrame(bytes(1000, 7));
    a.conn.send(frame);
    b.conn.send(frame);
    await a.until(1);
    await b.until(1);
    expect(Buffer.compare(a.received[0], Buffer.from(frame.payload))).toBe(0);
    expect(Buffer.compare(b.received[0], Buffer.from(frame.payload))).toBe(0);
  });

  it("is not written once the connection is closing", async () => {
    const { conn, received, until } = await pair();
    conn.send(new SharedFrame(bytes(10, 1)));
    await until(1);
    conn.close(4000, "test");
    conn.send(new SharedFrame(bytes(10, 2)));
    await new Promise((r) => setTimeout(r, 100));
    expect(received.length).toBe(1);
  });

  it("counts toward the slow-reader limit: a peer that stops reading is disconnected, not buffered for", async () => {
    const { conn, client, metrics } = await pair({ ...DEFAULT_LIMITS, maxBufferedBytes: 256 * 1024 });
    (client as unknown as { _socket: { pause(): void } })._socket.pause();
    const frame = new SharedFrame(bytes(1024 * 1024, 3));
    // The kernel's loopback buffers take a few MiB; past them the frames queue in the process.
    for (let i = 0; i < 64 && !conn.closed; i++) {
      conn.send(frame);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(conn.closed).toBe(true);
    expect(metrics.refusals["slow-reader"]).toBe(1);
  });
});
