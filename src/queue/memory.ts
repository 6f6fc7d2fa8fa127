/**
 * In-process queue (the default when REDIS_URL is unset): one Node process receives webhooks
 * and runs jobs. Same semantics as the Redis backend: dedupe by job id with a TTL, FIFO per
 * group with at most one running job per group, different groups concurrently.
 */
import { JobAbortedError, QueueClosedError } from './errors.js';
import { safeCall } from './safe-call.js';
import { silentLog, type Log } from '../log.js';
import type { EnqueueResult, JobData, JobOutcome, JobProcessor, JobQueue, QueueHooks } from './types.js';
import { validateJob } from './validate.js';

export interface MemoryQueueOptions {
  /** Jobs running at once across groups (default 4). */
  concurrency?: number;
  /** How long a job id is remembered to drop redeliveries (default 24 h). */
  dedupeTtlMs?: number;
  /** close() waits this long for in-flight jobs, then aborts their signals (default 30 s). */
  drainTimeoutMs?: number;
  log?: Log;
  hooks?: QueueHooks;
  /** Injected clock for the dedupe TTL. */
  now?: () => number;
}

interface Pending {
  job: JobData;
  enqueuedAt: number;
}

interface Running {
  job: JobData;
  enqueuedAt: number;
  controller: AbortController;
  done: Promise<void>;
}

export const DEFAULT_DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;

export function createMemoryQueue(options: MemoryQueueOptions = {}): JobQueue {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const dedupeTtlMs = options.dedupeTtlMs ?? DEFAULT_DEDUPE_TTL_MS;
  const drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
  const log = options.log ?? silentLog;
  const hooks = options.hooks ?? {};
  const now = options.now ?? Date.now;

  // id → expiry. The TTL is constant, so Map insertion order is expiry order and the sweep
  // can stop at the first live entry.
  const seen = new Map<string, number>();
  const pending: Pending[] = [];
  const running = new Map<string, Running>(); // by group
  let processor: JobProcessor | undefined;
  let closing = false;

  function sweep(at: number): void {
    for (const [id, expires] of seen) {
      if (expires > at) break;
      seen.delete(id);
    }
  }

  function aheadOf(group: string, limit = pending.length): number {
    let ahead = running.has(group) ? 1 : 0;
    for (let i = 0; i < limit; i++) if (pending[i]!.job.group === group) ahead++;
    return ahead;
  }

  function pump(): void {
    if (!processor || closing) return;
    for (let i = 0; i < pending.length && running.size < concurrency; ) {
      const entry = pending[i]!;
      if (running.has(entry.job.group)) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      start(entry, processor);
    }
  }

  function start(entry: Pending, run: JobProcessor): void {
    const { job } = entry;
    const controller = new AbortController();
    const slot: Running = { job, enqueuedAt: entry.enqueuedAt, controller, done: Promise.resolve() };
    running.set(job.group, slot);
    slot.done = (async () => {
      // Yield first so enqueue() returns before the processor's synchronous part runs.
      await Promise.resolve();
      safeCall(log, 'onStart', () => hooks.onStart?.(job, now() - entry.enqueuedAt));
      const started = performance.now();
      let outcome: JobOutcome = 'completed';
      try {
        await run(job, controller.signal);
        if (controller.signal.aborted) outcome = 'aborted';
      } catch (error) {
        outcome = controller.signal.aborted ? 'aborted' : 'failed';
        log.error({ err: error, jobId: job.id, group: job.group, kind: job.kind }, 'job failed');
        safeCall(log, 'onError', () => hooks.onError?.(error, job));
      } finally {
        running.delete(job.group);
        safeCall(log, 'onSettled', () => hooks.onSettled?.(job, outcome, performance.now() - started));
        pump();
      }
    })();
  }

  return {
    async enqueue(job: JobData): Promise<EnqueueResult> {
      validateJob(job);
      if (closing) throw new QueueClosedError(job.id);
      const at = now();
      sweep(at);
      let result: EnqueueResult;
      if (seen.has(job.id)) {
        const index = pending.findIndex((p) => p.job.id === job.id);
        result = { accepted: false, waiting: index < 0 ? 0 : aheadOf(job.group, index) };
      } else {
        seen.set(job.id, at + dedupeTtlMs);
        result = { accepted: true, waiting: aheadOf(job.group) };
        pending.push({ job, enqueuedAt: at });
        pump();
      }
      safeCall(log, 'onEnqueued', () => hooks.onEnqueued?.(job, result));
      return result;
    },

    process(run: JobProcessor): void {
      if (processor) throw new Error('process() was already called on this queue; create one queue per processor.');
      processor = run;
      pump();
    },

    async depth(): Promise<number> {
      return pending.length + running.size;
    },

    async oldestAgeMs(): Promise<number> {
      let oldest = Infinity;
      for (const entry of [...pending, ...running.values()]) oldest = Math.min(oldest, entry.enqueuedAt);
      return oldest === Infinity ? 0 : Math.max(0, now() - oldest);
    },

    async close(): Promise<void> {
      closing = true;
      const inFlight = [...running.values()];
      if (pending.length > 0) {
        // In-process jobs cannot outlive the process: say which ones were dropped so an
        // operator can ask users to repeat them (use REDIS_URL for durable jobs).
        log.warn({ jobIds: pending.map((p) => p.job.id) }, `queue closed with ${pending.length} job(s) not started`);
        pending.length = 0;
      }
      const all = Promise.all(inFlight.map((r) => r.done));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        all.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), drainTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        for (const r of inFlight) r.controller.abort(new JobAbortedError(r.job.id, 'the queue is shutting down'));
        await all;
      }
    },
  };
}
