import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { createSparkOctokit, isContentCreating, rateLimitWaitMs } from '../../src/github/octokit.js';
import { TokenBuckets } from '../../src/github/pace.js';

// nock patches Node's http module, which every test file in this Jest worker shares: leave the
// network as we found it, or later files' loopback servers (fake Spark, Redis) look refused.
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

function client(policy: Parameters<typeof createSparkOctokit>[0] = {}) {
  nock.disableNetConnect();
  const slept: number[] = [];
  const Octokit = createSparkOctokit({ sleep: async (ms) => void slept.push(ms), ...policy });
  const octokit = new Octokit({ auth: 'ghs_test', log: { debug() {}, info() {}, warn() {}, error() {} } } as any);
  return { octokit, slept };
}

describe('TokenBuckets', () => {
  it('lets a burst through at once, then spaces requests by the interval, per key', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 2, intervalMs: 750, now: () => now });
    expect([buckets.takeNow('a'), buckets.takeNow('a'), buckets.takeNow('a'), buckets.takeNow('a')]).toEqual([0, 0, 750, 1500]);
    expect(buckets.takeNow('b')).toBe(0);
    now = 10_000; // refilled (capped at the burst)
    expect([buckets.takeNow('a'), buckets.takeNow('a'), buckets.takeNow('a')]).toEqual([0, 0, 750]);
  });
});

describe('request classification', () => {
  it('counts writes and GraphQL mutations as content-creating, not reads or GraphQL queries', () => {
    expect(isContentCreating({ method: 'GET', url: '/repos/o/r' })).toBe(false);
    expect(isContentCreating({ method: 'POST', url: '/repos/o/r/issues/1/comments' })).toBe(true);
    expect(isContentCreating({ method: 'POST', url: '/graphql', query: 'query Pin { viewer { login } }' })).toBe(false);
    expect(isContentCreating({ method: 'POST', url: '/graphql', query: '\n  mutation CreateCommitOnBranch { x }' })).toBe(true);
  });

  it('reads retry-after, an exhausted quota, or a secondary limit without header', () => {
    expect(rateLimitWaitMs({ status: 403, response: { headers: { 'retry-after': '3' } } }, 0)).toBe(3000);
    expect(rateLimitWaitMs({ status: 403, response: { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '100' } } }, 40_000)).toBe(60_000);
    expect(rateLimitWaitMs({ status: 403, message: 'You have exceeded a secondary rate limit' }, 0)).toBe(60_000);
    expect(rateLimitWaitMs({ status: 403, message: 'Resource not accessible by integration' }, 0)).toBeUndefined();
    expect(rateLimitWaitMs({ status: 500 }, 0)).toBeUndefined();
  });
});

describe('the request hook', () => {
  it('retries a transient failure of a read', async () => {
    const { octokit, slept } = client();
    nock('https://api.github.com').get('/repos/o/r').reply(502, 'bad gateway').get('/repos/o/r').reply(200, { id: 1 });
    const { data } = await octokit.rest.repos.get({ owner: 'o', repo: 'r' });
    expect(data.id).toBe(1);
    expect(slept).toHaveLength(1);
    expect(nock.isDone()).toBe(true);
  });

  it('never replays a write after a server error (a comment must not be posted twice)', async () => {
    const { octokit } = client();
    const scope = nock('https://api.github.com').post('/repos/o/r/issues/1/comments').reply(502, 'bad gateway');
    await expect(octokit.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 1, body: 'x' })).rejects.toMatchObject({ status: 502 });
    expect(scope.isDone()).toBe(true);
  });

  it('waits out a secondary rate limit and retries, even a write (GitHub refused it)', async () => {
    const { octokit, slept } = client();
    nock('https://api.github.com')
      .post('/repos/o/r/issues/1/comments')
      .reply(403, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '2' })
      .post('/repos/o/r/issues/1/comments')
      .reply(201, { id: 7 });
    const { data } = await octokit.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 1, body: 'x' });
    expect(data.id).toBe(7);
    expect(slept).toEqual([2000]);
  });

  it('gives up at once when the wait is longer than allowed', async () => {
    const { octokit, slept } = client({ maxWaitMs: 10_000 });
    nock('https://api.github.com').get('/repos/o/r').reply(429, { message: 'slow down' }, { 'retry-after': '3600' });
    await expect(octokit.rest.repos.get({ owner: 'o', repo: 'r' })).rejects.toMatchObject({ status: 429 });
    expect(slept).toEqual([]);
  });

  it('paces content-creating requests beyond the burst, and never paces reads', async () => {
    const { octokit, slept } = client({ burst: 2, intervalMs: 1000 });
    nock('https://api.github.com').post('/repos/o/r/issues/1/comments').times(3).reply(201, { id: 1 }).get('/repos/o/r').times(5).reply(200, { id: 1 });
    for (let i = 0; i < 5; i++) await octokit.rest.repos.get({ owner: 'o', repo: 'r' });
    for (let i = 0; i < 3; i++) await octokit.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 1, body: 'x' });
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(900);
    expect(nock.isDone()).toBe(true);
  });

  it('sees GraphQL mutations through octokit.graphql as content-creating, queries not', async () => {
    const { octokit, slept } = client({ burst: 1, intervalMs: 1000 });
    nock('https://api.github.com').post('/graphql').times(4).reply(200, { data: { ok: true } });
    await octokit.graphql('query A { viewer { login } }');
    await octokit.graphql('query B { viewer { login } }');
    expect(slept).toEqual([]);
    await octokit.graphql('mutation C { x }');
    await octokit.graphql('mutation D { x }');
    expect(slept).toHaveLength(1);
  });
});

describe('requestPolicyFromEnv', () => {
  it('defaults to GitHub\'s content-creation limit and reads overrides', async () => {
    const { requestPolicyFromEnv } = await import('../../src/github/octokit.js');
    // 80 a minute: jobs 12 at once + 48/min (≤ 60 in any minute), replies 4 + 16/min (≤ 20).
    expect(requestPolicyFromEnv({})).toEqual({ lanes: { job: { burst: 12, intervalMs: 1250 }, reply: { burst: 4, intervalMs: 3750, maxQueueMs: 30_000 } } });
    expect(requestPolicyFromEnv({ SPARK_WRITE_BURST: '100', SPARK_WRITES_PER_MINUTE: '600', REDIS_URL: 'redis://r:6379' })).toEqual({
      lanes: { job: { burst: 75, intervalMs: 160 }, reply: { burst: 25, intervalMs: 480, maxQueueMs: 30_000 } },
      redisUrl: 'redis://r:6379',
    });
    expect(() => requestPolicyFromEnv({ SPARK_WRITES_PER_MINUTE: 'lots' })).toThrow(/SPARK_WRITES_PER_MINUTE must be a positive number/);
  });
});
