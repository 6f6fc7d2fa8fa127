import { describe, expect, it } from '@jest/globals';
import { InvalidJobError, JobAbortedError, QueueClosedError } from '../../src/queue/errors.js';
import { createMemoryQueue } from '../../src/queue/memory.js';
import type { JobData, JobOutcome } from '../../src/queue/types.js';
import { deferred, job, Timeline, waitFor } from './helpers.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('createMemoryQueue', () => {
  it('runs a delivery redelivered 3× exactly once', async () => {
    const queue = createMemoryQueue();
    const ran: string[] = [];
    queue.process(async (j) => {
      ran.push(j.id);
    });
    const results = await Promise.all([queue.enqueue(job('d1')), queue.enqueue(job('d1')), queue.enqueue(job('d1'))]);
    expect(results.filter((r) => r.accepted)).toHaveLength(1);
    await queue.close();
    expect(ran).toEqual(['d1']);
  });

  it('forgets a delivery id after the dedupe TTL', async () => {
    let now = 1_000;
    const queue = createMemoryQueue({ dedupeTtlMs: 500, now: () => now });
    expect((await queue.enqueue(job('d1'))).accepted).toBe(true);
    now += 499;
    expect((await queue.enqueue(job('d1'))).accepted).toBe(false);
    now += 1;
    expect((await queue.enqueue(job('d1'))).accepted).toBe(true);
    await queue.close();
  });

  it('serializes 10 jobs of one PR in FIFO order and reports how many are ahead', async () => {
    const queue = createMemoryQueue({ concurrency: 4 });
    const timeline = new Timeline();
    queue.process(async (j) => {
      timeline.start(j);
      await tick();
      await tick();
      timeline.end(j);
    });
    const ids = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const results = await Promise.all(ids.map((id) => queue.enqueue(job(id))));
    expect(results.map((r) => r.waiting)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await waitFor(() => timeline.events.length === 20, 'all 10 jobs');
    expect(timeline.maxOverlap('octo/repo#1')).toBe(1);
    expect(timeline.startOrder('octo/repo#1')).toEqual(ids);
    await queue.close();
  });

  it('runs jobs of different PRs concurrently', async () => {
    const queue = createMemoryQueue({ concurrency: 2 });
    const bStarted = deferred();
    const order: string[] = [];
    queue.process(async (j) => {
      order.push(`start ${j.id}`);
      // A cannot finish until B started: only possible if both run at once.
      if (j.id === 'a') await bStarted.promise;
      if (j.id === 'b') bStarted.resolve();
      order.push(`end ${j.id}`);
    });
    await queue.enqueue(job('a', 'octo/repo#1'));
    await queue.enqueue(job('b', 'octo/repo#2'));
    await waitFor(() => order.length === 4, 'both jobs');
    expect(order.slice(0, 2)).toEqual(['start a', 'start b']);
    await queue.close();
  });

  it('never runs more than `concurrency` jobs at once', async () => {
    const queue = createMemoryQueue({ concurrency: 2 });
    const timeline = new Timeline();
    queue.process(async (j) => {
      timeline.start(j);
      await tick();
      timeline.end(j);
    });
    for (let i = 0; i < 6; i++) await queue.enqueue(job(`g${i}`, `octo/repo#${i}`));
    await waitFor(() => timeline.events.length === 12, 'all jobs');
    expect(timeline.maxConcurrent()).toBe(2);
    await queue.close();
  });

  it('keeps jobs enqueued before process() and runs them once it is called', async () => {
    const queue = createMemoryQueue();
    await queue.enqueue(job('early'));
    expect(await queue.depth()).toBe(1);
    const ran: string[] = [];
    queue.process(async (j) => {
      ran.push(j.id);
    });
    await waitFor(() => ran.length === 1, 'the early job');
    expect(await queue.depth()).toBe(0);
    await queue.close();
  });

  it('reports a failing processor through onError and onSettled and keeps going', async () => {
    const errors: unknown[] = [];
    const settled: [string, JobOutcome][] = [];
    const queue = createMemoryQueue({
      hooks: {
        onError: (e) => errors.push(e),
        onSettled: (j, outcome) => settled.push([j.id, outcome]),
      },
    });
    queue.process(async (j) => {
      if (j.id === 'bad') throw new Error('boom');
    });
    await queue.enqueue(job('bad'));
    await queue.enqueue(job('good'));
    await waitFor(() => settled.length === 2, 'both jobs');
    expect(settled).toEqual([
      ['bad', 'failed'],
      ['good', 'completed'],
    ]);
    expect((errors[0] as Error).message).toBe('boom');
    await queue.close();
  });

  it('survives hooks that throw', async () => {
    const queue = createMemoryQueue({
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
    await queue.close();
  });

  it('close() waits for the in-flight job and refuses new ones', async () => {
    const queue = createMemoryQueue();
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
    const closed = queue.close();
    let closeResolved = false;
    void closed.then(() => (closeResolved = true));
    await tick();
    expect(closeResolved).toBe(false);
    await expect(queue.enqueue(job('late'))).rejects.toBeInstanceOf(QueueClosedError);
    release.resolve();
    await closed;
    expect(finished).toBe(true);
  });

  it('close() aborts jobs that outlive the drain timeout', async () => {
    const queue = createMemoryQueue({ drainTimeoutMs: 20 });
    let reason: unknown;
    const started = deferred();
    queue.process(
      (_j: JobData, signal: AbortSignal) =>
        new Promise<void>((resolve) => {
          started.resolve();
          signal.addEventListener('abort', () => {
            reason = signal.reason;
            resolve();
          });
        }),
    );
    await queue.enqueue(job('stuck'));
    await started.promise;
    await queue.close();
    expect(reason).toBeInstanceOf(JobAbortedError);
  });

  it('rejects jobs without an id or group', async () => {
    const queue = createMemoryQueue();
    await expect(queue.enqueue({ ...job('x'), id: '' })).rejects.toBeInstanceOf(InvalidJobError);
    await expect(queue.enqueue({ ...job('x'), group: ' ' })).rejects.toBeInstanceOf(InvalidJobError);
    await queue.close();
  });
});
