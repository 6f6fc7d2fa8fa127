import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { RedisUnavailableError } from '../../src/queue/errors.js';
import { createRedisQueue } from '../../src/queue/redis.js';
import type { JobQueue } from '../../src/queue/types.js';
import { deferred, job, waitFor } from './helpers.js';
import { connectOrFail, describeWithRedisServer, freePort, PrivateRedis } from './redis-harness.js';

// Restarting the shared server on 6379 would disturb everyone else's tests, so this file runs
// its own redis-server (AOF on, fsync always) on a free port and restarts that one; without the
// redis-server binary these tests skip (test/setup/global-setup.mjs prints how to run them).
describeWithRedisServer('createRedisQueue across a Redis restart', () => {
  let server: PrivateRedis;

  beforeAll(async () => {
    server = new PrivateRedis(await freePort());
    await server.start();
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('loses no job and runs none twice when Redis restarts mid-run', async () => {
    // Generous locks: the restart must not look like a crashed worker.
    // A reply lost in the restart (e.g. of BullMQ's move-to-active) leaves a job active with no
    // runner; stalled recovery returns it, so recovery must be quick but slower than a restart.
    const options = { url: server.url, queueName: 'restart', lockTtlMs: 4_000, stalledLockMs: 3_000, stalledIntervalMs: 1_000, waitPollMs: 50 };
    const receiver: JobQueue = createRedisQueue(options);
    const worker: JobQueue = createRedisQueue(options);
    const runs = new Map<string, number>();
    const firstRunning = deferred();
    const restarted = deferred();
    try {
      const ids = ['r-1', 'r-2', 'r-3', 'r-4', 'r-5', 'r-6'];
      // Two PRs, three commands each, all queued before any worker runs.
      for (const [i, id] of ids.entries()) await receiver.enqueue(job(id, `octo/repo#${i % 2}`));

      worker.process(async (j) => {
        runs.set(j.id, (runs.get(j.id) ?? 0) + 1);
        if (j.id === 'r-1') {
          firstRunning.resolve();
          await restarted.promise; // r-1 is in flight while Redis goes down and comes back
        }
      });

      await firstRunning.promise;
      await server.stop();
      await server.start();
      restarted.resolve();

      await waitFor(() => runs.size === ids.length, `all ${ids.length} jobs (ran: ${[...runs.keys()].join(', ')})`, 30_000);
      await waitFor(async () => (await worker.depth()) === 0, 'an empty queue', 15_000);
      expect([...runs.entries()].sort()).toEqual(ids.map((id) => [id, 1]));

      // The dedupe records survived the restart too.
      expect((await receiver.enqueue(job('r-3', 'octo/repo#0'))).accepted).toBe(false);
    } finally {
      await Promise.all([receiver.close(), worker.close()]);
    }
  }, 45_000);

  it('fails enqueue with RedisUnavailableError (not a hang) while Redis is down', async () => {
    const receiver = createRedisQueue({ url: server.url, queueName: 'down' });
    try {
      await receiver.enqueue(job('up-1'));
      await server.stop();
      const error = await receiver.enqueue(job('down-1')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedisUnavailableError);
      expect((error as Error).message).toContain('REDIS_URL');
    } finally {
      await server.start();
      await receiver.close();
    }
  });

  it('keeps queued jobs through a restart with no worker running', async () => {
    const options = { url: server.url, queueName: 'restart-idle', waitPollMs: 50 };
    const receiver = createRedisQueue(options);
    await receiver.enqueue(job('idle-1', 'octo/repo#1'));
    await receiver.enqueue(job('idle-2', 'octo/repo#1'));
    await receiver.close();

    await server.stop();
    await server.start();

    const probe: Redis = await connectOrFail(server.url);
    probe.disconnect();
    const worker = createRedisQueue(options);
    const runs: string[] = [];
    try {
      worker.process(async (j) => {
        runs.push(j.id);
      });
      await waitFor(() => runs.length === 2, 'both jobs after the restart');
      expect(runs).toEqual(['idle-1', 'idle-2']);
    } finally {
      await worker.close();
    }
  });
});
