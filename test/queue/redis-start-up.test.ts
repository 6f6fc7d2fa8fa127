import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { createRedisQueue } from '../../src/queue/redis.js';
import type { JobData, JobQueue } from '../../src/queue/types.js';
import { silentLog, type Log } from '../../src/log.js';
import { CuttingProxy } from './cutting-proxy.js';
import { deferred, job, waitFor } from './helpers.js';
import { describeWithRedisServer, FAST, freePort, PrivateRedis } from './redis-harness.js';

/** A logger that resolves `startUpFailed` when the queue reports a failed BullMQ start-up. */
function watchingLog(): { log: Log; startUpFailed: Promise<void> } {
  const failed = deferred();
  return {
    log: { ...silentLog, warn: (_obj, msg) => (msg?.includes('start-up failed') ? failed.resolve() : undefined) },
    startUpFailed: failed.promise,
  };
}

// Its own redis-server: this file stops and starts it.
describeWithRedisServer('a receiver or worker that starts while Redis is down or going away', () => {
  let server: PrivateRedis;
  let proxy: CuttingProxy;
  const open: JobQueue[] = [];
  const queue = (url: string, name: string, log: Log = silentLog): JobQueue => {
    const q = createRedisQueue({ ...FAST, url, queueName: name, log });
    open.push(q);
    return q;
  };
  /** A worker queue whose processor resolves when `id` has run. */
  const worker = (q: JobQueue, id: string): Promise<JobData> => {
    const ran = deferred<JobData>();
    q.process(async (j) => {
      if (j.id === id) ran.resolve(j);
    });
    return ran.promise;
  };

  beforeAll(async () => {
    server = new PrivateRedis(await freePort());
    await server.start();
    proxy = await CuttingProxy.create(server.port);
  });
  afterEach(async () => {
    await proxy.comeUp();
    await Promise.all(open.splice(0).map((q) => q.close()));
    await proxy.goDown();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('created while Redis is stopped: once Redis starts, the receiver accepts and a worker runs the job', async () => {
    await server.stop();
    const receiver = queue(server.url, 'start-down');
    const ran = worker(queue(server.url, 'start-down'), 'down-1');
    await server.start();

    // depth() waits for the queue's start-up (connection ready, version check), not a timer.
    expect(await receiver.depth()).toBe(0);
    expect(await receiver.enqueue(job('down-1'))).toEqual({ accepted: true, waiting: 0 });
    expect((await ran).id).toBe('down-1');
  });

  it('receiver whose BullMQ start-up failed (Redis went away at its version check) accepts once Redis is back', async () => {
    const { log, startUpFailed } = watchingLog();
    const receiver = queue(proxy.url, 'start-cut-receiver', log);
    await proxy.comeUpAndCutAtVersionCheck();
    await startUpFailed;
    await proxy.comeUp();

    // Before the fix every enqueue from here on failed with the start-up's error, for good.
    expect(await receiver.enqueue(job('cut-1'))).toEqual({ accepted: true, waiting: 0 });
    const ran = worker(queue(server.url, 'start-cut-receiver'), 'cut-1');
    expect((await ran).id).toBe('cut-1');
    await waitFor(async () => (await receiver.depth()) === 0, 'the receiver to see an empty queue');
  });

  it('worker whose BullMQ start-up failed runs jobs and reports its queue once Redis is back', async () => {
    const { log, startUpFailed } = watchingLog();
    const workerQueue = queue(proxy.url, 'start-cut-worker', log);
    await proxy.comeUpAndCutAtVersionCheck();
    await startUpFailed;
    await proxy.comeUp();

    const ran = worker(workerQueue, 'cut-2');
    const receiver = queue(server.url, 'start-cut-worker');
    expect(await receiver.enqueue(job('cut-2'))).toEqual({ accepted: true, waiting: 0 });
    expect((await ran).id).toBe('cut-2');
    // The worker's own queue handle (metrics, the per-PR head checks) answers again too.
    await waitFor(async () => (await workerQueue.depth()) === 0, 'the worker to see an empty queue');
  });
});
