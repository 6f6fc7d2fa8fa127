import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { startFromSparkHead } from '../../src/exactly-once/fresh-pin.js';
import { createMemoryJobRecords } from '../../src/exactly-once/job-record.js';
import { createSparkOctokit } from '../../src/github/octokit.js';
import type { Octokit } from '../../src/github/types.js';
import type { PullJob } from '../../src/jobs/job-data.js';
import { githubMock, pinResponse } from '../helpers/github-mock.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const quiet = { debug() {}, info() {} };
const group = 'Codertocat/Hello-World#2';

function octokit(): Octokit {
  const Octokit = createSparkOctokit({ sleep: async () => undefined });
  return new Octokit({ auth: { token: 'ghs_test' } }) as Octokit;
}

function queuedFix(): PullJob {
  const pinned = pinResponse({ headSha: A, baseSha: 'd'.repeat(40), files: ['src/parse.ts'] }).data.repository.pullRequest;
  return {
    id: 'comment-issue-5',
    group,
    kind: 'fix',
    installationId: 1,
    payload: { repo: { owner: 'Codertocat', repo: 'Hello-World' }, pinned: { number: 2, headSha: A, headRef: pinned.headRefName, state: 'OPEN' } },
  } as unknown as PullJob;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('startFromSparkHead (a fix queued behind other Spark jobs on its PR)', () => {
  it('starts from the current head when the only new commits are Spark’s own', async () => {
    const records = createMemoryJobRecords();
    await records.addCommit(group, { oid: B, parent: A });
    const gh = githubMock();
    gh.graphql('PinPullRequest', () => pinResponse({ headSha: B, baseSha: 'd'.repeat(40), files: ['src/parse.ts'] }));
    const job = await startFromSparkHead(octokit(), records, queuedFix(), '.github/spark.yml', quiet);
    expect(job.payload.pinned.headSha).toBe(B);
  });

  it('keeps the pinned head when someone else pushed on top of Spark’s commit', async () => {
    const records = createMemoryJobRecords();
    await records.addCommit(group, { oid: B, parent: A });
    const gh = githubMock();
    gh.graphql('PinPullRequest', () => pinResponse({ headSha: C, baseSha: 'd'.repeat(40), files: ['src/parse.ts'] }));
    const job = await startFromSparkHead(octokit(), records, queuedFix(), '.github/spark.yml', quiet);
    expect(job.payload.pinned.headSha).toBe(A);
  });

  it('makes no GitHub call when Spark has not committed on the PR since the pin', async () => {
    const job = await startFromSparkHead(octokit(), createMemoryJobRecords(), queuedFix(), '.github/spark.yml', quiet);
    expect(job.payload.pinned.headSha).toBe(A);
  });
});
