/**
 * `/spark fix-ci` end to end: a real Probot app (probot.receive), GitHub mocked with nock at the
 * HTTP layer (check runs, statuses, the Actions log behind its redirect, GraphQL validated
 * against GitHub's schema), the real model client against the fake Spark server.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { C1, C2, checkRun, checks, checkSuiteCompleted, ciTree, commits, jestLog, PATCHED, ROUND2_REPLY, snapshotAt, synchronize, TOKEN } from '../helpers/ci-flow.js';
import { issueCommentEvent } from '../helpers/events.js';
import { API, REPO_PATH } from '../helpers/github-mock.js';
import { acceptedPr, FILES, snapshotReads } from '../helpers/pr-flow.js';
import { FIX_REPLY, HEAD } from '../fixtures/api/parse-pr.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const RED = jestLog('accepts empty input', 'empty input', 3);

describe('/spark fix-ci', () => {
  it('red → commit → green: waits for check_suite.completed on its commit, then reports green', async () => {
    app = await startTestApp({ reply: FIX_REPLY }, { ci: { pollMs: 600_000 } });
    const { gh, bodies } = acceptedPr();
    ciTree(HEAD);
    checks(HEAD, [checkRun(11, 'test', HEAD, 'failure'), checkRun(12, 'lint', HEAD, 'success')], { 11: RED.replace('empty input\n', `empty input (token ${TOKEN})\n`) });
    snapshotReads(gh);
    commits(gh, C1);
    let pendingSeen!: () => void;
    const pending = new Promise<void>((resolve) => (pendingSeen = resolve));
    checks(C1, [checkRun(21, 'test', C1, null), checkRun(22, 'lint', C1, 'success')], {}, () => pendingSeen());
    checks(C1, [checkRun(21, 'test', C1, 'success'), checkRun(22, 'lint', C1, 'success')]);

    await app.probot.receive({ id: 'd-fix-ci', ...issueCommentEvent({ body: '/spark fix-ci' }) } as any);
    await pending;
    await app.probot.receive({ id: 'd-suite', ...checkSuiteCompleted(C1) } as any);
    const [report] = await app.finished();

    expect(report!.error).toBeUndefined();
    const commit = gh.graphqlCalls.find((c) => c.operation === 'CreateCommitOnBranch')!.variables.input;
    expect(commit.expectedHeadOid).toBe(HEAD);
    expect(Buffer.from(commit.fileChanges.additions[0].contents, 'base64').toString('utf8')).toBe(PATCHED);
    // The model read the failure (place, test, cause), redacted, as data.
    const sent = JSON.stringify(app.spark.requests[0]!.body);
    expect(sent).toContain('## CI failures');
    expect(sent).toContain('parse › accepts empty input');
    expect(sent).toContain('src/parse.ts:3');
    expect(sent).not.toContain(TOKEN);
    expect(sent).toContain('[REDACTED:github-token]');
    expect(bodies.some((b) => b.includes('Waiting for the checks on `c1c1c1c`'))).toBe(true);
    expect(bodies.at(-1)).toContain('Green after 1 round(s)');
    expect(bodies.join('\n')).not.toContain(TOKEN);
    expect(gh.invalid).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('red → commit → red differently → commit on its own commit → green, with both rounds in the status', async () => {
    let turn = 0;
    app = await startTestApp({ reply: () => (turn++ === 0 ? FIX_REPLY : ROUND2_REPLY) }, { ci: { pollMs: 600_000 } });
    const { gh, bodies } = acceptedPr();
    ciTree(HEAD);
    checks(HEAD, [checkRun(11, 'test', HEAD, 'failure')], { 11: RED });
    snapshotReads(gh);
    commits(gh, C1, C2);
    checks(C1, [checkRun(21, 'test', C1, 'failure')], { 21: jestLog('trims parts', "expected ['a', 'b'] received ['a', ' b']", 5) });
    snapshotAt(gh, C1, { 'src/parse.ts': PATCHED, 'src/parse.test.ts': FILES['src/parse.test.ts'] });
    checks(C2, [checkRun(31, 'test', C2, 'success')]);

    await app.probot.receive({ id: 'd-two-rounds', ...issueCommentEvent({ body: '/spark fix-ci' }) } as any);
    const [report] = await app.finished();

    expect(report!.error).toBeUndefined();
    const calls = gh.graphqlCalls.filter((c) => c.operation === 'CreateCommitOnBranch').map((c) => c.variables.input);
    expect(calls.map((c) => c.expectedHeadOid)).toEqual([HEAD, C1]);
    expect(Buffer.from(calls[1].fileChanges.additions[0].contents, 'base64').toString('utf8')).toBe(PATCHED.replace("return input.split(',');", "return input.split(',').map((part) => part.trim());"));
    expect(JSON.stringify(app.spark.requests[1]!.body)).toContain('parse › trims parts');
    const last = bodies.at(-1)!;
    expect(last).toContain('Green after 2 round(s)');
    expect(last).toMatch(/\| 1 .*\| `1111111` \|/);
    expect(last).toMatch(/\| 2 .*\| `c1c1c1c` \|/);
    expect(nock.isDone()).toBe(true);
  });

  it('the same failure after its commit: stops, with no second model turn and no second commit', async () => {
    app = await startTestApp({ reply: FIX_REPLY }, { ci: { pollMs: 600_000 } });
    const { gh, bodies } = acceptedPr();
    ciTree(HEAD);
    checks(HEAD, [checkRun(11, 'test', HEAD, 'failure')], { 11: RED });
    snapshotReads(gh);
    commits(gh, C1);
    checks(C1, [checkRun(21, 'test', C1, 'failure')], { 21: jestLog('accepts empty input', 'empty input', 3) });

    await app.probot.receive({ id: 'd-same', ...issueCommentEvent({ body: '/spark fix-ci' }) } as any);
    await app.finished();

    expect(app.spark.requests).toHaveLength(1);
    expect(gh.graphqlCalls.filter((c) => c.operation === 'CreateCommitOnBranch')).toHaveLength(1);
    expect(bodies.at(-1)).toMatch(/Stopped after 1 round\(s\): the same failures came back/);
    expect(nock.isDone()).toBe(true);
  });

  it('max_rounds: 1 — red differently after the one commit: stops and names what still fails', async () => {
    app = await startTestApp({ reply: FIX_REPLY }, { ci: { pollMs: 600_000 } });
    const { gh, bodies } = acceptedPr({ config: 'ci:\n  max_rounds: 1\n' });
    ciTree(HEAD);
    checks(HEAD, [checkRun(11, 'test', HEAD, 'failure')], { 11: RED });
    snapshotReads(gh);
    commits(gh, C1);
    checks(C1, [checkRun(21, 'test', C1, 'failure')], { 21: jestLog('trims parts', 'expected trimmed', 5) });

    await app.probot.receive({ id: 'd-max', ...issueCommentEvent({ body: '/spark fix-ci' }) } as any);
    await app.finished();

    expect(app.spark.requests).toHaveLength(1);
    expect(bodies.at(-1)).toMatch(/`ci.max_rounds` \(1\) commits were pushed\. Still failing or unfinished: `test`/);
    expect(nock.isDone()).toBe(true);
  });

  it('a human push while it waits ends the loop', async () => {
    app = await startTestApp({ reply: FIX_REPLY }, { ci: { pollMs: 600_000 } });
    const { gh, bodies } = acceptedPr();
    ciTree(HEAD);
    checks(HEAD, [checkRun(11, 'test', HEAD, 'failure')], { 11: RED });
    snapshotReads(gh);
    commits(gh, C1);
    let pendingSeen!: () => void;
    const pending = new Promise<void>((resolve) => (pendingSeen = resolve));
    checks(C1, [checkRun(21, 'test', C1, null)], {}, () => pendingSeen());

    await app.probot.receive({ id: 'd-push', ...issueCommentEvent({ body: '/spark fix-ci' }) } as any);
    await pending;
    await app.probot.receive({ id: 'd-sync-own', ...synchronize(C1) } as any);
    await app.probot.receive({ id: 'd-sync-human', ...synchronize('d'.repeat(40)) } as any);
    await app.finished();

    expect(bodies.at(-1)).toContain('Someone pushed to the branch, so Spark stopped following the checks.');
    expect(gh.graphqlCalls.filter((c) => c.operation === 'CreateCommitOnBranch')).toHaveLength(1);
  });

  it('a new /spark command or /spark cancel while it waits ends the loop', async () => {
    for (const [body, expected] of [
      ['/spark fix-ci', 'A new `/spark` command came, so Spark stopped following the checks.'],
      ['/spark cancel', 'Stopped by `/spark cancel`.'],
    ] as const) {
      app = await startTestApp({ reply: FIX_REPLY }, { ci: { pollMs: 600_000 } });
      const { gh, bodies } = acceptedPr();
      ciTree(HEAD);
      checks(HEAD, [checkRun(11, 'test', HEAD, 'failure')], { 11: RED });
      snapshotReads(gh);
      commits(gh, C1);
      let pendingSeen!: () => void;
      const pending = new Promise<void>((resolve) => (pendingSeen = resolve));
      checks(C1, [checkRun(21, 'test', C1, null)], {}, () => pendingSeen());

      await app.probot.receive({ id: `d-first-${body}`, ...issueCommentEvent({ body: '/spark fix-ci', commentId: 501 }) } as any);
      await pending;
      // The second command is accepted like any other (permission, pin), then ends the loop.
      acceptedPr({ eyes: true });
      await app.probot.receive({ id: `d-second-${body}`, ...issueCommentEvent({ body, commentId: 502 }) } as any);
      await app.finished(1);

      expect(bodies.find((b) => b.includes(expected))).toBeDefined();
      expect(gh.graphqlCalls.filter((c) => c.operation === 'CreateCommitOnBranch')).toHaveLength(1);
      await app.close();
      app = undefined;
    }
  });

  it('a fork PR: suggestions for the failing checks, no commit and no loop', async () => {
    app = await startTestApp({ reply: FIX_REPLY }, { ci: { pollMs: 600_000 } });
    const { gh, bodies } = acceptedPr({ pin: { isCrossRepository: true, maintainerCanModify: true, headNameWithOwner: 'contributor/Hello-World' } });
    ciTree(HEAD);
    checks(HEAD, [checkRun(11, 'test', HEAD, 'failure')], { 11: RED });
    snapshotReads(gh);
    let review: any;
    gh.scope.post(`${REPO_PATH}/pulls/2/reviews`).reply(200, (_u, body: any) => {
      review = body;
      return { id: 8, html_url: 'https://github.com/r#pullrequestreview-8' };
    });

    await app.probot.receive({ id: 'd-fork', ...issueCommentEvent({ body: '/spark fix-ci' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('review');
    expect(review.comments.length + (review.body.includes('```') ? 1 : 0)).toBeGreaterThan(0);
    expect(gh.graphqlCalls.some((c) => c.operation === 'CreateCommitOnBranch')).toBe(false);
    expect(bodies.at(-1)).toMatch(/comes from a fork, so Spark posted suggestions/);
    expect(nock.isDone()).toBe(true);
  });

  it('escalate_model: the last round is written by the bigger model', async () => {
    let turn = 0;
    app = await startTestApp({ reply: () => (turn++ === 0 ? FIX_REPLY : ROUND2_REPLY) }, { ci: { pollMs: 600_000 } });
    const { gh } = acceptedPr({ config: 'ci:\n  max_rounds: 2\n  escalate_model: gpt-5.3-codex\n' });
    ciTree(HEAD);
    checks(HEAD, [checkRun(11, 'test', HEAD, 'failure')], { 11: RED });
    snapshotReads(gh);
    commits(gh, C1, C2);
    checks(C1, [checkRun(21, 'test', C1, 'failure')], { 21: jestLog('trims parts', 'expected trimmed', 5) });
    snapshotAt(gh, C1, { 'src/parse.ts': PATCHED, 'src/parse.test.ts': FILES['src/parse.test.ts'] });
    checks(C2, [checkRun(31, 'test', C2, 'success')]);

    await app.probot.receive({ id: 'd-escalate', ...issueCommentEvent({ body: '/spark fix-ci' }) } as any);
    await app.finished();

    expect(app.spark.requests.map((r) => (r.body as { model: string }).model)).toEqual(['gpt-5.3-codex-spark', 'gpt-5.3-codex']);
    expect(nock.isDone()).toBe(true);
  });

  it('non-Actions CI: a check run with annotations and a failing commit status reach the model', async () => {
    app = await startTestApp({ reply: FIX_REPLY }, { ci: { pollMs: 600_000 } });
    const { gh } = acceptedPr();
    ciTree(HEAD);
    const buildkite = { ...checkRun(41, 'buildkite/unit', HEAD, 'failure'), app: { slug: 'buildkite' }, output: { title: '1 failure', summary: 'parse threw', text: null, annotations_count: 1, annotations_url: '' } };
    nock(API)
      .get(`${REPO_PATH}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 1, check_runs: [buildkite] })
      .get(`${REPO_PATH}/commits/${HEAD}/status`)
      .query(true)
      .reply(200, { state: 'failure', statuses: [{ context: 'jenkins', state: 'failure', description: 'src/parse.test.ts:4 splits failed', target_url: 'https://ci.example/1' }] })
      .get(`${REPO_PATH}/check-runs/41/annotations`)
      .query(true)
      .reply(200, [{ path: 'src/parse.ts', start_line: 3, end_line: 3, annotation_level: 'failure', title: 'Error', message: 'empty input thrown' }]);
    snapshotReads(gh);
    commits(gh, C1);
    nock(API)
      .get(`${REPO_PATH}/commits/${C1}/check-runs`)
      .query(true)
      .reply(200, { total_count: 1, check_runs: [{ ...buildkite, id: 42, head_sha: C1, conclusion: 'success' }] })
      .get(`${REPO_PATH}/commits/${C1}/status`)
      .query(true)
      .reply(200, { state: 'success', statuses: [{ context: 'jenkins', state: 'success', description: 'ok', target_url: null }] });

    await app.probot.receive({ id: 'd-nonactions', ...issueCommentEvent({ body: '/spark fix-ci' }) } as any);
    const [report] = await app.finished();
    expect(report!.error).toBeUndefined();

    const sent = JSON.stringify(app.spark.requests[0]!.body);
    expect(sent).toContain('Check: buildkite/unit');
    expect(sent).toContain('Error: empty input thrown (at src/parse.ts:3)');
    expect(sent).toContain('Status: jenkins');
    expect(sent).toContain('src/parse.test.ts:4');
  });

  it('a bare /spark fix on a red head fixes the checks; where checks cannot be read it is a plain fix', async () => {
    app = await startTestApp({ reply: FIX_REPLY }, { ci: { pollMs: 600_000 } });
    const first = acceptedPr();
    ciTree(HEAD);
    checks(HEAD, [checkRun(11, 'test', HEAD, 'failure')], { 11: RED });
    snapshotReads(first.gh);
    commits(first.gh, C1);
    checks(C1, [checkRun(21, 'test', C1, 'success')]);
    await app.probot.receive({ id: 'd-bare-red', ...issueCommentEvent({ body: '/spark fix', commentId: 601 }) } as any);
    await app.finished(1);
    expect(JSON.stringify(app.spark.requests[0]!.body)).toContain('## CI failures');
    expect(first.bodies.at(-1)).toContain('Green after 1 round(s)');
    await app.close();

    app = await startTestApp({ reply: FIX_REPLY }, { ci: { pollMs: 600_000 } });
    const second = acceptedPr();
    ciTree(HEAD);
    nock(API)
      .get(`${REPO_PATH}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(403, { message: 'Resource not accessible by integration' })
      .get(`${REPO_PATH}/commits/${HEAD}/status`)
      .query(true)
      .reply(403, { message: 'Resource not accessible by integration' });
    snapshotReads(second.gh);
    commits(second.gh, C1);
    await app.probot.receive({ id: 'd-bare-unreadable', ...issueCommentEvent({ body: '/spark fix', commentId: 602 }) } as any);
    const [report] = await app.finished(1);
    expect(report!.outcome).toBe('commit');
    expect(JSON.stringify(app.spark.requests[0]!.body)).not.toContain('## CI failures');
    expect(second.bodies.at(-1)).not.toContain('round');
  });

  it('nothing red on the head: says so and calls no model', async () => {
    app = await startTestApp({ reply: FIX_REPLY }, { ci: { pollMs: 600_000 } });
    const { bodies } = acceptedPr();
    ciTree(HEAD);
    checks(HEAD, [checkRun(11, 'test', HEAD, 'success')]);
    await app.probot.receive({ id: 'd-green', ...issueCommentEvent({ body: '/spark fix-ci' }) } as any);
    await app.finished();
    expect(app.spark.requests).toHaveLength(0);
    expect(bodies.at(-1)).toContain('No check is failing on `1111111` (1 passed)');
  });
});
