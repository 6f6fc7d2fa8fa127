import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { createMemoryJobRecords } from '../../src/exactly-once/job-record.js';
import { createMemoryReplyLimiter } from '../../src/exactly-once/reply-limiter.js';
import type { SharedState } from '../../src/exactly-once/shared-state.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { issueCommentEvent } from '../helpers/events.js';
import { API, githubMock, pinResponse, REPO_PATH } from '../helpers/github-mock.js';
import { acceptedPr, snapshotReads } from '../helpers/pr-flow.js';
import { BASE, FIX_REPLY, HEAD } from '../fixtures/api/parse-pr.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  nock.cleanAll();
});

function shared(): SharedState {
  return { records: createMemoryJobRecords(), replies: createMemoryReplyLimiter(), queueUp: async () => true, close: async () => undefined };
}

const COMMIT_URL = 'https://github.com/Codertocat/Hello-World/commit/c0ffee';
const OID = 'c0ffee'.padEnd(40, '0');

describe('a replayed job (its first attempt committed, then its worker died)', () => {
  it('finishes with the first commit in the first status comment: no model call, no second commit, no second comment', async () => {
    const state = shared();
    // What the first attempt recorded before it died.
    await state.records.update('comment-issue-77', { status: { id: 55, kind: 'issue' }, commitSentOn: HEAD, commit: { oid: OID, url: COMMIT_URL, parent: HEAD } });
    app = await startTestApp({ reply: FIX_REPLY }, { shared: state });
    const gh = githubMock().token().role('Codertocat', 'write');
    gh.graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    gh.scope.post(/\/reactions$/).reply(201, { id: 1, content: 'eyes' });
    const edits: string[] = [];
    nock(API)
      .patch(`${REPO_PATH}/issues/comments/55`)
      .reply(200, (_u, body: any) => (edits.push(body.body), { id: 55 }));

    await app.probot.receive({ id: 'delivery-replay', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input', commentId: 77 }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('commit');
    expect(app.spark.requests).toHaveLength(0);
    expect(gh.graphqlCalls.some((c) => c.operation === 'CreateCommitOnBranch')).toBe(false);
    expect(edits.at(-1)).toContain(COMMIT_URL);
    expect(nock.isDone()).toBe(true);
  });

  it('a first attempt records its status comment and commit, with a Spark-Job trailer on the commit', async () => {
    const state = shared();
    app = await startTestApp({ reply: FIX_REPLY }, { shared: state });
    const { gh, bodies } = acceptedPr();
    snapshotReads(gh);
    gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: { oid: OID, url: COMMIT_URL } } } }));
    await app.probot.receive({ id: 'delivery-first', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input', commentId: 78 }) } as any);
    await app.finished();
    const record = await state.records.get('comment-issue-78');
    expect(record).toEqual({ status: { id: 99, kind: 'issue' }, statusSentAt: expect.any(String), commitSentOn: HEAD, commit: { oid: OID, url: COMMIT_URL, parent: HEAD } });
    const input = gh.graphqlCalls.find((c) => c.operation === 'CreateCommitOnBranch')!.variables.input;
    expect(input.message.body).toMatch(/\nSpark-Job: comment-issue-78$/);
    expect(await state.records.latestCommit('Codertocat/Hello-World#2')).toBe(OID);
    // The posted comment carries the job's hidden marker from its first version on.
    expect(bodies[0]).toContain('<!-- spark-job:comment-issue-78 -->');
  });

  it('a replay whose first attempt posted its status comment but died before recording it edits that comment', async () => {
    const state = shared();
    // The first attempt recorded that it was posting, posted (comment 55), and died.
    await state.records.update('comment-issue-79', { statusSentAt: '2026-12-01T00:00:00.000Z' });
    app = await startTestApp({ reply: FIX_REPLY }, { shared: state });
    const gh = githubMock().token().role('Codertocat', 'write');
    gh.graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    gh.scope.post(/\/reactions$/).reply(201, { id: 1, content: 'eyes' });
    const marker = '<!-- spark-job:comment-issue-79 -->';
    gh.scope.get(`${REPO_PATH}/issues/2/comments`).query(true).reply(200, [
      // A person pasting the marker: never taken for Spark's comment.
      { id: 54, body: `quoting ${marker}`, user: { login: 'Codertocat', type: 'User' }, html_url: 'https://github.com/x#issuecomment-54' },
      { id: 55, body: `⏳ **Spark fix** — Queued\n\n${marker}`, user: { login: 'spark-patch[bot]', type: 'Bot' }, html_url: 'https://github.com/x#issuecomment-55' },
    ]);
    let posted = 0;
    nock(API)
      .persist()
      .post(`${REPO_PATH}/issues/2/comments`)
      .reply(201, () => ((posted += 1), { id: 98, html_url: 'u' }));
    const edits: string[] = [];
    nock(API)
      .persist()
      .patch(`${REPO_PATH}/issues/comments/55`)
      .reply(200, (_u, body: any) => (edits.push(body.body), { id: 55 }));
    snapshotReads(gh);
    gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: { oid: OID, url: COMMIT_URL } } } }));

    await app.probot.receive({ id: 'delivery-replay-2', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input', commentId: 79 }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('commit');
    expect(posted).toBe(0);
    expect(edits.at(-1)).toContain(COMMIT_URL);
    expect(await state.records.get('comment-issue-79')).toMatchObject({ commit: { oid: OID } });
  });
});

describe('/spark cancel once the commit mutation was sent', () => {
  it('says the commit landed, with its link, instead of "nothing was pushed"', async () => {
    app = await startTestApp({ reply: FIX_REPLY }, { shared: shared() });
    const { gh } = acceptedPr();
    snapshotReads(gh);
    let sent = false;
    gh.scope
      .post('/graphql', (body: { query: string }) => /mutation\s+CreateCommitOnBranch/.test(body.query) && (sent = true))
      .delay(300)
      .reply(200, { data: { createCommitOnBranch: { commit: { oid: OID, url: COMMIT_URL } } } });
    await app.probot.receive({ id: 'delivery-commit', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input', commentId: 3 }) } as any);
    while (!sent) await new Promise((r) => setTimeout(r, 5));

    const cancel = githubMock().role('Codertocat', 'write');
    cancel.graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    let reply = '';
    cancel.scope.post(`${REPO_PATH}/issues/2/comments`).reply(201, (_u, body: any) => ((reply = body.body), { id: 6, html_url: 'u' }));
    await app.probot.receive({ id: 'delivery-cancel-late', ...issueCommentEvent({ body: '/spark cancel', commentId: 4 }) } as any);
    await app.finished();

    expect(reply).toContain(COMMIT_URL);
    expect(reply).not.toMatch(/nothing was pushed/);
  });
});

describe('floods and refusals at acceptance', () => {
  it('answers a user without write access once per PR, then reacts 👎', async () => {
    app = await startTestApp({ reply: FIX_REPLY }, { shared: shared() });
    const gh = githubMock().token();
    const replies: string[] = [];
    const reactions: string[] = [];
    for (let i = 0; i < 3; i++) {
      gh.role('Codertocat', 'read');
      gh.graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    }
    gh.scope.post(`${REPO_PATH}/issues/2/comments`).reply(201, (_u, body: any) => (replies.push(body.body), { id: 7, html_url: 'u' }));
    gh.scope.post(/\/issues\/comments\/\d+\/reactions$/).times(2).reply(201, (_u, body: any) => (reactions.push(body.content), { id: 1 }));
    for (let i = 0; i < 3; i++) await app.probot.receive({ id: `spam-${i}`, ...issueCommentEvent({ body: '/spark fix everything', commentId: 500 + i }) } as any);
    await app.settled();
    expect(replies).toHaveLength(1);
    expect(reactions).toEqual(['-1', '-1']);
    expect(app.spark.requests).toHaveLength(0);
    expect(nock.isDone()).toBe(true);
  });

  it('refuses a fix on a fork PR whose head repository was deleted, before any job or push', async () => {
    app = await startTestApp({ reply: FIX_REPLY }, { shared: shared() });
    const gh = githubMock().token().role('Codertocat', 'write');
    gh.graphql('PinPullRequest', () => {
      const response = pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'], isCrossRepository: true, maintainerCanModify: true });
      response.data.repository.pullRequest.headRepository = null as never;
      return response;
    });
    let reply = '';
    gh.scope.post(`${REPO_PATH}/issues/2/comments`).reply(201, (_u, body: any) => ((reply = body.body), { id: 8, html_url: 'u' }));
    await app.probot.receive({ id: 'delivery-gone', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input', commentId: 9 }) } as any);
    await app.settled();
    expect(reply).toMatch(/comes from was deleted/);
    expect(app.reports).toHaveLength(0);
    expect(nock.isDone()).toBe(true);
  });
});
