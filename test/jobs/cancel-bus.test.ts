import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { CancelRegistry, JobCancelledError } from '../../src/jobs/cancel.js';
import { createCancelBus, type CancelBus } from '../../src/jobs/cancel-bus.js';
import { createRedisQueue } from '../../src/queue/redis.js';
import type { JobQueue } from '../../src/queue/types.js';
import { deferred, job } from '../queue/helpers.js';
import { connectOrFail, deleteByPrefix, describeWithRedis, FAST, SHARED_REDIS_URL } from '../queue/redis-harness.js';

const GROUP = 'octo/repo#7';
const prefix = `spark-cancel-${process.pid}`;
const COMMIT = { oid: 'c0ffee'.padEnd(40, '0'), url: 'https://github.com/octo/repo/commit/c0ffee' };

describe('createCancelBus without Redis', () => {
  it('is this process’s registry', async () => {
    const registry = new CancelRegistry();
    const bus = createCancelBus({}, registry);
    const tracked = registry.track(GROUP);
    expect(await bus.cancel(GROUP)).toEqual({ kind: 'stopped' });
    expect(tracked.signal.reason).toBeInstanceOf(JobCancelledError);
    expect(await bus.cancel(GROUP)).toEqual({ kind: 'idle' });
  });
});

describeWithRedis('/spark cancel received by one process, job running in another (real Redis)', () => {
  const open: Array<CancelBus | JobQueue> = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((o) => o.close()));
  });
  afterAll(async () => {
    const redis = await connectOrFail(SHARED_REDIS_URL);
    await deleteByPrefix(redis, `${prefix}:`);
    redis.disconnect();
  });

  /** A receiver and a worker as separate app instances: own registries, own buses, one queue. */
  function processes(queueName: string) {
    const env = { REDIS_URL: SHARED_REDIS_URL };
    const receiverBus = createCancelBus(env, new CancelRegistry(), { queueName, prefix });
    const workerRegistry = new CancelRegistry();
    const workerBus = createCancelBus(env, workerRegistry, { queueName, prefix });
    const receiverQueue = createRedisQueue({ ...FAST, url: SHARED_REDIS_URL, queueName, prefix });
    const workerQueue = createRedisQueue({ ...FAST, url: SHARED_REDIS_URL, queueName, prefix });
    open.push(receiverBus, workerBus, receiverQueue, workerQueue);
    return { receiverBus, workerRegistry, receiverQueue, workerQueue };
  }

  it('stops the job in the worker before it pushes, and says so', async () => {
    const { receiverBus, workerRegistry, receiverQueue, workerQueue } = processes(`cancel-stop-${process.pid}`);
    const running = deferred();
    const stoppedWith = deferred<unknown>();
    // Like createProcessor: the job's signal comes from the worker's registry.
    workerQueue.process(async (j, signal) => {
      const tracked = workerRegistry.track(j.group, signal);
      try {
        running.resolve();
        await new Promise<void>((resolve) => tracked.signal.addEventListener('abort', () => resolve(), { once: true }));
        stoppedWith.resolve(tracked.signal.reason);
      } finally {
        tracked.done();
      }
    });
    await receiverQueue.enqueue(job('cancel-1', GROUP));
    await running.promise;

    expect(await receiverBus.cancel(GROUP)).toEqual({ kind: 'stopped' });
    expect(await stoppedWith.promise).toBeInstanceOf(JobCancelledError);
    // Nothing runs on that PR any more.
    expect(await receiverBus.cancel(GROUP)).toEqual({ kind: 'idle' });
  });

  it('reports the landed commit when the worker had already sent it', async () => {
    const { receiverBus, workerRegistry, receiverQueue, workerQueue } = processes(`cancel-landed-${process.pid}`);
    const sent = deferred();
    workerQueue.process(async (j, signal) => {
      const tracked = workerRegistry.track(j.group, signal);
      try {
        tracked.onSent(Promise.resolve(COMMIT));
        sent.resolve();
        await new Promise<void>((resolve) => tracked.signal.addEventListener('abort', () => resolve(), { once: true }));
      } finally {
        tracked.done();
      }
    });
    await receiverQueue.enqueue(job('cancel-2', GROUP));
    await sent.promise;

    expect(await receiverBus.cancel(GROUP)).toEqual({ kind: 'landed', url: COMMIT.url });
  });

  it('answers idle, without waiting out its timeout, when no process runs a job on that PR', async () => {
    const { receiverBus } = processes(`cancel-idle-${process.pid}`);
    // A 60 s cap that Jest's 20 s test timeout would expose: the answer comes from the count of
    // processes that got the request (each answers), not from the timer.
    const bus = createCancelBus({ REDIS_URL: SHARED_REDIS_URL }, new CancelRegistry(), { queueName: `cancel-idle-${process.pid}`, prefix, timeoutMs: 60_000 });
    open.push(bus);
    expect(await receiverBus.cancel('octo/repo#8')).toEqual({ kind: 'idle' });
    expect(await bus.cancel('octo/repo#8')).toEqual({ kind: 'idle' });
  });
});
