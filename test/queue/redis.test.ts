import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { JobAbortedError } from '../../src/queue/errors.js';
import { createRedisQueue, type RedisQueueOptions } from '../../src/queue/redis.js';
import type { JobData, JobQueue } from '../../src/queue/types.js';
import { deferred, job, Timeline, waitFor } from './helpers.js';
import { connectOrFail, deleteByPrefix, describeWithRedis, FAST, redisTestUrl } from './redis-harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const prefix = `spark-test-${process.pid}`;
const url = redisTestUrl() ?? '';
let redis: Redis;
let counter = 0;
const open: JobQueue[] = [];

function makeQueue(queueName: string, extra: Partial<RedisQueueOptions> = {}): JobQueue {
  const queue = createRedisQueue({ url, queueName, prefix, concurrency: 4, ...FAST, ...extra });
  open.push(queue);
  return queue;
}

function uniqueName(): string {
  counter += 1;
  return `q${counter}`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Multi-process and Redis-only behaviour; what both backends share is in contract.test.ts. */
describeWithRedis('createRedisQueue', () => {
  beforeAll(async () => {
    redis = await connectOrFail(url);
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((q) => q.close()));
  });

  afterAll(async () => {
    if (!redis) return;
    await deleteByPrefix(redis, `${prefix}:`);
    redis.disconnect();
  });

  it('turns a delivery redelivered 3× (to 3 receivers) into exactly one job, also after it finished', async () => {
    const name = uniqueName();
    const receivers = [makeQueue(name), makeQueue(name), makeQueue(name)];
    const worker = makeQueue(name);
    const processed: string[] = [];
    worker.process(async (j) => {
      processed.push(j.id);
      await redis.incr(`${prefix}:${name}:commits`);
    });
    // A ':' in the id would be rejected by BullMQ as a custom job id unless encoded.
    const delivery = job('72d3162e-cc78-11e3-81ab-4c9367dc0958:comment-99');
    const results = await Promise.all(receivers.map((r) => r.enqueue(delivery)));
    expect(results.filter((r) => r.accepted)).toHaveLength(1);

    await waitFor(() => processed.length === 1, 'the job');
    expect((await receivers[0]!.enqueue(delivery)).accepted).toBe(false);
    await waitFor(async () => (await worker.depth()) === 0, 'an empty queue');
    expect(processed).toEqual([delivery.id]);
    expect(await redis.get(`${prefix}:${name}:commits`)).toBe('1');
  });

  it('runs 10 concurrent commands on one PR one at a time, in arrival order, losing none (2 workers)', async () => {
    const name = uniqueName();
    const receivers = [makeQueue(name), makeQueue(name)];
    const workers = [makeQueue(name), makeQueue(name)];
    const timeline = new Timeline();
    for (const w of workers) {
      w.process(async (j) => {
        timeline.start(j);
        await sleep(15);
        await redis.rpush(`${prefix}:${name}:commits`, j.id);
        timeline.end(j);
      });
    }
    const jobs = Array.from({ length: 10 }, (_, i) => job(`cmd-${i}`, 'octo/repo#7'));
    const results = await Promise.all(jobs.map((j, i) => receivers[i % 2]!.enqueue(j)));
    expect(results.every((r) => r.accepted)).toBe(true);
    // `waiting` is each job's place in the PR's line: a permutation of 0..9.
    expect(results.map((r) => r.waiting).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const arrival = jobs.map((j, i) => ({ id: j.id, place: results[i]!.waiting })).sort((a, b) => a.place - b.place);

    await waitFor(() => timeline.events.length === 20, 'all 10 jobs', 20_000);
    expect(timeline.maxOverlap('octo/repo#7')).toBe(1);
    expect(timeline.startOrder('octo/repo#7')).toEqual(arrival.map((a) => a.id));
    expect(await redis.lrange(`${prefix}:${name}:commits`, 0, -1)).toEqual(arrival.map((a) => a.id));
    expect(await redis.exists(`${prefix}:${name}:spark:lock:octo/repo#7`, `${prefix}:${name}:spark:group:octo/repo#7`)).toBe(0);
  });

  it('recovers the job of a worker killed mid-job (SIGKILL) and completes it exactly once, keeping PR order', async () => {
    const name = uniqueName();
    const receiver = makeQueue(name);
    const child = spawn(process.execPath, ['--import', './test/fixtures/queue/register-ts.mjs', 'test/fixtures/queue/crash-worker.mjs'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        REDIS_URL: url,
        QUEUE_NAME: name,
        PREFIX: prefix,
        LOCK_TTL_MS: String(FAST.lockTtlMs),
        STALLED_LOCK_MS: String(FAST.stalledLockMs),
        STALLED_INTERVAL_MS: String(FAST.stalledIntervalMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await waitFor(() => output.includes('ready'), `the crash worker to start (output: ${output})`, 60_000);
      await receiver.enqueue(job('crash-1', 'octo/repo#3'));
      await waitFor(() => output.includes('started crash-1'), 'the crash worker to take the job');
      // A second command on the same PR arrives while the first one's worker is dying.
      expect((await receiver.enqueue(job('crash-2', 'octo/repo#3'))).waiting).toBe(1);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }

    const survivor = makeQueue(name);
    const completed: string[] = [];
    survivor.process(async (j) => {
      completed.push(j.id);
      await redis.incr(`${prefix}:${name}:commits:${j.id}`);
    });
    await waitFor(() => completed.length === 2, 'both jobs after the crash', 20_000);
    await waitFor(async () => (await survivor.depth()) === 0, 'an empty queue');
    expect(completed).toEqual(['crash-1', 'crash-2']);
    expect(await redis.get(`${prefix}:${name}:commits:crash-1`)).toBe('1');
    expect(await redis.get(`${prefix}:${name}:commits:crash-2`)).toBe('1');
  }, 90_000); // the crash worker loads the TS sources through a hook: slow on a busy machine

  it('requeues a job interrupted by a shutdown that outlived the drain timeout; another worker finishes it', async () => {
    const name = uniqueName();
    const first = makeQueue(name, { drainTimeoutMs: 100 });
    const started = deferred();
    const attempts: string[] = [];
    first.process(
      (j: JobData, signal: AbortSignal) =>
        new Promise<void>((resolve) => {
          attempts.push(`first ${j.id}`);
          started.resolve();
          signal.addEventListener('abort', () => resolve());
        }),
    );
    await first.enqueue(job('slow-1', 'octo/repo#9'));
    await started.promise;
    await first.close();

    const second = makeQueue(name);
    second.process(async (j) => {
      attempts.push(`second ${j.id}`);
    });
    await waitFor(() => attempts.length === 2, 'the requeued job');
    expect(attempts).toEqual(['first slow-1', 'second slow-1']);
  });

  it('drops a stale entry at the head of a PR’s line instead of blocking it forever', async () => {
    const name = uniqueName();
    // Left behind by a receiver that died between recording a delivery and adding its job.
    await redis.rpush(`${prefix}:${name}:spark:group:octo/repo#5`, 'ghost-delivery');
    const worker = makeQueue(name);
    const runs: string[] = [];
    worker.process(async (j) => {
      runs.push(j.id);
    });
    expect((await worker.enqueue(job('real', 'octo/repo#5'))).waiting).toBe(1);
    await waitFor(() => runs.length === 1, 'the real job');
    expect(runs).toEqual(['real']);
  });

  it('queues a redelivered command whose first delivery was accepted but never reached BullMQ (add and undo both failed)', async () => {
    const name = uniqueName();
    // What a receiver leaves when Redis goes away between ACCEPT and the BullMQ add, and the undo fails too.
    await redis.set(`${prefix}:${name}:spark:dedupe:lost-once`, `q:${Date.now() - 60_000}`);
    await redis.rpush(`${prefix}:${name}:spark:group:octo/repo#6`, 'lost-once');
    const worker = makeQueue(name);
    const runs: string[] = [];
    worker.process(async (j) => {
      runs.push(j.id);
    });
    expect((await worker.enqueue(job('lost-once', 'octo/repo#6'))).accepted).toBe(true);
    await waitFor(() => runs.length === 1, 'the redelivered job');
    // Once it ran, the next redelivery is a plain duplicate again.
    expect((await worker.enqueue(job('lost-once', 'octo/repo#6'))).accepted).toBe(false);
    await waitFor(async () => (await worker.depth()) === 0, 'an empty queue');
    expect(runs).toEqual(['lost-once']);
  });

  it('aborts a running job whose PR lock was taken over (owner token no longer matches)', async () => {
    const name = uniqueName();
    const worker = makeQueue(name);
    const started = deferred();
    let reason: unknown;
    worker.process(
      (_j: JobData, signal: AbortSignal) =>
        new Promise<void>((resolve) => {
          started.resolve();
          signal.addEventListener('abort', () => {
            reason = signal.reason;
            resolve();
          });
        }),
    );
    await worker.enqueue(job('locked-1', 'octo/repo#6'));
    await started.promise;
    const lockKey = `${prefix}:${name}:spark:lock:octo/repo#6`;
    expect(await redis.get(lockKey)).toMatch(/.+/);
    // Simulates another attempt owning the lock after this worker stalled past the TTL.
    await redis.set(lockKey, 'someone-else', 'PX', 10_000);
    await waitFor(() => reason !== undefined, 'the abort');
    expect(reason).toBeInstanceOf(JobAbortedError);
    // The usurper's lock is left alone (compare-and-delete).
    expect(await redis.get(lockKey)).toBe('someone-else');
  });
});
