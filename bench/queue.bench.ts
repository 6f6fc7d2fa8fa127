/**
 * Queue overhead: what the queue itself costs per job, with a no-op processor.
 * - inProcess: 20 000 jobs over 200 PRs through the in-process queue.
 * - redis: enqueue latency (the webhook receiver's share of the ack), throughput over 50 PRs
 *   with 2 workers, and the same-PR hand-off (end of job N → start of job N+1), which is what
 *   a second `/spark fix` on one PR waits on top of the first job. Needs Redis at
 *   SPARK_BENCH_REDIS_URL / REDIS_URL / redis://127.0.0.1:6379.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createMemoryQueue } from '../src/queue/memory.js';
import { createRedisQueue } from '../src/queue/redis.js';
import type { JobData } from '../src/queue/types.js';

export const name = 'queue';

const url = process.env.SPARK_BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function makeJob(id: string, group: string): JobData {
  return { id, group, kind: 'fix', installationId: 1, payload: {} };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (n: number): number => Math.round(n * 100) / 100;

async function drained(count: () => number, total: number): Promise<void> {
  while (count() < total) await new Promise((r) => setTimeout(r, 5));
}

async function memoryBench(): Promise<Record<string, number>> {
  const total = 20_000;
  const queue = createMemoryQueue({ concurrency: 8 });
  let done = 0;
  queue.process(async () => {
    done++;
  });
  const started = performance.now();
  for (let i = 0; i < total; i++) await queue.enqueue(makeJob(`m${i}`, `o/r#${i % 200}`));
  await drained(() => done, total);
  const ms = performance.now() - started;
  await queue.close();
  return { jobs: total, groups: 200, jobsPerSecond: Math.round((total / ms) * 1000) };
}

async function redisBench(): Promise<Record<string, number | string>> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
  } catch (error) {
    probe.disconnect();
    return { skipped: `Redis not reachable at ${url}: ${(error as Error).message}` };
  }
  const prefix = `spark-bench-${randomUUID().slice(0, 8)}`;
  const options = { url, prefix, queueName: 'bench', concurrency: 8, waitPollMs: 200 };
  const receiver = createRedisQueue(options);
  const workers = [createRedisQueue(options), createRedisQueue(options)];
  try {
    // Throughput across PRs, plus per-enqueue latency.
    const total = 1_000;
    let done = 0;
    const handoffs: number[] = [];
    const lastEndByGroup = new Map<string, number>();
    for (const w of workers) {
      w.process(async (job) => {
        const now = performance.now();
        const previous = lastEndByGroup.get(job.group);
        if (previous !== undefined && job.group.startsWith('serial')) handoffs.push(now - previous);
        lastEndByGroup.set(job.group, performance.now());
        done++;
      });
    }
    const enqueueMs: number[] = [];
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const t = performance.now();
      await receiver.enqueue(makeJob(`r${i}`, `o/r#${i % 50}`));
      enqueueMs.push(performance.now() - t);
    }
    await drained(() => done, total);
    const throughputMs = performance.now() - started;

    // Same-PR hand-off: 30 commands on one PR, enqueued at once.
    const serialTotal = 30;
    const before = done;
    await Promise.all(Array.from({ length: serialTotal }, (_, i) => receiver.enqueue(makeJob(`s${i}`, 'serial#1'))));
    await drained(() => done - before, serialTotal);

    enqueueMs.sort((a, b) => a - b);
    handoffs.sort((a, b) => a - b);
    return {
      jobs: total,
      groups: 50,
      workers: 2,
      concurrencyPerWorker: 8,
      jobsPerSecond: Math.round((total / throughputMs) * 1000),
      enqueueP50Ms: round(percentile(enqueueMs, 50)),
      enqueueP95Ms: round(percentile(enqueueMs, 95)),
      samePrHandoffP50Ms: round(percentile(handoffs, 50)),
      samePrHandoffP95Ms: round(percentile(handoffs, 95)),
    };
  } finally {
    await Promise.all([receiver.close(), ...workers.map((w) => w.close())]);
    let cursor = '0';
    do {
      const [next, keys] = await probe.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await probe.del(...keys);
    } while (cursor !== '0');
    probe.disconnect();
  }
}

export async function run(): Promise<unknown> {
  return { inProcess: await memoryBench(), redis: await redisBench() };
}
