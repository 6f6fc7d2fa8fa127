import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import nock from 'nock';
import { createSparkOctokit, WriteRefusedError, type RequestPolicyOptions } from '../../src/github/octokit.js';
import { createRedisPaceStore } from '../../src/github/pace-redis.js';
import { inWriteLane, laneBudgets, type PaceStore } from '../../src/github/pace.js';
import { connectOrFail, deleteByPrefix, describeWithRedis, SHARED_REDIS_URL } from '../queue/redis-harness.js';

const prefix = `spark-pace-test-${process.pid}`;
let redis: Redis;
const stores: Array<{ close(): void }> = [];

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  stores.splice(0).forEach((s) => s.close());
});

/** One "process": its own Octokit class and, when given, its own connection to the shared buckets. */
function worker(policy: RequestPolicyOptions) {
  const slept: number[] = [];
  const Octokit = createSparkOctokit({ sleep: async (ms) => void slept.push(ms), ...policy });
  const octokit = new Octokit({ auth: { token: 'ghs_test', installationId: 7 } as never, log: { debug() {}, info() {}, warn() {}, error() {} } } as never);
  return { octokit, slept };
}

function redisStore(name: string): PaceStore {
  const store = createRedisPaceStore({ url: SHARED_REDIS_URL, prefix: `${prefix}:${name}` });
  stores.push(store);
  return store;
}

const comment = (octokit: ReturnType<typeof worker>['octokit']) => octokit.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 1, body: 'x' });

function github(times: number) {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1'); // Redis
  return nock('https://api.github.com').post('/repos/o/r/issues/1/comments').times(times).reply(201, { id: 1 });
}

describeWithRedis('pacing shared across workers through Redis', () => {
  beforeAll(async () => {
    redis = await connectOrFail(SHARED_REDIS_URL);
  });
  afterAll(async () => {
    if (!redis) return;
    await deleteByPrefix(redis, `${prefix}:`);
    redis.disconnect();
  });

  it('two workers together get one installation budget, not one each', async () => {
    const lanes = { job: { burst: 2, intervalMs: 60_000 }, reply: { burst: 2, intervalMs: 60_000 } };
    const a = worker({ lanes, store: redisStore('shared') });
    const b = worker({ lanes, store: redisStore('shared') });
    github(4);
    for (const w of [a, b]) for (let i = 0; i < 2; i++) await inWriteLane('job', () => comment(w.octokit));
    // Two tokens in the shared bucket: the second worker's two writes wait for refills.
    expect(a.slept).toEqual([]);
    expect(b.slept).toHaveLength(2);
    expect(b.slept[0]).toBeGreaterThan(55_000);
  });

  it('a flood of replies cannot starve a job’s own writes (separate lanes), and over-long reply waits are refused', async () => {
    const lanes = { job: { burst: 2, intervalMs: 60_000 }, reply: { burst: 2, intervalMs: 60_000, maxQueueMs: 1_000 } };
    const w = worker({ lanes, store: redisStore('lanes') });
    const scope = github(4);
    const replies = await Promise.allSettled(Array.from({ length: 10 }, () => comment(w.octokit)));
    expect(replies.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(replies.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof WriteRefusedError)).toBe(true);
    await inWriteLane('job', () => comment(w.octokit));
    await inWriteLane('job', () => comment(w.octokit));
    expect(w.slept).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('keeps pacing per process while Redis is unreachable', async () => {
    const store = createRedisPaceStore({ url: 'redis://127.0.0.1:1', prefix });
    stores.push(store);
    const w = worker({ lanes: { job: { burst: 1, intervalMs: 60_000 }, reply: { burst: 1, intervalMs: 60_000 } }, store });
    github(2);
    await inWriteLane('job', () => comment(w.octokit));
    await inWriteLane('job', () => comment(w.octokit));
    expect(w.slept).toHaveLength(1);
  });
});

describe('laneBudgets', () => {
  it('keeps burst + one minute of refill within the limit in total', () => {
    for (const [perMinute, burst] of [[80, 16], [80, 100], [10, 4]] as const) {
      const lanes = laneBudgets(perMinute, burst);
      const perWindow = (l: { burst: number; intervalMs: number }) => l.burst + 60_000 / l.intervalMs;
      expect(perWindow(lanes.job) + perWindow(lanes.reply)).toBeLessThanOrEqual(perMinute + 1e-9);
    }
  });
});
