/**
 * Runs each stress case in its own worker thread with a time cap, so a pathological input
 * cannot hang the bench: past the cap the worker is terminated and the case reported as over it.
 */
import { Worker } from 'node:worker_threads';
import { STRESS_CASES } from './stress.js';

export interface StressResult {
  ms: number | null;
  overCap: boolean;
  outcome: string;
  replyBytes?: number;
}

function runOne(name: string, capMs: number): Promise<StressResult> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./stress-worker.js', import.meta.url), { workerData: { name } });
    let settled = false;
    const finish = (r: StressResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ms: null, overCap: true, outcome: `over ${capMs / 1000} s (terminated)` }), capMs);
    worker.once('message', (m: { ms: number; outcome: string; replyBytes: number }) => finish({ ms: +m.ms.toFixed(1), overCap: false, outcome: m.outcome, replyBytes: m.replyBytes }));
    worker.once('error', (e) => finish({ ms: null, overCap: false, outcome: `worker error: ${e.message}` }));
    worker.once('exit', (code) => finish({ ms: null, overCap: false, outcome: `worker exited (${code})` }));
  });
}

/** All cases, `parallel` at a time. */
export async function runStress(capMs = 30_000, parallel = 2): Promise<{ cases: Record<string, StressResult>; slowestMs: number | string; capMs: number }> {
  const names = Object.keys(STRESS_CASES);
  const cases: Record<string, StressResult> = {};
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < names.length) {
      const name = names[next++]!;
      cases[name] = await runOne(name, capMs);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  const results = names.map((n) => cases[n]!);
  const slowestMs = results.some((r) => r.overCap) ? `> ${capMs}` : Math.max(0, ...results.map((r) => r.ms ?? 0));
  return { cases: Object.fromEntries(names.map((n) => [n, cases[n]!])), slowestMs, capMs };
}
