// autocannon 8 ships no types; the little the page benchmarks use.
declare module "autocannon" {
  interface Result {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number; mean: number };
    non2xx: number;
    errors: number;
    timeouts: number;
  }
  export default function autocannon(options: { url: string; connections: number; duration: number; headers?: Record<string, string> }): Promise<Result>;
}
