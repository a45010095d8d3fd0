// Small statistics helpers: percentiles over raw samples, medians over repetitions.

/** The p-th percentile (0–100) of numbers, nearest-rank; NaN when empty. Sorts a copy. */
export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function summarize(values) {
  if (!values.length) return { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] };
}

export function median(values) {
  const v = values.filter((x) => typeof x === "number" && !Number.isNaN(x));
  if (!v.length) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Medians of every numeric field across repetition results (objects with the same keys). */
export function medians(runs) {
  const out = {};
  const keys = new Set(runs.flatMap((r) => Object.keys(r ?? {})));
  for (const k of keys) {
    const vals = runs.map((r) => r?.[k]).filter((x) => typeof x === "number");
    if (vals.length) out[k] = median(vals);
  }
  return out;
}

export function minMax(runs, key) {
  const v = runs.map((r) => r?.[key]).filter((x) => typeof x === "number" && !Number.isNaN(x));
  return v.length ? [Math.min(...v), Math.max(...v)] : [NaN, NaN];
}

/** A growable Float64 sample buffer (latency samples can run into the millions). */
export class Samples {
  constructor(capacity = 1 << 16) {
    this.buf = new Float64Array(capacity);
    this.length = 0;
  }
  push(x) {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = x;
  }
  values() {
    return this.buf.subarray(0, this.length);
  }
}
