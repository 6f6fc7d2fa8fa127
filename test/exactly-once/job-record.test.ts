import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { commitOnce, priorCommit } from '../../src/exactly-once/commit-once.js';
import { createMemoryJobRecords, createRedisJobRecords, type JobRecords } from '../../src/exactly-once/job-record.js';
import type { CommitRequest } from '../../src/github/commit.js';
import type { Octokit } from '../../src/github/types.js';
import { connectOrFail, deleteByPrefix, redisTestUrl, SHARED_REDIS_URL } from '../queue/redis-harness.js';

const prefix = `spark-records-${process.pid}`;
let redis: Redis;

beforeAll(async () => {
  if (redisTestUrl()) redis = await connectOrFail(SHARED_REDIS_URL);
});

afterAll(async () => {
  if (!redis) return;
  await deleteByPrefix(redis, `${prefix}:`);
  redis.disconnect();
});

const job = { id: 'comment-issue-9', group: 'octo/repo#3' };
const request: CommitRequest = { nameWithOwner: 'octo/repo', branch: 'feature', expectedHeadOid: 'a'.repeat(40), headline: 'spark: x', body: 'Requested by @me.', files: [] };

const backends: Array<[string, () => JobRecords]> = [['memory', () => createMemoryJobRecords()]];
// Without a test Redis (see test/setup) only the memory backend runs.
if (redisTestUrl()) backends.push(['redis', () => createRedisJobRecords(redis, `${prefix}:${Math.random()}`)]);

describe.each(backends)('job records (%s)', (_name, make: () => JobRecords) => {
  it('merges updates and remembers Spark commits per PR', async () => {
    const records = make();
    expect(await records.get('x')).toEqual({});
    await records.update('x', { status: { id: 5, kind: 'issue' } });
    await records.update('x', { commitSentOn: 'a'.repeat(40) });
    expect(await records.get('x')).toEqual({ status: { id: 5, kind: 'issue' }, commitSentOn: 'a'.repeat(40) });
    await records.update('y', { statusSentAt: '2026-12-01T00:00:00.000Z' });
    expect(await records.get('y')).toEqual({ statusSentAt: '2026-12-01T00:00:00.000Z' });
    await records.addCommit('octo/repo#3', { oid: 'b'.repeat(40), parent: 'a'.repeat(40) });
    expect(await records.parentOf('octo/repo#3', 'b'.repeat(40))).toBe('a'.repeat(40));
    expect(await records.parentOf('octo/repo#4', 'b'.repeat(40))).toBeUndefined();
  });

  it('commitOnce records the head before sending and the commit after, with a job trailer', async () => {
    const records = make();
    const sent: CommitRequest[] = [];
    const result = await commitOnce(records, job, request, async (r) => {
      sent.push(r);
      expect((await records.get(job.id)).commitSentOn).toBe(request.expectedHeadOid);
      return { oid: 'c'.repeat(40), url: 'https://github.com/octo/repo/commit/ccc' };
    });
    expect(sent[0]?.body).toBe('Requested by @me.\nSpark-Job: comment-issue-9');
    expect(await priorCommit({} as Octokit, records, job, { nameWithOwner: 'octo/repo', name: 'feature' })).toEqual({ ...result, parent: request.expectedHeadOid });
  });
});

describe('priorCommit after a crash between sending the commit and recording it', () => {
  const commits = (nodes: Array<{ oid: string; parent: string; message: string }>) =>
    ({
      graphql: async () => ({
        repository: { ref: { target: { history: { nodes: nodes.map((n) => ({ oid: n.oid, url: `u/${n.oid}`, message: n.message, parents: { nodes: [{ oid: n.parent }] } })) } } } },
      }),
    }) as unknown as Octokit;

  it('finds the landed commit by its trailer on top of the recorded head and records it', async () => {
    const records = createMemoryJobRecords();
    await records.update(job.id, { commitSentOn: 'a'.repeat(40) });
    const octokit = commits([
      { oid: 'd'.repeat(40), parent: 'c'.repeat(40), message: 'someone else' },
      { oid: 'c'.repeat(40), parent: 'a'.repeat(40), message: 'spark: x\n\nRequested by @me.\nSpark-Job: comment-issue-9' },
    ]);
    const found = await priorCommit(octokit, records, job, { nameWithOwner: 'octo/repo', name: 'feature' });
    expect(found).toEqual({ oid: 'c'.repeat(40), url: `u/${'c'.repeat(40)}`, parent: 'a'.repeat(40) });
    expect(await records.parentOf(job.group, 'c'.repeat(40))).toBe('a'.repeat(40));
  });

  it('does not adopt another job’s commit or one on a different parent', async () => {
    const records = createMemoryJobRecords();
    await records.update(job.id, { commitSentOn: 'a'.repeat(40) });
    const octokit = commits([
      { oid: 'e'.repeat(40), parent: 'a'.repeat(40), message: 'spark: y\n\nSpark-Job: comment-issue-99' },
      { oid: 'f'.repeat(40), parent: 'b'.repeat(40), message: 'spark: x\n\nSpark-Job: comment-issue-9' },
    ]);
    expect(await priorCommit(octokit, records, job, { nameWithOwner: 'octo/repo', name: 'feature' })).toBeUndefined();
  });
});
