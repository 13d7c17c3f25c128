// A fixed offered rate, open loop: requests leave at evenly spaced times whether or not earlier ones
// have been answered, and each latency counts from the time the request was due. autocannon's
// `overallRate` is not that: each connection sends back to back until it has used its budget for
// the current second and then waits for the next second, so the server sees bursts.
import http from "node:http";

export interface OpenLoopResult {
  rate: number;
  sent: number;
  ok: number;
  failed: number;
  /** Responses per second over the run (including the time to drain the last ones). */
  served: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export async function openLoop(url: string, headers: Record<string, string>, rate: number, durationS: number): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const total = Math.round(rate * durationS);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let failed = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();

  const fire = (due: number) =>
    new Promise<void>((resolve) => {
      const req = http.get(url, { agent, headers, timeout: 10_000 }, (res) => {
        res.resume();
        res.once("end", () => {
          if (res.statusCode === 200) latencies.push(performance.now() - due);
          else failed++;
          resolve();
        });
      });
      req.once("timeout", () => req.destroy(new Error("timeout")));
      req.once("error", () => (failed++, resolve()));
    });

  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        pending.push(fire(start + next * interval));
        next++;
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN);
  return {
    rate,
    sent: total,
    ok: latencies.length,
    failed,
    served: latencies.length / elapsed,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: latencies[latencies.length - 1] ?? NaN,
  };
}
