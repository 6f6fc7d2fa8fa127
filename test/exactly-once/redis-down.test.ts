import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import nock from 'nock';
import { createDeliveryReconciler } from '../../src/exactly-once/delivery-reconciler.js';
import { createSparkOctokit } from '../../src/github/octokit.js';
import type { Octokit } from '../../src/github/types.js';
import { RedisUnavailableError } from '../../src/queue/errors.js';
import { createRedisQueue } from '../../src/queue/redis.js';
import { job } from '../queue/helpers.js';
import { describeWithRedisServer, freePort, PrivateRedis } from '../queue/redis-harness.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

// Stopping the shared Redis would break everyone else's tests: this file runs its own.
describeWithRedisServer('a command that arrives while Redis is down', () => {
  let server: PrivateRedis;

  beforeAll(async () => {
    server = new PrivateRedis(await freePort());
    await server.start();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('is redelivered once Redis is back: only deliveries whose attempts all failed, each once', async () => {
    const queue = createRedisQueue({ url: server.url, queueName: 'down', waitPollMs: 50 });
    // While Redis is down a ping fails after one failed reconnect (maxRetriesPerRequest: 1); the
    // command timeout only bounds a hung server, so it is generous for a loaded machine.
    const probe = new Redis(server.url, { maxRetriesPerRequest: 1, commandTimeout: 5_000, retryStrategy: () => 100, disconnectTimeout: 100 });
    probe.on('error', () => undefined);
    const Octokit = createSparkOctokit({ sleep: async () => undefined });
    const appOctokit = new Octokit({ auth: { token: 'app-jwt' } as never, log: quiet } as never) as Octokit;
    const reconciler = createDeliveryReconciler({
      appOctokit: async () => appOctokit,
      queueUp: () => probe.ping().then(() => true),
      log: quiet,
    });
    const command = job('comment-issue-501', 'octo/repo#5');
    try {
      // The app was up before Redis went down: let BullMQ finish its start-up (a version check
      // that fails while Redis is down leaves the queue unable to add jobs for good).
      expect(await queue.depth()).toBe(0);
      await server.stop();
      const error = await queue.enqueue(command).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedisUnavailableError);
      reconciler.noteFailure('guid-501');

      // Still down: nothing is asked of GitHub (nock would refuse any request).
      nock.disableNetConnect();
      nock.enableNetConnect('127.0.0.1');
      expect(await reconciler.run()).toEqual({ redelivered: [] });

      await server.start();
      // The reconciler's queueUp() must see Redis up: wait for the probe to reconnect.
      if (probe.status !== 'ready') await once(probe, 'ready');
      const at = new Date().toISOString();
      const github = nock('https://api.github.com')
        .get('/app/hook/deliveries')
        .query({ per_page: 100 })
        .reply(200, [
          { id: 14, guid: 'guid-503', delivered_at: at, redelivery: true, status_code: 202, status: 'OK', event: 'issue_comment' },
          { id: 13, guid: 'guid-503', delivered_at: at, redelivery: false, status_code: 500, status: 'Internal Server Error', event: 'issue_comment' },
          { id: 12, guid: 'guid-502', delivered_at: at, redelivery: false, status_code: 202, status: 'OK', event: 'issue_comment' },
          { id: 11, guid: 'guid-501', delivered_at: at, redelivery: false, status_code: 500, status: 'Internal Server Error', event: 'issue_comment' },
          { id: 10, guid: 'guid-400', delivered_at: at, redelivery: false, status_code: 400, status: 'Bad Request', event: 'issue_comment' },
        ])
        .post('/app/hook/deliveries/11/attempts')
        .reply(202, {});
      expect(await reconciler.run()).toEqual({ redelivered: ['guid-501'] });
      expect(github.isDone()).toBe(true);
      // Disarmed: the next tick asks nothing.
      expect(await reconciler.run()).toEqual({ redelivered: [] });

      // GitHub's redelivery (same comment id) is queued now.
      expect((await queue.enqueue(command)).accepted).toBe(true);
    } finally {
      probe.disconnect();
      await queue.close();
    }
  }, 30_000);
});
