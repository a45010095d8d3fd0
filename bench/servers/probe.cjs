// Preloaded into every server under test (NODE_OPTIONS="--expose-gc --require=probe.cjs"), so all
// of them are observed the same way without changing their code. On SIGUSR2 it forces a GC and
// writes heap, RSS and event-loop delay (since the previous SIGUSR2) to $BENCH_PROBE_OUT. When
// $BENCH_PROBE_OUT.mode says "nogc" (the start of a measured window) it skips the forced GC: a
// full GC there stalled the server as the window opened, by an amount that depends on its heap
// size, and showed up as the fan-out p99.
// CommonJS so it also loads into the CommonJS y-websocket 1.5.4 server.
"use strict";
const { monitorEventLoopDelay } = require("node:perf_hooks");
const { writeFileSync, renameSync, readFileSync } = require("node:fs");

const out = process.env.BENCH_PROBE_OUT;
if (out) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let seq = 0;
  process.on("SIGUSR2", () => {
    const sample = {
      seq: ++seq, // the n-th signal: the reader matches it to the signal it sent
      at: Date.now(),
      loopP50Ms: loop.percentile(50) / 1e6,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
    };
    loop.reset();
    let mode = "gc";
    try {
      mode = readFileSync(out + ".mode", "utf8").trim();
    } catch {
      // no mode file: force the GC
    }
    if (mode !== "nogc" && typeof global.gc === "function") {
      global.gc();
      global.gc();
    }
    const m = process.memoryUsage();
    sample.heapUsedMB = m.heapUsed / 1048576;
    sample.rssMB = m.rss / 1048576;
    sample.gc = mode !== "nogc" && typeof global.gc === "function";
    // Write then rename, so the reader never sees half a file.
    writeFileSync(out + ".tmp", JSON.stringify(sample));
    renameSync(out + ".tmp", out);
  });
}
