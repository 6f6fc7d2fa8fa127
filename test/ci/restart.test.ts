/**
 * `/spark fix-ci` after a restart: a fresh app (no loop of this process waits) receives
 * `check_suite.completed` for Spark's commit and goes on from the loop record in Spark's
 * status comment — same comment, next round, pinned to the recorded commit.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { renderRounds, type LoopRecord } from '../../src/ci/rounds.js';
import { createSharedState } from '../../src/exactly-once/shared-state.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { C1, C2, checkRun, checks, checkSuiteCompleted, ciTree, commits, jestLog, PATCHED, ROUND2_REPLY, snapshotAt } from '../helpers/ci-flow.js';
import { issueCommentEvent } from '../helpers/events.js';
import { API, githubMock, pinResponse, REPO_PATH } from '../helpers/github-mock.js';
import { BOT_LOGIN, FILES } from '../helpers/pr-flow.js';
import { BASE, HEAD } from '../fixtures/api/parse-pr.js';

const COMMENT_ID = 4242;
const HUMAN = 'd'.repeat(40);

/** What round 1 left in the status comment before the process died: waiting on C1. */
const RECORD: LoopRecord = {
  v: 1,
  rounds: [
    {
      round: 1,
      base: HEAD,
      failing: [{ name: 'test', cause: 'parse › accepts empty input: empty input' }],
      signature: ['test|test:parse › accepts empty input'],
      model: 'gpt-5.3-codex-spark',
      commit: { sha: C1, url: `https://github.com/Codertocat/Hello-World/commit/${C1}` },
      ms: 4100,
    },
  ],
  waitingOn: C1,
  command: { instruction: '', requester: { login: 'Codertocat', id: 21031067 }, commentUrl: 'https://github.com/Codertocat/Hello-World/pull/2#issuecomment-1' },
};
const STATUS_BODY = `⏳ **Spark fix-ci** — waiting for the checks\n\n${renderRounds(RECORD)}`;

/** Spark's comments on PR #2 as `GET …/issues/2/comments` lists them (a person's comment first). */
function conversation(times: number) {
  nock(API)
    .get(`${REPO_PATH}/issues/2/comments`)
    .query(true)
    .times(times)
    .reply(200, [
      { id: 1, user: { login: 'Codertocat', type: 'User' }, body: '/spark fix-ci' },
      { id: COMMENT_ID, user: { login: BOT_LOGIN, type: 'Bot' }, body: STATUS_BODY },
    ]);
}

/** The status comment's edits (never a new comment: a POST would find no interceptor). */
function statusEdits(): string[] {
  const bodies: string[] = [];
  nock(API)
    .persist()
    .patch(`${REPO_PATH}/issues/comments/${COMMENT_ID}`)
    .reply(200, (_u, body: any) => {
      bodies.push(body.body);
      return { id: COMMENT_ID };
    });
  return bodies;
}

function restartedLoop(head: string, state: 'OPEN' | 'CLOSED' = 'OPEN') {
  const gh = githubMock().token();
  conversation(2); // the handler's look-up, then the job's own
  gh.graphql('PinPullRequest', () => pinResponse({ headSha: head, baseSha: BASE, files: ['src/parse.ts'], state }));
  return { gh, bodies: statusEdits() };
}

/** GitHub requests no interceptor answered (the fake model server on 127.0.0.1 is real, not mocked). */
const unmatched: string[] = [];
nock.emitter.on('no match', (req: { method?: string; path?: string; hostname?: string; host?: string }) => {
  if ((req.hostname ?? req.host ?? '').includes('github')) unmatched.push(`${req.method} ${req.path}`);
});

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  unmatched.length = 0;
});

const start = (reply = ROUND2_REPLY) => startTestApp({ reply }, { ci: { pollMs: 600_000 }, botLogin: () => Promise.resolve(BOT_LOGIN) });

describe('/spark fix-ci after a restart', () => {
  it('failures remain on Spark’s commit: the next round commits once, on that commit, in the same status comment', async () => {
    app = await start();
    const { gh, bodies } = restartedLoop(C1);
    ciTree(C1); // the wait's tree (to resolve the log's paths)
    checks(C1, [checkRun(21, 'test', C1, 'failure')], { 21: jestLog('trims parts', "expected ['a', 'b'] received ['a', ' b']", 5) });
    snapshotAt(gh, C1, { 'src/parse.ts': PATCHED, 'src/parse.test.ts': FILES['src/parse.test.ts'] });
    commits(gh, C2);
    checks(C2, [checkRun(31, 'test', C2, 'success')]);

    await app.probot.receive({ id: 'd-suite-after-restart', ...checkSuiteCompleted(C1) } as any);
    const [report] = await app.finished();

    expect(report!.error).toBeUndefined();
    const calls = gh.graphqlCalls.filter((c) => c.operation === 'CreateCommitOnBranch').map((c) => c.variables.input);
    expect(calls).toHaveLength(1);
    expect(calls[0].expectedHeadOid).toBe(C1);
    expect(calls[0].message.headline).toContain('round 2');
    expect(app.spark.requests).toHaveLength(1);
    expect(JSON.stringify(app.spark.requests[0]!.body)).toContain('parse › trims parts');
    const last = bodies.at(-1)!;
    expect(last).toContain('Green after 2 round(s)');
    expect(last).toMatch(/\| 1 .*\| `1111111` \|/);
    expect(last).toMatch(/\| 2 .*\| `c1c1c1c` \|/);
    expect(gh.invalid).toEqual([]);
    expect(unmatched).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('green on Spark’s commit: the status says green after 1 round, no model, no commit', async () => {
    app = await start();
    const { gh, bodies } = restartedLoop(C1);
    ciTree(C1);
    checks(C1, [checkRun(21, 'test', C1, 'success')]);

    await app.probot.receive({ id: 'd-green-after-restart', ...checkSuiteCompleted(C1) } as any);
    await app.finished();

    expect(bodies.at(-1)).toContain('Green after 1 round(s): every check passes on `c1c1c1c`');
    expect(app.spark.requests).toHaveLength(0);
    expect(gh.graphqlCalls.some((c) => c.operation === 'CreateCommitOnBranch')).toBe(false);
    expect(unmatched).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('a redelivered webhook (and a second one at once) enqueues the continuation once', async () => {
    app = await start();
    const { bodies } = restartedLoop(C1);
    conversation(1); // the second delivery's look-up
    ciTree(C1);
    checks(C1, [checkRun(21, 'test', C1, 'success')]);

    const event = checkSuiteCompleted(C1);
    await Promise.all([app.probot.receive({ id: 'd-once', ...event } as any), app.probot.receive({ id: 'd-once', ...event } as any)]);
    await app.settled();

    expect(app.reports.map((r) => r.outcome)).toEqual(['commit']);
    expect(bodies.filter((b) => b.includes('Green after 1 round(s)'))).toHaveLength(1);
    expect(unmatched).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('a human pushed after Spark’s commit: the loop stops and says so, nothing is read or pushed', async () => {
    app = await start();
    const { gh, bodies } = restartedLoop(HUMAN);

    await app.probot.receive({ id: 'd-stale', ...checkSuiteCompleted(C1) } as any);
    await app.finished();

    expect(bodies.at(-1)).toContain('Someone pushed to the branch, so Spark stopped following the checks.');
    expect(app.spark.requests).toHaveLength(0);
    expect(gh.graphqlCalls.some((c) => c.operation === 'CreateCommitOnBranch')).toBe(false);
    expect(unmatched).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('a replayed fix-ci job (its worker died during the wait) goes on from its record, not from round 1', async () => {
    // The job's record names the status comment its first attempt posted, as after a crash.
    const shared = createSharedState({});
    await shared.records.update('comment-issue-701', { status: { id: COMMENT_ID, kind: 'issue' } });
    app = await startTestApp({ reply: ROUND2_REPLY }, { ci: { pollMs: 600_000 }, botLogin: () => Promise.resolve(BOT_LOGIN), shared });
    const gh = githubMock().token().role('Codertocat', 'write');
    gh.graphql('PinPullRequest', () => pinResponse({ headSha: C1, baseSha: BASE, files: ['src/parse.ts'] }));
    gh.scope.post(/\/reactions$/).reply(201, { id: 1, content: 'eyes' });
    gh.scope.get(`${REPO_PATH}/issues/comments/${COMMENT_ID}`).reply(200, { id: COMMENT_ID, user: { login: BOT_LOGIN, type: 'Bot' }, body: STATUS_BODY });
    gh.graphql('PinPullRequest', () => pinResponse({ headSha: C1, baseSha: BASE, files: ['src/parse.ts'] }));
    const bodies = statusEdits();
    ciTree(C1);
    checks(C1, [checkRun(21, 'test', C1, 'success')]);

    await app.probot.receive({ id: 'd-replayed', ...issueCommentEvent({ body: '/spark fix-ci', commentId: 701 }) } as any);
    await app.finished();

    // No reads of round 1 (HEAD's checks, its snapshot), no model, no commit: the wait of round 1 goes on.
    expect(bodies.at(-1)).toContain('Green after 1 round(s)');
    expect(app.spark.requests).toHaveLength(0);
    expect(gh.graphqlCalls.some((c) => c.operation === 'CreateCommitOnBranch' || c.operation === 'ReadBlobs')).toBe(false);
    expect(unmatched).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('a closed PR ends the loop in its comment; a newer Spark comment on the PR means no job at all', async () => {
    app = await start();
    const { gh, bodies } = restartedLoop(C1, 'CLOSED');
    await app.probot.receive({ id: 'd-closed', ...checkSuiteCompleted(C1) } as any);
    await app.finished();
    expect(bodies.at(-1)).toContain('The pull request was closed, so Spark stopped following the checks.');
    expect(gh.graphqlCalls.some((c) => c.operation === 'CreateCommitOnBranch')).toBe(false);

    // Superseded: Spark wrote another comment after the loop's (a newer command's status): no job.
    nock(API)
      .get(`${REPO_PATH}/issues/2/comments`)
      .query(true)
      .reply(200, [
        { id: COMMENT_ID, user: { login: BOT_LOGIN, type: 'Bot' }, body: STATUS_BODY },
        { id: COMMENT_ID + 1, user: { login: BOT_LOGIN, type: 'Bot' }, body: '⏳ **Spark fix** — reading' },
      ]);
    await app.probot.receive({ id: 'd-superseded', ...checkSuiteCompleted(C1) } as any);
    await app.settled();
    expect(app.reports).toHaveLength(1);
    expect(unmatched).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });
});
