// Fan-out (open loop: every client edits at a fixed rate, everyone observes) and burst (every
// client sends its edits back to back; closed loop on completion).
import { now } from "../lib/client.js";
import { TagLedger, closeAll, connectAll, measureWindow, openLoopMaxSeq, startOpenLoop } from "../lib/harness.js";
import { sleep } from "../lib/servers.js";
import { summarize } from "../lib/stats.js";

/**
 * @param {import("../lib/servers.js").ServerProcess} server a freshly started server
 * @param {object} [o]
 * @param {number} [o.probers] how many of the clients (the first ones) also ask "saved?" after each
 *   edit, as the app's editor does (a sync step 1; its sync step 2 answer is the "saved" latency: for
 *   ours, sent once the commit holding the edit is done; other servers answer at once, unstored)
 * @returns latency summary (ms), loss, CPU, loop delay, "saved" latency
 */
export async function fanout(server, { clients = 100, rate = 10, warmupS = 2, measureS = 6, doc = "fanout", probers = 10 } = {}) {
  const ledger = new TagLedger(clients, openLoopMaxSeq({ rate, warmupS, measureS }));
  const saved = [];
  const onSaved = (_seq, sentAt, latency) => {
    if (sentAt >= ledger.windowStart && sentAt < ledger.windowEnd) saved.push(latency);
  };
  const cs = await connectAll(server, doc, clients, { onTag: ledger.onTag, extraFor: (id) => (id < probers ? { probeClients: clients, onSaved } : {}) });
  await sleep(200);
  // Warm-up outside the CPU window, then the measured part.
  let cpuAll0 = 0;
  const { running } = await startOpenLoop(cs, ledger, { rate, warmupS, measureS }, () => (cpuAll0 = server.cpuMs()));
  let sendErrors = 0;
  const m = await measureWindow(server, async () => {
    sendErrors = await running;
  });
  await ledger.drain(3000, 20000); // "lost" = not delivered after 3 s without any delivery (20 s at most)
  // CPU per delivery over everything (warm-up to drained), so a server that lags behind the
  // window is charged for the work it did after it.
  const cpuAll = server.cpuMs() - cpuAll0;
  const lat = ledger.latencySummary();
  const savedLat = summarize(saved);
  const unanswered = cs.reduce((n, c) => n + c.probes.length, 0);
  const { expected, missing } = ledger.loss();
  const closedEarly = cs.filter((c) => c.closed).map((c) => c.closeCode);
  await closeAll(cs);
  return {
    p50: lat.p50,
    p95: lat.p95,
    p99: lat.p99,
    max: lat.max,
    samples: lat.n,
    expected,
    lost: missing,
    sendErrors,
    closedEarly: closedEarly.length,
    closeCodes: [...new Set(closedEarly)].join(",") || undefined,
    cpuPct: m.serverCpuPct,
    cpuMsPer1kDeliveries: (cpuAll / Math.max(1, ledger.delivered)) * 1000,
    loopP99: m.loopP99Ms,
    loopMax: m.loopMaxMs,
    generatorCpuPct: m.generatorCpuPct,
    framesInPerClient: cs.reduce((a, c) => a + c.framesIn, 0) / clients,
    savedP50: savedLat.p50,
    savedP99: savedLat.p99,
    savedSamples: savedLat.n,
    savedUnanswered: unanswered,
  };
}

/** 20 clients × 500 edits sent back to back; edits/s = all edits / (first send → last delivery). */
export async function burst(server, { clients = 20, edits = 500, doc = "burst" } = {}) {
  const ledger = new TagLedger(clients, edits + 1);
  const cs = await connectAll(server, doc, clients, { onTag: ledger.onTag });
  await sleep(200);
  ledger.windowStart = 0;
  ledger.windowEnd = Infinity;
  let t0 = 0;
  const m = await measureWindow(server, async () => {
    t0 = now();
    for (let k = 0; k < edits; k++) {
      for (let i = 0; i < clients; i++) {
        const seq = cs[i].edit();
        if (seq > 0) ledger.sent(i, seq, now());
      }
    }
    // Complete when every tag reached every other client, or nothing new for 15 s (a server can
    // stall for seconds on this shared machine; what never arrives after that counts as lost).
    const expected = clients * (clients - 1) * edits;
    let last = -1;
    let lastChange = now();
    while (ledger.delivered < expected) {
      await sleep(5);
      if (ledger.delivered !== last) {
        last = ledger.delivered;
        lastChange = now();
      } else if (now() - lastChange > 15000) break;
    }
  });
  const completionMs = ledger.lastDeliveryAt - t0;
  const lat = ledger.latencySummary();
  const { expected, missing } = ledger.loss();
  const closedEarly = cs.filter((c) => c.closed).map((c) => c.closeCode);
  await closeAll(cs);
  const total = clients * edits;
  return {
    completionMs,
    editsPerS: missing === 0 ? (total / completionMs) * 1000 : NaN,
    deliveriesPerS: ((expected - missing) / completionMs) * 1000,
    p50: lat.p50,
    p99: lat.p99,
    expected,
    lost: missing,
    closedEarly: closedEarly.length,
    closeCodes: [...new Set(closedEarly)].join(",") || undefined,
    serverCpuMs: m.serverCpuMs,
    loopMax: m.loopMaxMs,
    rssAfterMB: server.rssMB(),
  };
}
