/**
 * One contract, two backends: every behaviour the handlers and jobs rely on is checked
 * against the in-process queue and the BullMQ/Redis queue alike. What only one backend can
 * do (dedupe TTL on a fake clock; several processes, crash recovery, lock takeover, restarts)
 * lives in memory.test.ts and redis*.test.ts.
 */
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { InvalidJobError, JobAbortedError, QueueClosedError } from '../../src/queue/errors.js';
import { createMemoryQueue } from '../../src/queue/memory.js';
import { createRedisQueue } from '../../src/queue/redis.js';
import type { JobData, JobOutcome, JobQueue, QueueHooks } from '../../src/queue/types.js';
import { deferred, job, Timeline, waitFor } from './helpers.js';
import { connectOrFail, deleteByPrefix, FAST, redisTestUrl } from './redis-harness.js';

interface BackendOptions {
  concurrency?: number;
  hooks?: QueueHooks;
  drainTimeoutMs?: number;
}
/** `name` is shared by every queue of one test (receivers and workers of one deployment). */
type MakeQueue = (name: string, options?: BackendOptions) => JobQueue;

const prefix = `spark-test-contract-${process.pid}`;
const url = redisTestUrl();
const open: JobQueue[] = [];
let counter = 0;

const memory: MakeQueue = (_name, options = {}) => createMemoryQueue({ concurrency: 4, ...options });
const redis: MakeQueue = (name, options = {}) => createRedisQueue({ url: url!, queueName: name, prefix, concurrency: 4, ...FAST, ...options });

const backends: [string, MakeQueue][] = [
  ['in-process', memory],
  ['Redis', redis],
];

afterEach(async () => {
  await Promise.all(open.splice(0).map((q) => q.close()));
});

afterAll(async () => {
  if (!url) return;
  const client = await connectOrFail(url);
  await deleteByPrefix(client, `${prefix}:`);
  client.disconnect();
});

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

function contract(_label: string, make: MakeQueue): void {
  /** A fresh deployment (queue name) per test; every queue it makes is closed after the test. */
  function deployment(): (options?: BackendOptions) => JobQueue {
    counter += 1;
    const name = `c${counter}`;
    return (options) => {
      const queue = make(name, options);
      open.push(queue);
      return queue;
    };
  }

  it('runs a delivery redelivered 3× exactly once', async () => {
    const queue = deployment()();
    const ran: string[] = [];
    queue.process(async (j) => {
      ran.push(j.id);
    });
    const results = await Promise.all([queue.enqueue(job('d1')), queue.enqueue(job('d1')), queue.enqueue(job('d1'))]);
    expect(results.filter((r) => r.accepted)).toHaveLength(1);
    await waitFor(() => ran.length === 1, 'the job');
    expect((await queue.enqueue(job('d1'))).accepted).toBe(false);
    await waitFor(async () => (await queue.depth()) === 0, 'an empty queue');
    expect(ran).toEqual(['d1']);
  });

  it('runs 10 jobs of one PR one at a time, in FIFO order, and reports how many are ahead', async () => {
    const queue = deployment()();
    const ids = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const results = [];
    for (const id of ids) results.push(await queue.enqueue(job(id)));
    expect(results.map((r) => r.waiting)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const timeline = new Timeline();
    queue.process(async (j) => {
      timeline.start(j);
      await tick();
      timeline.end(j);
    });
    await waitFor(() => timeline.events.length === 20, 'all 10 jobs');
    expect(timeline.maxOverlap('octo/repo#1')).toBe(1);
    expect(timeline.startOrder('octo/repo#1')).toEqual(ids);
  });

  it('runs jobs of different PRs concurrently', async () => {
    const queue = deployment()({ concurrency: 2 });
    const bStarted = deferred();
    const order: string[] = [];
    queue.process(async (j) => {
      order.push(`start ${j.id}`);
      // A finishes only after B started (or gives up after 5 s, which fails the order check).
      if (j.id === 'a') {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([bStarted.promise, new Promise((r) => (timer = setTimeout(r, 5_000)))]);
        clearTimeout(timer);
      }
      if (j.id === 'b') bStarted.resolve();
      order.push(`end ${j.id}`);
    });
    await queue.enqueue(job('a', 'octo/repo#1'));
    await queue.enqueue(job('b', 'octo/repo#2'));
    await waitFor(() => order.length === 4, 'both jobs');
    expect(order.slice(0, 2)).toEqual(['start a', 'start b']);
  });

  it('never runs more than `concurrency` jobs at once', async () => {
    const queue = deployment()({ concurrency: 2 });
    const timeline = new Timeline();
    queue.process(async (j) => {
      timeline.start(j);
      await tick();
      timeline.end(j);
    });
    for (let i = 0; i < 6; i++) await queue.enqueue(job(`g${i}`, `octo/repo#${i}`));
    await waitFor(() => timeline.events.length === 12, 'all jobs');
    expect(timeline.maxConcurrent()).toBeLessThanOrEqual(2);
  });

  it('keeps jobs enqueued before process() (counted by depth) and runs them once it is called', async () => {
    const queue = deployment()();
    await queue.enqueue(job('early-1', 'octo/repo#1'));
    await queue.enqueue(job('early-2', 'octo/repo#1'));
    await queue.enqueue(job('early-3', 'octo/repo#2'));
    expect(await queue.depth()).toBe(3);
    const ran: string[] = [];
    queue.process(async (j) => {
      ran.push(j.id);
    });
    await waitFor(() => ran.length === 3, 'the early jobs');
    await waitFor(async () => (await queue.depth()) === 0, 'an empty queue');
    expect(ran.filter((id) => id !== 'early-3')).toEqual(['early-1', 'early-2']);
  });

  it('reports the age of the oldest unfinished job (0 when there is none)', async () => {
    const queue = deployment()();
    expect(await queue.oldestAgeMs!()).toBe(0);
    const before = Date.now();
    await queue.enqueue(job('old-1', 'octo/repo#1'));
    await queue.enqueue(job('old-2', 'octo/repo#2'));
    const age = await queue.oldestAgeMs!();
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThanOrEqual(Date.now() - before + 1);
    const ran: string[] = [];
    queue.process(async (j) => {
      ran.push(j.id);
    });
    await waitFor(() => ran.length === 2, 'both jobs');
    await waitFor(async () => (await queue.depth()) === 0, 'an empty queue');
    expect(await queue.oldestAgeMs!()).toBe(0);
  });

  it('reports a failing processor through onError and onSettled, does not retry it, and runs the PR’s next job', async () => {
    const errors: string[] = [];
    const settled: [string, JobOutcome][] = [];
    const queue = deployment()({
      hooks: {
        onError: (e) => errors.push((e as Error).message),
        onSettled: (j, outcome) => settled.push([j.id, outcome]),
      },
    });
    const runs: string[] = [];
    queue.process(async (j) => {
      runs.push(j.id);
      if (j.id === 'bad') throw new Error('model refused');
    });
    await queue.enqueue(job('bad'));
    await queue.enqueue(job('good'));
    await waitFor(() => settled.length === 2, 'both jobs');
    expect(settled).toEqual([
      ['bad', 'failed'],
      ['good', 'completed'],
    ]);
    expect(errors).toEqual(['model refused']);
    await waitFor(async () => (await queue.depth()) === 0, 'an empty queue');
    expect(runs).toEqual(['bad', 'good']);
  });

  it('keeps running when a hook throws', async () => {
    const queue = deployment()({
      hooks: {
        onStart: () => {
          throw new Error('hook bug');
        },
      },
    });
    const ran: string[] = [];
    queue.process(async (j) => {
      ran.push(j.id);
    });
    await queue.enqueue(job('x'));
    await waitFor(() => ran.length === 1, 'the job');
  });

  it('close() waits for the in-flight job and refuses new ones', async () => {
    const queue = deployment()();
    const release = deferred();
    const started = deferred();
    let finished = false;
    queue.process(async () => {
      started.resolve();
      await release.promise;
      finished = true;
    });
    await queue.enqueue(job('long'));
    await started.promise;
    let closeResolved = false;
    const closed = queue.close().then(() => (closeResolved = true));
    await expect(queue.enqueue(job('late'))).rejects.toBeInstanceOf(QueueClosedError);
    expect(closeResolved).toBe(false);
    release.resolve();
    await closed;
    expect(finished).toBe(true);
  });

  it('close() aborts a job that outlives the drain timeout', async () => {
    const queue = deployment()({ drainTimeoutMs: 50 });
    const started = deferred();
    const aborted = deferred<unknown>();
    queue.process(
      (_j: JobData, signal: AbortSignal) =>
        new Promise<void>((resolve) => {
          started.resolve();
          signal.addEventListener('abort', () => {
            aborted.resolve(signal.reason);
            resolve();
          });
        }),
    );
    await queue.enqueue(job('stuck'));
    await started.promise;
    await queue.close();
    expect(await aborted.promise).toBeInstanceOf(JobAbortedError);
  });

  it('rejects jobs without an id or group', async () => {
    const queue = deployment()();
    await expect(queue.enqueue({ ...job('x'), id: '' })).rejects.toBeInstanceOf(InvalidJobError);
    await expect(queue.enqueue({ ...job('x'), group: ' ' })).rejects.toBeInstanceOf(InvalidJobError);
  });
}

const available = backends.filter(([label]) => label !== 'Redis' || url);
describe.each(available)('%s queue: shared contract', contract);
// Without a Redis (see test/setup/global-setup.mjs) the Redis run is reported as skipped.
if (available.length < backends.length) describe.skip.each(backends.filter((b) => !available.includes(b)))('%s queue: shared contract', contract);
