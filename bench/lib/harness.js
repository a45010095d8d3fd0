// Shared plumbing for scenarios: connecting many clients, tag bookkeeping (send times, per-receiver
// dedupe, loss), and server-side measurement windows (CPU from /proc, probe for loop delay).
import { BenchClient, now } from "./client.js";
import { Samples, summarize } from "./stats.js";
import { sleep } from "./servers.js";

/** Connects clients in waves of `concurrency`; throws with the first failure. */
export async function connectAll(server, docName, count, { firstId = 0, concurrency = 25, extraFor = () => ({}), ...extra } = {}) {
  const clients = [];
  for (let i = 0; i < count; i += concurrency) {
    const wave = [];
    for (let j = i; j < Math.min(count, i + concurrency); j++) {
      const id = firstId + j;
      const c = new BenchClient({
        url: server.docUrl(docName),
        framing: server.spec.framing,
        docName,
        id,
        headers: server.headers(id),
        ...extra,
        ...extraFor(id),
      });
      clients.push(c);
      wave.push(c.connect());
    }
    await Promise.all(wave);
  }
  return clients;
}

export async function closeAll(clients) {
  await Promise.all(clients.map((c) => c.close()));
}

/**
 * Tag bookkeeping for `senders` clients of which every one also receives. Latency counts only
 * for tags sent inside the measurement window; every delivery is deduplicated per receiver.
 */
export class TagLedger {
  constructor(clientCount, maxSeq) {
    this.n = clientCount;
    this.maxSeq = maxSeq;
    this.sendAt = Array.from({ length: clientCount }, () => new Float64Array(maxSeq + 1).fill(NaN));
    this.seen = Array.from({ length: clientCount }, () => new Uint8Array(clientCount * (maxSeq + 1)));
    this.latency = new Samples(Math.max(1 << 16, clientCount * (clientCount - 1) * maxSeq)); // sized up front: no copy while measuring
    this.windowStart = Infinity;
    this.windowEnd = -Infinity;
    this.lastDeliveryAt = 0;
    this.delivered = 0;
  }

  sent(sender, seq, at) {
    if (seq > 0 && seq <= this.maxSeq) this.sendAt[sender][seq] = at;
  }

  /** The onTag callback for BenchClient. */
  get onTag() {
    return (sender, seq, receiver, at) => {
      if (sender >= this.n || receiver >= this.n || seq > this.maxSeq) return;
      const idx = sender * (this.maxSeq + 1) + seq;
      const seen = this.seen[receiver];
      if (seen[idx]) return;
      seen[idx] = 1;
      this.delivered++;
      this.lastDeliveryAt = at;
      const t = this.sendAt[sender][seq];
      if (t >= this.windowStart && t < this.windowEnd) this.latency.push(at - t);
    };
  }

  /** Deliveries expected and missing for tags sent in the window (each to every other client). */
  loss(receivers = null) {
    let expected = 0;
    let missing = 0;
    const rs = receivers ?? [...Array(this.n).keys()];
    for (let s = 0; s < this.n; s++) {
      for (let q = 1; q <= this.maxSeq; q++) {
        const t = this.sendAt[s][q];
        if (!(t >= this.windowStart && t < this.windowEnd)) continue;
        for (const r of rs) {
          if (r === s) continue;
          expected++;
          if (!this.seen[r][s * (this.maxSeq + 1) + q]) missing++;
        }
      }
    }
    return { expected, missing };
  }

  /** Waits until no new delivery for `quietMs` (or `maxMs`). */
  async drain(quietMs = 500, maxMs = 5000) {
    const t0 = now();
    let last = this.delivered;
    let lastChange = now();
    while (now() - t0 < maxMs) {
      await sleep(50);
      if (this.delivered !== last) {
        last = this.delivered;
        lastChange = now();
      } else if (now() - lastChange >= quietMs) break;
    }
  }

  latencySummary() {
    return summarize(this.latency.values());
  }
}

/**
 * Server and generator CPU over a window, plus the probe's loop delay for that window. The
 * window opens synchronously (no await before `fn` starts), so a slow server cannot shift it.
 */
export async function measureWindow(server, fn) {
  server.signalProbe({ gc: false }); // resets the loop-delay histogram; no forced GC inside the window
  const cpu0 = server.cpuMs();
  const gen0 = process.cpuUsage();
  const t0 = now();
  const result = await fn();
  const elapsed = now() - t0;
  const cpu1 = server.cpuMs();
  const gen = process.cpuUsage(gen0);
  // No forced GC here: the last edits of the window are still being delivered (it put the GC pause,
  // up to ~100 ms for our server's larger heap, on their latency: the "max" of earlier runs).
  const probe = await server.probe({ gc: false });
  return {
    result,
    elapsedMs: elapsed,
    serverCpuMs: cpu1 - cpu0,
    serverCpuPct: ((cpu1 - cpu0) / elapsed) * 100,
    generatorCpuPct: ((gen.user + gen.system) / 1000 / elapsed) * 100,
    loopP99Ms: probe?.loopP99Ms ?? NaN,
    loopMaxMs: probe?.loopMaxMs ?? NaN,
  };
}

/** Highest per-client seq an open-loop run at `rate` edits/s over warm-up + window can reach. */
export const openLoopMaxSeq = ({ rate, warmupS, measureS }) => Math.ceil(rate * (warmupS + measureS)) + 2;

/**
 * Drives `cs` open loop: every client edits `rate` times a second, phases spread over one period, for
 * `warmupS` + `measureS` seconds; only edits sent after the warm-up count in `ledger`'s latency.
 * `onStart` runs as the first edit goes out (e.g. to read CPU counters). Resolves once the warm-up
 * is over, with `running`: a promise of the send errors, settled when the last edit is sent.
 */
export async function startOpenLoop(cs, ledger, { rate, warmupS, measureS }, onStart = () => {}) {
  const period = 1000 / rate;
  const start = now() + 20;
  const next = cs.map((_, i) => start + (i / cs.length) * period);
  const stopAt = start + (warmupS + measureS) * 1000;
  ledger.windowStart = start + warmupS * 1000;
  ledger.windowEnd = stopAt;
  let sendErrors = 0;
  await sleep(Math.max(0, start - now()));
  onStart();
  const running = new Promise((resolve) => {
    const tick = () => {
      const t = now();
      for (let i = 0; i < cs.length; i++) {
        while (next[i] <= t && next[i] < stopAt) {
          const seq = cs[i].edit();
          if (seq < 0) sendErrors++;
          else ledger.sent(i, seq, now());
          next[i] += period;
        }
      }
      if (t >= stopAt) resolve(sendErrors);
      else setTimeout(tick, 1);
    };
    tick();
  });
  await sleep(warmupS * 1000);
  return { running };
}
