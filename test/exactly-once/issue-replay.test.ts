import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { createMemoryJobRecords } from '../../src/exactly-once/job-record.js';
import { createMemoryReplyLimiter } from '../../src/exactly-once/reply-limiter.js';
import type { SharedState } from '../../src/exactly-once/shared-state.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { issueCommentEvent } from '../helpers/events.js';
import { API, blobsResponse, githubMock, REPO_PATH } from '../helpers/github-mock.js';
import { FIX_REPLY } from '../fixtures/api/parse-pr.js';
import { DEFAULT_HEAD, ISSUE_BODY, ISSUE_FILES, ISSUE_NUMBER, ISSUE_TITLE, issueBranchResponse, treeResponse } from '../fixtures/api/issue.js';

const STATUS_ID = 301;
const PR = 12;
const PR_URL = `https://github.com/Codertocat/Hello-World/pull/${PR}`;
const COMMIT = { oid: 'c0ffee'.padEnd(40, '0'), url: 'https://github.com/Codertocat/Hello-World/commit/c0ffee' };
const JOB_ID = 'comment-issue-4001';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  nock.cleanAll();
});

function shared(): SharedState {
  return { records: createMemoryJobRecords(), replies: createMemoryReplyLimiter(), queueUp: async () => true, close: async () => undefined };
}

const fixComment = () =>
  issueCommentEvent({ body: '/spark fix make parse() accept empty input', number: ISSUE_NUMBER, onPull: false, commentId: 4001, issue: { title: ISSUE_TITLE, body: ISSUE_BODY } });

/** Every content-creating request of both attempts, and the status comment's texts. */
interface Writes {
  branches: number;
  commits: number;
  pulls: number;
  statusPosts: number;
  statusBodies: string[];
}

/** Acceptance of the comment (each attempt's process receives it) and the status comment. */
function acceptance(writes: Writes) {
  const gh = githubMock().token().role('Codertocat', 'write').noConfig();
  gh.scope.post(`${REPO_PATH}/issues/comments/4001/reactions`).reply(201, { id: 1, content: 'eyes' });
  gh.scope
    .post(`${REPO_PATH}/issues/${ISSUE_NUMBER}/comments`)
    .optionally()
    .reply(201, () => (writes.statusPosts++, { id: STATUS_ID, html_url: `https://github.com/x/issues/5#issuecomment-${STATUS_ID}` }));
  nock(API)
    .persist()
    .patch(`${REPO_PATH}/issues/comments/${STATUS_ID}`)
    .reply(200, (_u, body: any) => (writes.statusBodies.push(body.body), { id: STATUS_ID }));
  return gh;
}

/**
 * The first attempt: reads, branch, commit; then `diesAt` decides what it never got to do
 * (its worker was killed): open the PR, or even learn the commit mutation's answer.
 */
async function firstAttempt(state: SharedState, writes: Writes, diesAt: 'after-pull' | 'before-pull' | 'commit-answer-lost'): Promise<void> {
  app = await startTestApp({ reply: FIX_REPLY }, { shared: state });
  const gh = acceptance(writes);
  gh.graphql('IssueBranchSnapshot', () => issueBranchResponse());
  gh.scope.get(`${REPO_PATH}/git/trees/${DEFAULT_HEAD}`).query({ recursive: '1' }).reply(200, treeResponse(DEFAULT_HEAD));
  gh.graphql('ReadBlobs', blobsResponse(ISSUE_FILES));
  gh.scope.post(`${REPO_PATH}/git/refs`).reply(201, (_u, body: any) => (writes.branches++, { ref: body.ref, object: { sha: body.sha, type: 'commit' } }));
  gh.scope
    .post('/graphql', (body: { query: string }) => /mutation\s+CreateCommitOnBranch\b/.test(body.query))
    .reply(() => {
      writes.commits++;
      // The commit landed, but the worker died before reading the answer.
      return diesAt === 'commit-answer-lost' ? [502, 'Bad Gateway'] : [200, { data: { createCommitOnBranch: { commit: COMMIT } } }];
    });
  if (diesAt !== 'commit-answer-lost') {
    gh.scope.post(`${REPO_PATH}/pulls`).reply(() => {
      if (diesAt === 'before-pull') return [502, 'Bad Gateway'];
      writes.pulls++;
      return [201, { number: PR, html_url: PR_URL, draft: true }];
    });
  }
  await app.probot.receive({ id: 'delivery-issue-first', ...fixComment() } as any);
  await app.finished();
  await app.close();
  app = undefined;
}

describe('an issue fix replayed after its first attempt committed (its worker died)', () => {
  it.each([
    ['after opening the PR', 'after-pull' as const],
    ['between the commit and the PR', 'before-pull' as const],
    ['before the commit mutation answered', 'commit-answer-lost' as const],
  ])('died %s: the replay makes no second commit, branch or PR, and ends with one PR', async (_what, diesAt) => {
    const state = shared();
    const writes: Writes = { branches: 0, commits: 0, pulls: 0, statusPosts: 0, statusBodies: [] };
    await firstAttempt(state, writes, diesAt);
    expect(writes).toMatchObject({ branches: 1, commits: 1, statusPosts: 1 });

    // The replay: the same job (same id) in another worker, with the first attempt's records.
    app = await startTestApp({ reply: FIX_REPLY }, { shared: state });
    const gh = acceptance(writes);
    if (diesAt === 'commit-answer-lost') {
      gh.graphql('RecentBranchCommits', () => ({
        data: {
          repository: {
            ref: {
              target: { history: { nodes: [{ oid: COMMIT.oid, url: COMMIT.url, message: `spark: make parse() accept empty input\n\nSpark-Job: ${JOB_ID}`, parents: { nodes: [{ oid: DEFAULT_HEAD }] } }] } },
            },
          },
        },
      }));
    }
    gh.graphql('IssueBranchSnapshot', () => issueBranchResponse({ branchOid: COMMIT.oid, pulls: diesAt === 'after-pull' ? [{ number: PR }] : [] }));
    if (diesAt !== 'after-pull') gh.scope.post(`${REPO_PATH}/pulls`).reply(201, () => (writes.pulls++, { number: PR, html_url: PR_URL, draft: true }));

    await app.probot.receive({ id: 'delivery-issue-replay', ...fixComment() } as any);
    const [report] = await app.finished();

    expect(writes).toMatchObject({ branches: 1, commits: 1, pulls: 1, statusPosts: 1 });
    expect(app.spark.requests).toHaveLength(0);
    expect(report!.pull).toEqual({ number: PR, url: PR_URL, created: diesAt !== 'after-pull' });
    const last = writes.statusBodies.at(-1)!;
    expect(last).toContain('Done');
    expect(last).toContain(PR_URL);
    expect(last).toContain('nothing was pushed again');
    expect(await state.records.get(JOB_ID)).toMatchObject({ commit: { oid: COMMIT.oid, parent: DEFAULT_HEAD } });
    expect(gh.invalid).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });
});
