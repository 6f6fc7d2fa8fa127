import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { issueCommentEvent, reviewCommentEvent } from './helpers/events.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { API, blobOidsResponse, blobsResponse, githubMock, pinResponse, REPO_PATH } from './helpers/github-mock.js';
import { acceptedPr, FILES, snapshotReads } from './helpers/pr-flow.js';
import { BASE, FIX_REPLY, HEAD, PARSE_TS, PR_DIFF } from './fixtures/api/parse-pr.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});


describe('/spark fix on a pull request', () => {
  it('pushes one commit on the pinned head with the patched file, and reports it', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    const { gh, bodies } = acceptedPr();
    snapshotReads(gh);
    gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: { oid: 'c0ffee'.padEnd(40, '0'), url: 'https://github.com/Codertocat/Hello-World/commit/c0ffee' } } } }));

    await app.probot.receive({ id: 'delivery-fix', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input' }) } as any);
    const [report] = await app.finished();

    expect(report!.error).toBeUndefined();
    expect(report!.outcome).toBe('commit');
    const commit = gh.graphqlCalls.find((c) => c.operation === 'CreateCommitOnBranch')!.variables.input;
    expect(commit.expectedHeadOid).toBe(HEAD);
    expect(commit.branch).toEqual({ repositoryNameWithOwner: 'Codertocat/Hello-World', branchName: 'feature/parse' });
    expect(commit.message.headline).toBe('spark: make parse() accept empty input');
    expect(commit.message.body).toContain('Co-authored-by: Codertocat <');
    expect(commit.fileChanges.deletions).toEqual([]);
    expect(commit.fileChanges.additions).toHaveLength(1);
    const written = Buffer.from(commit.fileChanges.additions[0].contents, 'base64').toString('utf8');
    expect(written).toBe(PARSE_TS.replace("    throw new Error('empty input');", '    return [];'));

    // The model saw the changed file, its test (a related file) and the instruction last.
    const sent = app.spark.requests[0]!.body as { input: unknown; instructions: string };
    const input = JSON.stringify(sent.input);
    expect(input).toContain('src/parse.test.ts');
    expect(input.lastIndexOf('make parse() accept empty input')).toBeGreaterThan(input.lastIndexOf('src/parse.ts'));
    expect(sent.instructions).toContain('*** Begin Patch');

    expect(bodies[0]).toContain('Reading the pull request');
    expect(bodies.at(-1)).toContain('Done');
    expect(bodies.at(-1)).toContain('c0ffee0');
    expect(bodies.at(-1)).toMatch(/TTFT/);
    expect(gh.invalid).toEqual([]);
    // The instruction files are read at the default branch alongside the first snapshot reads (order between them varies).
    expect(gh.graphqlCalls.map((c) => c.operation).sort()).toEqual(["CreateCommitOnBranch", "PinPullRequest", "ReadBlobs", "ReadBlobs", "ReadInstructionFiles"]);
    expect(gh.graphqlCalls.at(-1)?.operation).toBe("CreateCommitOnBranch");
    // The App reads its config at .github/spark.yml with the pin.
    expect(gh.graphqlCalls.find((c) => c.operation === 'PinPullRequest')?.variables.configExpr).toBe('HEAD:.github/spark.yml');
    expect(nock.isDone()).toBe(true);
  });

  const STALE = {
    data: { createCommitOnBranch: null },
    errors: [{ type: 'STALE_DATA', path: ['createCommitOnBranch'], message: `Expected branch to point to "${HEAD}" but it did not.  Pull and try again.` }],
  };
  const NEW_HEAD = '3333333333333333333333333333333333333333';

  it('never overwrites a moved branch: new commits touching the patched lines → no commit, a clear message', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    const { gh, bodies } = acceptedPr();
    snapshotReads(gh);
    gh.graphql('CreateCommitOnBranch', () => STALE);
    // The job re-reads the PR, sees a fast-forward that changed src/parse.ts, and the
    // patched lines are gone in the new version: it must refuse.
    gh.graphql('PinPullRequest', () => pinResponse({ headSha: NEW_HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    gh.scope.get(`${REPO_PATH}/compare/${HEAD}...${NEW_HEAD}`).reply(200, { status: 'ahead', ahead_by: 1, behind_by: 0, files: [{ filename: 'src/parse.ts', status: 'modified' }] });
    // The blob of src/parse.ts differs between the heads: the new commits touched it.
    gh.graphql('BlobOids', blobOidsResponse((commit) => commit.slice(0, 1).repeat(40)));
    gh.scope.get(`${REPO_PATH}/git/trees/${NEW_HEAD}`).query(true).reply(200, { sha: NEW_HEAD, truncated: false, tree: [{ path: 'src/parse.ts', mode: '100644', type: 'blob', sha: '3'.repeat(40), size: 120 }] });
    gh.graphql('ReadBlobs', blobsResponse({ 'src/parse.ts': PARSE_TS.replace("throw new Error('empty input');", "throw new RangeError('input must not be empty');") }));

    await app.probot.receive({ id: 'delivery-moved', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('failed');
    expect(gh.graphqlCalls.filter((c) => c.operation === 'CreateCommitOnBranch')).toHaveLength(1);
    expect(bodies.at(-1)).toContain('Failed');
    expect(bodies.at(-1)).toMatch(/branch `feature\/parse` moved.*changed the lines it patched.*nothing was pushed.*Re-run/s);
    expect(nock.isDone()).toBe(true);
  });

  it('a moved branch whose new commits left the patched file alone gets the commit on the new head', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    const { gh, bodies } = acceptedPr();
    snapshotReads(gh);
    gh.graphql('CreateCommitOnBranch', () => STALE);
    gh.graphql('PinPullRequest', () => pinResponse({ headSha: NEW_HEAD, baseSha: BASE, files: ['src/parse.ts', 'README.md'] }));
    gh.scope.get(`${REPO_PATH}/compare/${HEAD}...${NEW_HEAD}`).reply(200, { status: 'ahead', ahead_by: 1, behind_by: 0, files: [{ filename: 'README.md', status: 'modified' }] });
    // src/parse.ts has the same blob at both heads: the new commits left it alone.
    gh.graphql('BlobOids', blobOidsResponse(() => 'b'.repeat(40)));
    gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: { oid: 'e'.repeat(40), url: 'https://github.com/c/e' } } } }));

    await app.probot.receive({ id: 'delivery-moved-ok', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('commit');
    const commits = gh.graphqlCalls.filter((c) => c.operation === 'CreateCommitOnBranch').map((c) => c.variables.input.expectedHeadOid);
    expect(commits).toEqual([HEAD, NEW_HEAD]);
    expect(bodies.at(-1)).toMatch(/committed on top of the new head `3333333`/);
    expect(nock.isDone()).toBe(true);
  });

  it('a force-pushed branch is never committed to', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    const { gh, bodies } = acceptedPr();
    snapshotReads(gh);
    gh.graphql('CreateCommitOnBranch', () => STALE);
    gh.graphql('PinPullRequest', () => pinResponse({ headSha: NEW_HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    gh.scope.get(`${REPO_PATH}/compare/${HEAD}...${NEW_HEAD}`).reply(200, { status: 'diverged', ahead_by: 1, behind_by: 2, files: [] });

    await app.probot.receive({ id: 'delivery-forced', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('failed');
    expect(gh.graphqlCalls.filter((c) => c.operation === 'CreateCommitOnBranch')).toHaveLength(1);
    expect(bodies.at(-1)).toMatch(/force-pushed while Spark worked, so nothing was pushed/);
    expect(nock.isDone()).toBe(true);
  });

  it('a malformed model reply never becomes a commit', async () => {
    app = await startTestApp({ reply: 'Sure! I would change the parse function to return an empty array.' });
    const { gh, bodies } = acceptedPr();
    snapshotReads(gh);

    await app.probot.receive({ id: 'delivery-malformed', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('failed');
    expect(gh.graphqlCalls.some((c) => c.operation === 'CreateCommitOnBranch')).toBe(false);
    expect(bodies.at(-1)).toMatch(/nothing was changed/);
    expect(nock.isDone()).toBe(true);
  });

  it('re-prompts once with the exact lines not found, chained to the first turn', async () => {
    const wrong = FIX_REPLY.replace("-    throw new Error('empty input');", "-    throw new Error('no input');");
    let turn = 0;
    app = await startTestApp({ reply: () => (turn++ === 0 ? wrong : FIX_REPLY) });
    const { gh } = acceptedPr();
    snapshotReads(gh);
    gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: { oid: 'b'.repeat(40), url: 'u' } } } }));

    await app.probot.receive({ id: 'delivery-retry', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('commit');
    expect(app.spark.requests).toHaveLength(2);
    const second = app.spark.requests[1]!.body as { previous_response_id?: string; input: unknown };
    expect(second.previous_response_id).toMatch(/^resp_/);
    expect(JSON.stringify(second.input)).toContain("throw new Error('no input');");
    expect(nock.isDone()).toBe(true);
  });
});

describe('guards', () => {
  it('a read-only commenter gets a polite reply: no model call, no write', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    const gh = githubMock()
      .token()
      .role('Codertocat', 'read')
      .graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    let reply = '';
    gh.scope.post(`${REPO_PATH}/issues/2/comments`).reply(201, (_u, body: any) => {
      reply = body.body;
      return { id: 5, html_url: 'u' };
    });

    await app.probot.receive({ id: 'delivery-read', ...issueCommentEvent({ body: '/spark fix everything' }) } as any);

    expect(reply).toMatch(/only people with write access/);
    expect(app.spark.requests).toHaveLength(0);
    expect(app.reports).toHaveLength(0);
    expect(nock.isDone()).toBe(true);
  });

  it.each([
    ['a bot account', { userType: 'Bot' as const, login: 'renovate[bot]' }],
    ['this app itself', { userType: 'Bot' as const, login: 'spark-patch[bot]' }],
    ['a login ending in [bot]', { login: 'some-app[bot]' }],
  ])('ignores commands from %s (no request at all)', async (_label, who) => {
    app = await startTestApp({ reply: FIX_REPLY });
    // nock.disableNetConnect(): any GitHub request would make receive() throw.
    await app.probot.receive({ id: 'delivery-bot', ...issueCommentEvent({ body: '/spark fix it', ...who }) } as any);
    expect(app.spark.requests).toHaveLength(0);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('ignores edited comments', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    await app.probot.receive({ id: 'delivery-edit', ...issueCommentEvent({ body: '/spark fix it', action: 'edited' }) } as any);
    expect(app.spark.requests).toHaveLength(0);
  });

  it('ignores comments that are not commands', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    await app.probot.receive({ id: 'delivery-chat', ...issueCommentEvent({ body: 'LGTM, maybe /spark fix later' }) } as any);
    expect(app.spark.requests).toHaveLength(0);
  });

  it('answers /spark help and unknown subcommands with the command list', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    const gh = githubMock()
      .token()
      .role('Codertocat', 'admin')
      .graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    let reply = '';
    gh.scope.post(`${REPO_PATH}/issues/2/comments`).reply(201, (_u, body: any) => {
      reply = body.body;
      return { id: 5, html_url: 'u' };
    });
    await app.probot.receive({ id: 'delivery-help', ...issueCommentEvent({ body: '/spark deploy' }) } as any);
    expect(reply).toContain('Unknown command `deploy`');
    expect(reply).toContain('/spark fix <instruction>');
    expect(nock.isDone()).toBe(true);
  });
});

describe('delivery as suggestions', () => {
  it('/spark suggest posts a COMMENT review whose suggestions sit on lines of the PR diff', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    const { gh, bodies } = acceptedPr();
    snapshotReads(gh);
    let review: any;
    gh.scope.post(`${REPO_PATH}/pulls/2/reviews`).reply(200, (_u, body: any) => {
      review = body;
      return { id: 7, html_url: 'https://github.com/Codertocat/Hello-World/pull/2#pullrequestreview-7' };
    });

    await app.probot.receive({ id: 'delivery-suggest', ...issueCommentEvent({ body: '/spark suggest make parse() accept empty input' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('review');
    expect(review.event).toBe('COMMENT');
    expect(review.commit_id).toBe(HEAD);
    expect(review.comments.length).toBeGreaterThan(0);
    // RIGHT-side lines in the PR hunk @@ -1,3 +1,6 @@ are 1..6.
    for (const c of review.comments) {
      expect(c.path).toBe('src/parse.ts');
      expect(c.side).toBe('RIGHT');
      expect(c.line).toBeGreaterThanOrEqual(1);
      expect(c.line).toBeLessThanOrEqual(6);
      if (c.start_line !== undefined) expect(c.start_line).toBeLessThan(c.line);
      expect(c.body).toContain('```suggestion');
      expect(c.body).toContain('return [];');
    }
    expect(gh.graphqlCalls.some((c) => c.operation === 'CreateCommitOnBranch')).toBe(false);
    expect(bodies.at(-1)).toMatch(/Posted \[a review\]/);
    expect(nock.isDone()).toBe(true);
  });

  it('a fork PR without "allow edits from maintainers" gets suggestions instead of a push', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    const { gh, bodies } = acceptedPr({ pin: { isCrossRepository: true, maintainerCanModify: false, headNameWithOwner: 'contributor/Hello-World' } });
    snapshotReads(gh);
    gh.scope.post(`${REPO_PATH}/pulls/2/reviews`).reply(200, { id: 8, html_url: 'https://github.com/r#pullrequestreview-8' });

    await app.probot.receive({ id: 'delivery-fork', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('review');
    expect(gh.graphqlCalls.some((c) => c.operation === 'CreateCommitOnBranch')).toBe(false);
    expect(bodies.at(-1)).toMatch(/fork that does not allow edits from maintainers/);
    expect(nock.isDone()).toBe(true);
  });
});

describe('review threads', () => {
  it('scopes the job to the commented lines and answers in the thread', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    const gh = githubMock()
      .token()
      .role('Codertocat', 'write')
      .graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    gh.scope.post(/\/pulls\/comments\/\d+\/reactions$/).reply(201, { id: 1 });
    const replies: string[] = [];
    gh.scope.post(`${REPO_PATH}/pulls/2/comments/4242/replies`).reply(201, (_u, body: any) => {
      replies.push(body.body);
      return { id: 77, html_url: 'https://github.com/x#discussion_r77' };
    });
    nock(API).persist().patch(`${REPO_PATH}/pulls/comments/77`).reply(200, (_u, body: any) => (replies.push(body.body), { id: 77 }));
    snapshotReads(gh);
    gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: { oid: 'd'.repeat(40), url: 'u' } } } }));

    await app.probot.receive({
      id: 'delivery-thread',
      ...reviewCommentEvent({ body: '/spark fix return an empty array here', commentId: 4242, path: 'src/parse.ts', line: 3, startLine: 2 }),
    } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('commit');
    const input = JSON.stringify(app.spark.requests[0]!.body.input);
    expect(input).toContain('src/parse.ts');
    expect(input).toMatch(/lines? 2.{0,8}3/);
    expect(replies[0]).toContain('Reading the pull request');
    expect(replies.at(-1)).toContain('Done');
    expect(nock.isDone()).toBe(true);
  });
  it('takes the thread\'s lines as the tie-breaker when the model\'s change fits two equal places', async () => {
    // The same guard in two functions: the reply's context alone matches both.
    const strict = `${PARSE_TS}\nexport function parseStrict(input: string): string[] {\n  if (input.length === 0) {\n    throw new Error('empty input');\n  }\n  return input.split(',');\n}\n`;
    const reply = "*** Begin Patch\n*** Update File: src/parse.ts\n@@\n   if (input.length === 0) {\n-    throw new Error('empty input');\n+    return [];\n   }\n*** End Patch\n";
    app = await startTestApp({ reply });
    const gh = githubMock()
      .token()
      .role('Codertocat', 'write')
      .graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    gh.scope.post(/\/pulls\/comments\/\d+\/reactions$/).reply(201, { id: 1 });
    gh.scope.post(`${REPO_PATH}/pulls/2/comments/4343/replies`).reply(201, { id: 78, html_url: 'https://github.com/x#discussion_r78' });
    nock(API).persist().patch(`${REPO_PATH}/pulls/comments/78`).reply(200, { id: 78 });
    const files = { 'src/parse.ts': strict, 'src/parse.test.ts': FILES['src/parse.test.ts'] };
    gh.graphql('ReadBlobs', blobsResponse(files));
    gh.scope.get(`${REPO_PATH}/git/trees/${HEAD}`).query({ recursive: '1' }).reply(200, {
      sha: HEAD,
      truncated: false,
      tree: [
        { path: 'src/parse.ts', mode: '100644', type: 'blob', sha: 'b', size: strict.length },
        { path: 'src/parse.test.ts', mode: '100644', type: 'blob', sha: 'c', size: 90 },
      ],
    });
    gh.scope.get(`${REPO_PATH}/compare/${BASE}...${HEAD}`).reply(200, PR_DIFF, { 'content-type': 'application/vnd.github.diff; charset=utf-8' });
    gh.graphql('ReadBlobs', blobsResponse(files));
    gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: { oid: 'e'.repeat(40), url: 'u' } } } }));

    // The thread is on parseStrict's guard (lines 9-10 of the file).
    await app.probot.receive({
      id: 'delivery-thread-tie',
      ...reviewCommentEvent({ body: '/spark fix return an empty array here', commentId: 4343, path: 'src/parse.ts', line: 10, startLine: 9 }),
    } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('commit');
    const commit = gh.graphqlCalls.find((c) => c.operation === 'CreateCommitOnBranch')!.variables.input;
    const written = Buffer.from(commit.fileChanges.additions[0].contents, 'base64').toString('utf8');
    expect(written).toBe(`${PARSE_TS}\nexport function parseStrict(input: string): string[] {\n  if (input.length === 0) {\n    return [];\n  }\n  return input.split(',');\n}\n`);
    // One model turn: the tie was broken, not re-prompted.
    expect(app.spark.requests).toHaveLength(1);
  });
});

describe('/spark cancel', () => {
  it('stops the running job: the model stream is aborted and nothing is pushed', async () => {
    app = await startTestApp({ reply: FIX_REPLY, faults: [{ kind: 'stall' }] });
    const { gh, bodies } = acceptedPr();
    snapshotReads(gh);
    await app.probot.receive({ id: 'delivery-long', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input', commentId: 1 }) } as any);
    // Wait until the job is streaming from the (stalled) model.
    while (app.spark.requests.length === 0) await new Promise((r) => setTimeout(r, 5));

    // Same app, same installation: its token is already cached.
    const cancel = githubMock().role('Codertocat', 'write');
    cancel.graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    let reply = '';
    cancel.scope.post(`${REPO_PATH}/issues/2/comments`).reply(201, (_u, body: any) => ((reply = body.body), { id: 6, html_url: 'u' }));
    await app.probot.receive({ id: 'delivery-cancel', ...issueCommentEvent({ body: '/spark cancel', commentId: 2 }) } as any);
    const [report] = await app.finished();

    expect(reply).toMatch(/Cancelled the running Spark job/);
    expect(report!.outcome).toBe('failed');
    expect(bodies.at(-1)).toMatch(/cancelled/i);
    expect(gh.graphqlCalls.some((c) => c.operation === 'CreateCommitOnBranch')).toBe(false);
    expect(nock.isDone()).toBe(true);
  });

  it('says so when nothing is running', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    const gh = githubMock().token().role('Codertocat', 'write');
    gh.graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    let reply = '';
    gh.scope.post(`${REPO_PATH}/issues/2/comments`).reply(201, (_u, body: any) => ((reply = body.body), { id: 6, html_url: 'u' }));
    await app.probot.receive({ id: 'delivery-cancel-idle', ...issueCommentEvent({ body: '/spark cancel' }) } as any);
    expect(reply).toBe('No Spark job is running on this PR.');
    expect(nock.isDone()).toBe(true);
  });
});

describe('acceptance', () => {
  it('a redelivered webhook (same comment) runs one job and posts nothing twice', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    const { gh, bodies } = acceptedPr();
    snapshotReads(gh);
    gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: { oid: 'a'.repeat(40), url: 'u' } } } }));
    // The redelivery reads again (role, pin) before the queue recognises it.
    gh.role('Codertocat', 'write').graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    const event = issueCommentEvent({ body: '/spark fix make parse() accept empty input', commentId: 77 });

    await app.probot.receive({ id: 'delivery-dup', ...event } as any);
    await app.probot.receive({ id: 'delivery-dup', ...event } as any);
    await app.finished();
    await app.settled();

    expect(app.reports).toHaveLength(1);
    expect(gh.graphqlCalls.filter((c) => c.operation === 'CreateCommitOnBranch')).toHaveLength(1);
    expect(bodies.filter((b) => b.includes('Reading the pull request'))).toHaveLength(1);
    expect(nock.isDone()).toBe(true);
  });

  it('reads .github/spark.yml from the pin query, falling back to <owner>/.github', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    const { gh } = acceptedPr({ pin: { ownerConfig: 'max_changed_lines: 1\n' } });
    snapshotReads(gh);

    await app.probot.receive({ id: 'delivery-org-config', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input' }) } as any);
    const [report] = await app.finished();

    // The owner-wide limit (1 line) refuses the 6-line patch: the config was applied.
    expect(report!.outcome).toBe('failed');
    expect(report!.error).toMatch(/line/i);
    expect(gh.graphqlCalls.some((c) => c.operation === 'CreateCommitOnBranch')).toBe(false);
    expect(nock.isDone()).toBe(true);
  });

  it('PR commands follow `_extends` like every other trigger (was: rejected as an unknown key)', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    const { gh } = acceptedPr({ pin: { config: '_extends: shared-config\n' } });
    // The one extra read `_extends` costs: the base file, from the contents API like Probot.
    gh.scope.get(`/repos/Codertocat/shared-config/contents/${encodeURIComponent('.github/spark.yml')}`).reply(200, 'max_changed_lines: 1\n', { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
    snapshotReads(gh);

    await app.probot.receive({ id: 'delivery-extends', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input' }) } as any);
    const [report] = await app.finished();

    // The base's limit (1 line) refuses the 6-line patch: the extended config was applied.
    expect(report!.outcome).toBe('failed');
    expect(report!.error).toMatch(/line/i);
    expect(gh.graphqlCalls.some((c) => c.operation === 'CreateCommitOnBranch')).toBe(false);
    expect(nock.isDone()).toBe(true);
  });

  it('an invalid .github/spark.yml is answered with what is wrong, and nothing runs', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    const gh = githubMock().token().role('Codertocat', 'write');
    gh.graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'], config: 'max_changed_line: 5\n' }));
    let reply = '';
    gh.scope.post(`${REPO_PATH}/issues/2/comments`).reply(201, (_u, body: any) => ((reply = body.body), { id: 5, html_url: 'u' }));

    await app.probot.receive({ id: 'delivery-bad-config', ...issueCommentEvent({ body: '/spark fix it' }) } as any);

    expect(reply).toMatch(/unknown key `max_changed_line`/);
    expect(app.spark.requests).toHaveLength(0);
    expect(nock.isDone()).toBe(true);
  });

  it('context.related_files: false skips the related-files read (one round trip less before the model)', async () => {
    app = await startTestApp({ reply: FIX_REPLY });
    const { gh } = acceptedPr({ config: 'context:\n  related_files: false\n' });
    // Only the first snapshot trip: changed blobs ∥ tree ∥ diff (no second ReadBlobs).
    gh.graphql('ReadBlobs', blobsResponse({ 'src/parse.ts': PARSE_TS }));
    gh.scope.get(`${REPO_PATH}/git/trees/${HEAD}`).query({ recursive: '1' }).reply(200, { sha: HEAD, truncated: false, tree: [{ path: 'src/parse.ts', mode: '100644', type: 'blob', sha: 'b' }, { path: 'src/parse.test.ts', mode: '100644', type: 'blob', sha: 'c' }] });
    gh.scope.get(`${REPO_PATH}/compare/${BASE}...${HEAD}`).reply(200, PR_DIFF, { 'content-type': 'application/vnd.github.diff; charset=utf-8' });
    gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: { oid: 'f'.repeat(40), url: 'u' } } } }));

    await app.probot.receive({ id: 'delivery-no-related', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('commit');
    expect(report!.githubRoundTripsBeforeModel).toBe(1);
    expect(gh.graphqlCalls.filter((c) => c.operation === 'ReadBlobs')).toHaveLength(1);
    expect(nock.isDone()).toBe(true);
  });
});
