// Scenarios that involve each server's storage: cold load, join storm, document churn, crash.
import { BenchClient, now } from "../lib/client.js";
import { TagLedger, closeAll, connectAll } from "../lib/harness.js";
import { SENTINEL } from "../lib/docs.js";
import { sleep } from "../lib/servers.js";
import { summarize } from "../lib/stats.js";

function client(server, doc, id, extra = {}) {
  return new BenchClient({
    url: server.docUrl(doc),
    framing: server.spec.framing,
    docName: doc,
    id,
    headers: server.headers(id),
    sentinel: SENTINEL,
    ...extra,
  });
}

async function untilSentinel(c, timeoutMs = 60000) {
  const t0 = now();
  while (c.sentinelAt === null) {
    if (now() - t0 > timeoutMs) throw new Error(`client ${c.id}: content not present within ${timeoutMs} ms`);
    if (c.closed) throw new Error(`client ${c.id}: closed with ${c.closeCode} before the content arrived`);
    await sleep(2);
  }
  return c.sentinelAt - c.startedAt;
}

/** Cold load on a fresh server: first joiner (loads from storage), then a second (warm). */
export async function coldLoad(server, { doc = "cold" } = {}) {
  const cpu0 = server.cpuMs();
  const first = client(server, doc, 0);
  await first.connect(120000);
  const firstMs = await untilSentinel(first);
  const cpuFirst = server.cpuMs() - cpu0;
  const second = client(server, doc, 1);
  await second.connect(120000);
  const secondMs = await untilSentinel(second);
  const out = {
    firstMs,
    secondMs,
    firstSyncBytes: first.firstSync?.bytes ?? NaN,
    // 1 when the content was in the first sync reply; 0 when an empty document came first.
    contentInFirstSync: first.firstSync?.hasSentinel ? 1 : 0,
    serverCpuMsFirst: cpuFirst,
    rssAfterMB: server.rssMB(),
  };
  await closeAll([first, second]);
  return out;
}

/** `clients` clients connect at the same moment to a big document: connect → content present. */
export async function joinStorm(server, { doc, clients = 100 } = {}) {
  const cpu0 = server.cpuMs();
  const t0 = now();
  const cs = Array.from({ length: clients }, (_, i) => client(server, doc, i));
  const results = await Promise.allSettled(cs.map(async (c) => (await c.connect(120000), untilSentinel(c, 120000))));
  const ok = results.filter((r) => r.status === "fulfilled").map((r) => r.value);
  const failed = results.filter((r) => r.status === "rejected");
  const lat = summarize(ok);
  const out = {
    p50: lat.p50,
    p99: lat.p99,
    max: lat.max,
    allMs: now() - t0,
    failed: failed.length,
    failure: failed[0]?.reason?.message,
    serverCpuMs: server.cpuMs() - cpu0,
    peakRssMB: server.peakRssMB(),
  };
  await closeAll(cs);
  return out;
}

/**
 * Opens and closes `docs` small documents (each: connect, 20 edits, close; `concurrency` at a time),
 * then waits for the server to unload them, and compares post-GC heap with the baseline taken after
 * a warm-up of 20 documents.
 */
export async function churn(server, { docs = 3000, concurrency = 20, editsPerDoc = 20, settleMs = 3000, maxWaitMs = 20000 } = {}) {
  const one = async (name, id) => {
    const [c] = await connectAll(server, name, 1, { firstId: id });
    for (let k = 0; k < editsPerDoc; k++) c.edit();
    // Send the close frame after the edits and move on: waiting for each server's close reply
    // would measure close handshakes, not memory.
    c.ws.close();
  };
  for (let i = 0; i < 20; i++) await one(`churn-${docs + i}`, i % 100);
  await sleep(settleMs);
  const before = await server.probe();
  const t0 = now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (next < docs) {
        const i = next++;
        await one(`churn-${i}`, (w + i) % 100);
      }
    }),
  );
  const churnMs = now() - t0;
  // The heap after unloading: poll until it stops falling (ours unloads after a delay).
  await sleep(settleMs);
  let after = await server.probe();
  const waitStart = now();
  while (now() - waitStart < maxWaitMs) {
    await sleep(2000);
    const s = await server.probe();
    const falling = s.heapUsedMB < after.heapUsedMB - 0.2;
    after = s;
    if (!falling) break;
  }
  return {
    heapBeforeMB: before.heapUsedMB,
    heapAfterMB: after.heapUsedMB,
    heapDeltaMB: after.heapUsedMB - before.heapUsedMB,
    rssBeforeMB: before.rssMB,
    rssAfterMB: after.rssMB,
    docsPerS: (docs / churnMs) * 1000,
  };
}

/**
 * Crash: `cycles` times, `writers` fresh clients edit at `rate` Hz for a random 0.8–2 s, the server
 * is SIGKILLed and restarted, and a fresh reader loads the document. Every tag any client received
 * from the server (so the server had accepted and relayed it) must be in the reloaded document.
 * `restart()` returns a newly started server on the same data directory.
 */
export async function crash(startServer, { cycles = 20, writers = 10, rate = 10, doc = "crash" } = {}) {
  const seenTags = new Set();
  let server = await startServer();
  let missingByCycle = [];
  let missingStoredByCycle = [];
  let reloadMs = [];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  try {
    for (let cycle = 0; cycle < cycles; cycle++) {
      const firstId = 1 + cycle * writers;
      const cs = await connectAll(server, doc, writers, {
        firstId,
        onTag: (sender, seq) => seenTags.add(`${sender}.${seq}`),
      });
      const until = now() + 800 + rand() * 1200;
      while (now() < until) {
        for (const c of cs) c.edit();
        await sleep(1000 / rate);
      }
      await server.kill("SIGKILL");
      for (const c of cs) c.terminate();
      const t0 = now();
      server = await startServer();
      // What storage held at the restart, before anyone reconnects…
      const stored = await readTags(server, doc, t0);
      let missingStored = 0;
      for (const tag of seenTags) if (!stored.present.has(tag)) missingStored++;
      // New this cycle: missing now but not after the previous cycle's reconnect.
      missingStoredByCycle.push(missingStored - (missingByCycle[missingByCycle.length - 1] ?? 0));
      // …and after the cycle's writers reconnect: they still hold their own edits (a browser keeps
      // unsaved ones in IndexedDB) and send back what the server lacks when it asks (sync step 1).
      for (const c of cs) {
        c.firstSync = null;
        c.o.url = server.docUrl(doc);
        c.o.headers = server.headers(c.id);
      }
      await Promise.all(cs.map((c) => c.connect(60000).catch(() => undefined)));
      await sleep(500);
      await Promise.all(cs.map((c) => c.close()));
      const { present } = await readTags(server, doc, now());
      reloadMs.push(server.startMs);
      let missing = 0;
      for (const tag of seenTags) if (!present.has(tag)) missing++;
      missingByCycle.push(missing);
    }
  } finally {
    await server.kill("SIGKILL");
  }
  return {
    cycles,
    seenEdits: seenTags.size,
    /** Received by some client and missing after the cycle's writers reconnected. */
    lostEdits: missingByCycle[missingByCycle.length - 1] ?? NaN,
    cyclesWithLoss: missingByCycle.filter((m, i) => m > (missingByCycle[i - 1] ?? 0)).length,
    /** Received by some client and missing from storage at the restart, before any writer reconnected (ours: relayed, not yet committed). */
    missingBeforeReconnect: missingStoredByCycle.reduce((a, b) => a + b, 0),
    restartToListenMs: summarize(reloadMs).p50,
  };
}

/** A fresh reader's view of the document: the tags in it, once its text has been stable for 500 ms. */
async function readTags(server, doc, t0) {
  const reader = new BenchClient({
    url: server.docUrl(doc),
    framing: server.spec.framing,
    docName: doc,
    id: 0,
    headers: server.headers(0),
    apply: true,
  });
  await reader.connect(60000);
  // y-websocket answers with an empty document first and sends the stored content later:
  // wait until the reader's text has been stable for 500 ms.
  let len = -1;
  let stableSince = now();
  while (now() - stableSince < 500 && now() - t0 < 30000) {
    await sleep(50);
    if (reader.text.length !== len) {
      len = reader.text.length;
      stableSince = now();
    }
  }
  const present = new Set([...reader.text.toString().matchAll(/~T(\d+)\.(\d+)~/g)].map((m) => `${m[1]}.${m[2]}`));
  await reader.close();
  return { present };
}
