/**
 * BullMQ backend (REDIS_URL set): webhook receivers enqueue, `npm run worker` processes.
 *
 * Design (why it cannot lose or reorder jobs of one PR):
 * - enqueue runs one Lua script that records the delivery id (`SET NX PX`, durable dedupe) and
 *   appends the id to the PR's group list, then adds the BullMQ job with a derived custom id.
 *   A redelivery fails the `SET NX` and adds nothing; if adding fails the script is undone.
 * - The group list is the order of truth. A worker may run a job only while it is the list's
 *   head AND it holds the group lock (`SET NX PX` with a per-attempt owner token, extended by
 *   compare-and-pexpire while running). Any other job of the group goes back to BullMQ's
 *   delayed set (`moveToDelayed` + `DelayedError`): it stays durable in Redis, is never
 *   failed, and re-checks later; finishing a job promotes the group's next job at once.
 * - Finishing marks the dedupe record "done", removes the id from the list and releases the
 *   lock in one script (compare-and-delete), before BullMQ marks the job completed. A stalled
 *   replay of a finished job sees "done" and does nothing.
 * - A worker crash leaves the job active; BullMQ's stalled checker moves it back to wait and
 *   another worker claims it once the dead attempt's group lock expires (lockTtlMs). The
 *   commit itself is guarded by expectedHeadOid, so even a replay after a side effect is safe.
 * - Redis away while a process starts: the connections reconnect on their own; a BullMQ Queue
 *   whose one-shot start-up failed meanwhile is replaced on next use (restartable-queue.ts), so
 *   the enqueue that failed answers 500 (redelivered later) and the next one goes through.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { JobAbortedError, QueueClosedError, RedisUnavailableError } from './errors.js';
import { toBullJobId } from './job-id.js';
import { queueCommands, type QueueCommands } from './redis-commands.js';
import { dedupeKey, keysFor, type GroupKeys } from './redis-keys.js';
import { restartableQueue } from './restartable-queue.js';
import { safeCall } from './safe-call.js';
import { silentLog, type Log } from '../log.js';
import type { EnqueueResult, JobData, JobOutcome, JobProcessor, JobQueue, QueueHooks } from './types.js';
import { validateJob } from './validate.js';
import { stripUndefined } from '../strip-undefined.js';

export interface RedisQueueOptions {
  /** redis://[:password@]host:port[/db] (REDIS_URL). */
  url: string;
  /** BullMQ queue name, no ':' (default "spark-jobs"). */
  queueName?: string;
  /** Namespace of BullMQ's keys (default "bull") and, as `<prefix>:<queue>:spark`, of ours. */
  prefix?: string;
  /** Jobs one worker runs at once, across PRs (default 4). */
  concurrency?: number;
  /** TTL of the per-PR lock; extended every third of it while the job runs (default 30 s). */
  lockTtlMs?: number;
  /** How long a delivery id is remembered (default 24 h). */
  dedupeTtlMs?: number;
  /** Re-check delay of a job waiting for its PR, times its position (capped ×10; default 1 s). */
  waitPollMs?: number;
  /** close() waits this long for running jobs, then aborts and requeues them (default 30 s). */
  drainTimeoutMs?: number;
  /** BullMQ job lock; a worker silent this long is considered crashed (default 30 s). */
  stalledLockMs?: number;
  /** How often workers look for crashed workers' jobs (default 30 s). */
  stalledIntervalMs?: number;
  /** Crash recoveries before a job is failed for good (default 2). */
  maxStalledCount?: number;
  log?: Log;
  hooks?: QueueHooks;
}

const DEFAULTS = {
  queueName: 'spark-jobs',
  prefix: 'bull',
  concurrency: 4,
  lockTtlMs: 30_000,
  dedupeTtlMs: 24 * 60 * 60 * 1000,
  waitPollMs: 1_000,
  drainTimeoutMs: 30_000,
  stalledLockMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 2,
} as const;

/** ioredis waits this long (default 2 s) for a half-open socket to close on disconnect. */
const DISCONNECT_TIMEOUT_MS = 300;

/** A head whose job is gone is only a phantom once a racing enqueue had time to add it. */
const PHANTOM_GRACE_MS = 10_000;

export function createRedisQueue(options: RedisQueueOptions): JobQueue {
  const o = { ...DEFAULTS, ...stripUndefined(options), url: options.url };
  const log = options.log ?? silentLog;
  const hooks = options.hooks ?? {};
  const base = `${o.prefix}:${o.queueName}:spark`;
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  // Receivers: a bounded retry count so a dead Redis turns into an error the webhook handler
  // can report, instead of a request hanging forever.
  const producer = new Redis(o.url, { maxRetriesPerRequest: 3, disconnectTimeout: DISCONNECT_TIMEOUT_MS });
  producer.on('error', (err) => log.warn({ err }, 'redis (producer) connection error'));
  const producerCommands = queueCommands(producer);
  // Started again on next use if Redis went away during its start-up (see restartable-queue.ts).
  const queues = restartableQueue(() => {
    const queue = new Queue<JobData>(o.queueName, {
      connection: producer,
      prefix: o.prefix,
      defaultJobOptions: {
        // Retries are for infrastructure failures only; processor failures are Unrecoverable.
        attempts: 5,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: { age: Math.ceil(o.dedupeTtlMs / 1000), count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
    queue.on('error', (err) => log.warn({ err }, 'bullmq queue error'));
    return queue;
  }, log);

  let worker: Worker<JobData> | undefined;
  let workerConnection: Redis | undefined;
  let closing: Promise<void> | undefined;
  let shuttingDown = false;
  const running = new Set<AbortController>();

  async function isPhantom(headId: string): Promise<boolean> {
    const state = await queues.get().getJobState(toBullJobId(headId));
    if (state === 'completed' || state === 'failed') return true;
    if (state !== 'unknown') return false;
    const record = await producer.get(dedupeKey(base, headId));
    if (record === null || record === 'done') return true;
    const at = Number(record.slice(2));
    return !Number.isFinite(at) || Date.now() - at > PHANTOM_GRACE_MS;
  }

  /**
   * A duplicate whose dedupe record still says queued ("q:…") while BullMQ has no such job: the
   * first delivery's add failed after its accept, and the undo failed too. (An add still in
   * flight also looks like this; adding again with the same job id is a no-op for BullMQ.)
   */
  async function lostAccept(id: string): Promise<boolean> {
    try {
      const record = await producer.get(dedupeKey(base, id));
      if (record === null || !record.startsWith('q:')) return false;
      return (await queues.get().getJobState(toBullJobId(id))) === 'unknown';
    } catch (error) {
      throw new RedisUnavailableError('checking a duplicate delivery', error);
    }
  }

  async function postpone(bullJob: Job<JobData>, token: string | undefined, ms: number): Promise<never> {
    await bullJob.moveToDelayed(Date.now() + ms, token);
    throw new DelayedError();
  }

  async function promote(nextId: string): Promise<void> {
    try {
      const next = await queues.get().getJob(toBullJobId(nextId));
      if (next && (await next.isDelayed())) await next.promote();
    } catch (error) {
      // Another worker may have promoted or started it first; it re-checks on its own anyway.
      log.debug({ err: error, jobId: nextId }, 'promote of next job skipped');
    }
  }

  /** Loops until this attempt owns the PR, postpones the job, or finds it already done. */
  async function claim(
    commands: QueueCommands,
    k: GroupKeys,
    job: JobData,
    token: string,
    bullJob: Job<JobData>,
    bullToken: string | undefined,
  ): Promise<boolean> {
    for (let round = 0; round < 5; round++) {
      const result = await commands.claim(k, job.id, token, o.lockTtlMs);
      switch (result.kind) {
        case 'claimed':
          return true;
        case 'done':
          log.info({ jobId: job.id }, 'job already finished (stalled replay); skipping');
          return false;
        case 'missing':
          log.warn({ jobId: job.id, group: job.group }, 'job missing from its group list; re-registering');
          await commands.reregister(k, job.id);
          continue;
        case 'behind':
          if (await isPhantom(result.head)) {
            log.warn({ jobId: result.head, group: job.group }, 'dropping a finished or lost job from the group head');
            await commands.dropHead(k, result.head);
            continue;
          }
          return postpone(bullJob, bullToken, o.waitPollMs * Math.min(result.position, 10));
        case 'locked':
          return postpone(bullJob, bullToken, o.waitPollMs);
      }
    }
    return postpone(bullJob, bullToken, o.waitPollMs);
  }

  async function handle(
    processor: JobProcessor,
    commands: QueueCommands,
    bullJob: Job<JobData>,
    bullToken: string | undefined,
    bullSignal: AbortSignal | undefined,
  ): Promise<void> {
    const job = bullJob.data;
    const k = keysFor(base, job.id, job.group);
    const token = `${workerId}:${randomUUID()}`;
    if (!(await claim(commands, k, job, token, bullJob, bullToken))) return;

    const controller = new AbortController();
    const onBullAbort = (): void => controller.abort(bullSignal?.reason);
    bullSignal?.addEventListener('abort', onBullAbort, { once: true });
    const extender = setInterval(() => {
      commands.extend(k, token, o.lockTtlMs).then(
        (ok) => {
          if (!ok) controller.abort(new JobAbortedError(job.id, 'it lost the per-PR lock (the worker stalled)'));
        },
        (err: unknown) => log.warn({ err, jobId: job.id }, 'could not extend the per-PR lock'),
      );
    }, Math.max(50, Math.floor(o.lockTtlMs / 3)));
    running.add(controller);

    safeCall(log, 'onStart', () => hooks.onStart?.(job, Date.now() - bullJob.timestamp));
    const started = performance.now();
    let outcome: JobOutcome = 'completed';
    let failure: unknown;
    try {
      await processor(job, controller.signal);
      if (controller.signal.aborted) outcome = 'aborted';
    } catch (error) {
      outcome = controller.signal.aborted ? 'aborted' : 'failed';
      failure = error;
    } finally {
      clearInterval(extender);
      bullSignal?.removeEventListener('abort', onBullAbort);
      running.delete(controller);
    }

    if (outcome === 'aborted' && shuttingDown) {
      // Interrupted by shutdown, not finished: hand the job back so another worker (or this
      // one after restart) runs it. Releasing the lock via finish would drop it from the PR's
      // list, so only the lock is released here.
      await commands.release(k, token);
      log.warn({ jobId: job.id }, 'job interrupted by shutdown; requeued');
      return postpone(bullJob, bullToken, 0);
    }

    if (failure !== undefined) {
      log.error({ err: failure, jobId: job.id, group: job.group, kind: job.kind }, 'job failed');
      safeCall(log, 'onError', () => hooks.onError?.(failure, job));
    }
    const next = await commands.finish(k, job.id, token);
    safeCall(log, 'onSettled', () => hooks.onSettled?.(job, outcome, performance.now() - started));
    if (next !== null) await promote(next);
    if (failure !== undefined) {
      // Unrecoverable: a processor failure is reported to the user by the processor and must
      // not be retried behind their back (the group already moved on).
      throw new UnrecoverableError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  return {
    async enqueue(job: JobData): Promise<EnqueueResult> {
      validateJob(job);
      if (closing) throw new QueueClosedError(job.id);
      const k = keysFor(base, job.id, job.group);
      let accepted: { accepted: boolean; position: number };
      try {
        accepted = await producerCommands.accept(k, job.id, o.dedupeTtlMs, Date.now());
      } catch (error) {
        throw new RedisUnavailableError('recording the delivery id', error);
      }
      if (!accepted.accepted && (await lostAccept(job.id))) {
        // An earlier delivery was accepted but its job never reached BullMQ (the add failed and so
        // did the undo, e.g. Redis went away in between): this redelivery is the command's only
        // chance, so it is accepted anew instead of being suppressed as a duplicate.
        log.warn({ jobId: job.id }, 'a redelivered command was accepted before but never queued: queueing it now');
        try {
          await producerCommands.unaccept(k, job.id);
          accepted = await producerCommands.accept(k, job.id, o.dedupeTtlMs, Date.now());
        } catch (error) {
          throw new RedisUnavailableError('recording the delivery id', error);
        }
      }
      let result: EnqueueResult;
      if (!accepted.accepted) {
        result = { accepted: false, waiting: Math.max(0, accepted.position) };
      } else {
        try {
          await queues.get().add(job.kind, job, { jobId: toBullJobId(job.id) });
        } catch (error) {
          await producerCommands.unaccept(k, job.id).catch((err: unknown) => {
            log.error({ err, jobId: job.id }, 'could not undo a failed enqueue; a worker will drop the stale entry');
          });
          throw new RedisUnavailableError('adding the job', error);
        }
        result = { accepted: true, waiting: accepted.position };
      }
      safeCall(log, 'onEnqueued', () => hooks.onEnqueued?.(job, result));
      return result;
    },

    process(processor: JobProcessor): void {
      if (worker) throw new Error('process() was already called on this queue; create one queue per processor.');
      if (closing) throw new QueueClosedError('(worker)');
      // BullMQ workers require maxRetriesPerRequest: null: they wait out a Redis restart
      // instead of failing jobs mid-flight.
      workerConnection = new Redis(o.url, { maxRetriesPerRequest: null, disconnectTimeout: DISCONNECT_TIMEOUT_MS });
      workerConnection.on('error', (err) => log.warn({ err }, 'redis (worker) connection error'));
      const commands = queueCommands(workerConnection);
      worker = new Worker<JobData>(
        o.queueName,
        // Three parameters: BullMQ passes an AbortSignal only to processors declaring it.
        (bullJob, bullToken, bullSignal) => handle(processor, commands, bullJob, bullToken, bullSignal),
        {
          connection: workerConnection,
          prefix: o.prefix,
          concurrency: o.concurrency,
          lockDuration: o.stalledLockMs,
          stalledInterval: o.stalledIntervalMs,
          maxStalledCount: o.maxStalledCount,
        },
      );
      worker.on('error', (err) => log.warn({ err }, 'bullmq worker error'));
      worker.on('failed', (bullJob, err) => {
        if (bullJob) log.warn({ err, jobId: bullJob.data.id, attempts: bullJob.attemptsMade }, 'bullmq job failed');
      });
    },

    async depth(): Promise<number> {
      const counts = await queues.get().getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'paused');
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    },

    async oldestAgeMs(): Promise<number> {
      // The head of each state (up to 100 delayed: a PR's waiting jobs are re-delayed, so that
      // set is ordered by retry time, not age). BullMQ's `timestamp` is the enqueue time.
      const jobs = await queues.get().getJobs(['active', 'waiting', 'prioritized', 'paused', 'delayed'], 0, 99, true);
      const oldest = Math.min(...jobs.map((j) => j.timestamp));
      return Number.isFinite(oldest) ? Math.max(0, Date.now() - oldest) : 0;
    },

    close(): Promise<void> {
      closing ??= (async () => {
        if (worker) {
          const current = worker;
          const drained = current.close().then(() => false);
          let timer: NodeJS.Timeout | undefined;
          const timedOut = await Promise.race([
            drained,
            new Promise<boolean>((resolve) => {
              timer = setTimeout(() => resolve(true), o.drainTimeoutMs);
            }),
          ]);
          clearTimeout(timer);
          if (timedOut) {
            shuttingDown = true;
            for (const c of running) c.abort(new JobAbortedError('(in flight)', 'the worker is shutting down'));
            await drained;
          }
        }
        await queues.close();
        await Promise.allSettled([quit(producer), workerConnection ? quit(workerConnection) : undefined]);
      })();
      return closing;
    },
  };
}

async function quit(redis: Redis): Promise<void> {
  // QUIT on a reconnecting client would leave its reconnect timer running (and the process
  // alive); disconnect() cancels it.
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

