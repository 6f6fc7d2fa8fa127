import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { issueCommentEvent } from './helpers/events.js';
import { API, blobsResponse, githubMock, REPO_PATH } from './helpers/github-mock.js';
import { issueLabeledEvent, startIssueTestApp, type IssueTestApp } from './helpers/issue-app.js';
import { FIX_REPLY, PARSE_TS } from './fixtures/api/parse-pr.js';
import {
  BRANCH_HEAD,
  DEFAULT_HEAD,
  ISSUE_FILES,
  ISSUE_NUMBER,
  ISSUE_BODY,
  ISSUE_TITLE,
  issueBranchResponse,
  treeResponse,
  type IssueBranchOptions,
} from './fixtures/api/issue.js';

const STATUS_ID = 199;
const NEW_PR = 9;
const COMMIT = { oid: 'c0ffee'.padEnd(40, '0'), url: 'https://github.com/Codertocat/Hello-World/commit/c0ffee' };
const CONFIG_PATH = `${REPO_PATH}/contents/${encodeURIComponent('.github/spark.yml')}`;

let app: IssueTestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const fixComment = (body = '/spark fix make parse() accept empty input', extra: Partial<Parameters<typeof issueCommentEvent>[0]> = {}) =>
  issueCommentEvent({ body, number: ISSUE_NUMBER, onPull: false, commentId: 3001, issue: { title: ISSUE_TITLE, body: ISSUE_BODY }, ...extra });

/** Acceptance on the webhook path: role (∥ config), 👀 for a comment, the "queued" status comment. */
function accepted(options: { role?: string; config?: string; comment?: boolean } = {}) {
  const gh = githubMock().token().role('Codertocat', options.role ?? 'write');
  if (options.config === undefined) gh.noConfig();
  else gh.scope.get(CONFIG_PATH).reply(200, options.config);
  const bodies: string[] = [];
  if (options.comment ?? true) gh.scope.post(`${REPO_PATH}/issues/comments/3001/reactions`).reply(201, { id: 1, content: 'eyes' });
  gh.scope.post(`${REPO_PATH}/issues/${ISSUE_NUMBER}/comments`).reply(201, (_u, body: any) => {
    bodies.push(body.body);
    return { id: STATUS_ID, html_url: `https://github.com/x/issues/5#issuecomment-${STATUS_ID}` };
  });
  nock(API)
    .persist()
    .patch(`${REPO_PATH}/issues/comments/${STATUS_ID}`)
    .reply(200, (_u, body: any) => {
      bodies.push(body.body);
      return { id: STATUS_ID };
    });
  return { gh, bodies };
}

/** The job's reads: one GraphQL snapshot, the tree at the base, the retrieved files. */
function jobReads(gh: ReturnType<typeof githubMock>, options: IssueBranchOptions = {}) {
  const base = options.branchOid ?? DEFAULT_HEAD;
  gh.graphql('IssueBranchSnapshot', () => issueBranchResponse(options));
  gh.scope.get(`${REPO_PATH}/git/trees/${base}`).query({ recursive: '1' }).reply(200, treeResponse(base));
  gh.graphql('ReadBlobs', blobsResponse(ISSUE_FILES));
}

/** First-run writes: branch, (commit via graphql), draft PR. Records the REST bodies. */
function firstRunWrites(gh: ReturnType<typeof githubMock>) {
  const sent: { ref?: any; pull?: any } = {};
  gh.scope.post(`${REPO_PATH}/git/refs`).reply(201, (_u, body: any) => {
    sent.ref = body;
    return { ref: body.ref, object: { sha: body.sha, type: 'commit' } };
  });
  gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: COMMIT } } }));
  gh.scope.post(`${REPO_PATH}/pulls`).reply(201, (_u, body: any) => {
    sent.pull = body;
    return { number: NEW_PR, html_url: `https://github.com/Codertocat/Hello-World/pull/${NEW_PR}`, draft: body.draft };
  });
  return sent;
}

function patchedParse(): string {
  return PARSE_TS.replace("    throw new Error('empty input');", '    return [];');
}

describe('/spark fix on an issue', () => {
  it('a writer’s comment → branch from the default head, one commit on it, a draft PR "Fixes #5", status with the link', async () => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    const { gh, bodies } = accepted();
    jobReads(gh);
    const sent = firstRunWrites(gh);

    await app.probot.receive({ id: 'delivery-issue-fix', ...fixComment() } as any);
    const [report] = await app.finished();

    expect(report!.error).toBeUndefined();
    expect(report!.outcome).toBe('commit');
    expect(report!.pull).toEqual({ number: NEW_PR, url: `https://github.com/Codertocat/Hello-World/pull/${NEW_PR}`, created: true });
    expect(report!.githubRoundTripsBeforeModel).toBe(3);
    expect(app.jobs[0]).toMatchObject({ kind: 'issue-fix', group: `Codertocat/Hello-World#${ISSUE_NUMBER}`, id: 'comment-issue-3001' });

    expect(sent.ref).toEqual({ ref: 'refs/heads/spark/issue-5', sha: DEFAULT_HEAD });
    const commit = gh.graphqlCalls.find((c) => c.operation === 'CreateCommitOnBranch')!.variables.input;
    expect(commit.expectedHeadOid).toBe(DEFAULT_HEAD);
    expect(commit.branch).toEqual({ repositoryNameWithOwner: 'Codertocat/Hello-World', branchName: 'spark/issue-5' });
    expect(commit.message.headline).toBe('spark: make parse() accept empty input');
    expect(commit.fileChanges.additions).toHaveLength(1);
    expect(commit.fileChanges.additions[0].path).toBe('src/parse.ts');
    expect(Buffer.from(commit.fileChanges.additions[0].contents, 'base64').toString('utf8')).toBe(patchedParse());

    expect(sent.pull).toMatchObject({ head: 'spark/issue-5', base: 'main', draft: true, title: `spark: ${ISSUE_TITLE}` });
    expect(sent.pull.body).toMatch(/^Fixes #5\n/);
    expect(sent.pull.body).toContain('@Codertocat');
    expect(sent.pull.body).toContain('make parse() accept empty input');

    // The issue text reached the model as the description; the instruction comes last.
    const input = JSON.stringify(app.spark.requests[0]!.body.input);
    expect(input).toContain('throws `empty input`');
    expect(input).toContain('src/parse.ts');
    expect(input.lastIndexOf('make parse() accept empty input')).toBeGreaterThan(input.lastIndexOf('src/parse.ts'));

    expect(bodies[0]).toContain('Reading the issue and the repository');
    const last = bodies.at(-1)!;
    expect(last).toContain('Done');
    expect(last).toContain(`Opened draft PR [#${NEW_PR}](https://github.com/Codertocat/Hello-World/pull/${NEW_PR})`);
    expect(last).toContain('c0ffee0');
    expect(last).toMatch(/1 file\(s\) changed, \+1 −1/);
    expect(last).toMatch(/TTFT/);
    // Related files and the default branch's instruction files are read in the same round trip (either may answer first).
    expect(gh.graphqlCalls.map((c) => c.operation).sort()).toEqual(['CreateCommitOnBranch', 'IssueBranchSnapshot', 'ReadBlobs', 'ReadInstructionFiles']);
    expect(gh.graphqlCalls.map((c) => c.operation)[0]).toBe('IssueBranchSnapshot');
    expect(gh.graphqlCalls.at(-1)?.operation).toBe('CreateCommitOnBranch');
    expect(gh.invalid).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('a re-run commits on top of spark/issue-5 and reuses its open PR: no new branch, no second PR', async () => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    const { gh, bodies } = accepted();
    jobReads(gh, { branchOid: BRANCH_HEAD, pulls: [{ number: 7 }] });
    gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: COMMIT } } }));
    let created = 0;
    nock(API).post(`${REPO_PATH}/git/refs`).reply(201, () => (created++, {}));
    nock(API).post(`${REPO_PATH}/pulls`).reply(201, () => (created++, {}));

    await app.probot.receive({ id: 'delivery-issue-rerun', ...fixComment() } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('commit');
    expect(report!.pull).toEqual({ number: 7, url: 'https://github.com/Codertocat/Hello-World/pull/7', created: false });
    expect(created).toBe(0);
    const commit = gh.graphqlCalls.find((c) => c.operation === 'CreateCommitOnBranch')!.variables.input;
    expect(commit.expectedHeadOid).toBe(BRANCH_HEAD);
    expect(commit.branch.branchName).toBe('spark/issue-5');
    expect(bodies.at(-1)).toContain('Updated PR [#7](https://github.com/Codertocat/Hello-World/pull/7)');
    expect(bodies.at(-1)).not.toContain('Opened draft PR');
    expect(gh.invalid).toEqual([]);
    expect(gh.scope.isDone()).toBe(true);
  });

  it('a PR from a fork’s same-named branch is not reused: Spark opens its own', async () => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    const { gh, bodies } = accepted();
    jobReads(gh, { branchOid: BRANCH_HEAD, pulls: [{ number: 8, isCrossRepository: true }] });
    gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: COMMIT } } }));
    let pull: any;
    gh.scope.post(`${REPO_PATH}/pulls`).reply(201, (_u, body: any) => ((pull = body), { number: NEW_PR, html_url: 'https://github.com/p/9', draft: true }));

    await app.probot.receive({ id: 'delivery-issue-fork', ...fixComment() } as any);
    const [report] = await app.finished();

    expect(report!.pull).toMatchObject({ number: NEW_PR, created: true });
    expect(pull.head).toBe('spark/issue-5');
    expect(bodies.at(-1)).toContain(`Opened draft PR [#${NEW_PR}]`);
    expect(nock.isDone()).toBe(true);
  });

  it('a branch moved after the snapshot (STALE_DATA) → nothing forced, no PR, a clear message', async () => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    const { gh, bodies } = accepted();
    jobReads(gh, { branchOid: BRANCH_HEAD, pulls: [{ number: 7 }] });
    gh.graphql('CreateCommitOnBranch', () => ({
      data: { createCommitOnBranch: null },
      errors: [{ type: 'STALE_DATA', path: ['createCommitOnBranch'], message: `Expected branch to point to "${BRANCH_HEAD}" but it did not.` }],
    }));

    await app.probot.receive({ id: 'delivery-issue-stale', ...fixComment() } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('failed');
    expect(report!.pull).toBeUndefined();
    expect(bodies.at(-1)).toContain('Failed');
    expect(bodies.at(-1)).toMatch(/branch `spark\/issue-5` moved.*nothing was pushed.*Re-run/s);
    expect(nock.isDone()).toBe(true);
  });

  it('a malformed model reply → no branch, no commit, no PR, and a clear message', async () => {
    app = await startIssueTestApp({ reply: 'Sure! I would make parse return an empty array.' });
    const { gh, bodies } = accepted();
    jobReads(gh);

    await app.probot.receive({ id: 'delivery-issue-malformed', ...fixComment() } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('failed');
    expect(gh.graphqlCalls.map((c) => c.operation).sort()).toEqual(['IssueBranchSnapshot', 'ReadBlobs', 'ReadInstructionFiles']);
    expect(bodies.at(-1)).toContain('Failed');
    expect(bodies.at(-1)).toMatch(/nothing was changed/);
    // Every mocked request was used, and no unmocked one (createRef, pulls.create) was made:
    // nock would have failed the job with a different message.
    expect(nock.isDone()).toBe(true);
  });

  it('a redelivered comment webhook is one job', async () => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    const { gh } = accepted();
    jobReads(gh);
    firstRunWrites(gh);
    // The duplicate's own acceptance reads again (role, config); the queue then drops it, and
    // it writes nothing: no 👀, no status comment (nock would fail an unexpected request).
    gh.role('Codertocat', 'write').noConfig();
    let extraComments = 0;
    let extraReactions = 0;
    nock(API).persist().post(`${REPO_PATH}/issues/${ISSUE_NUMBER}/comments`).reply(201, () => (extraComments++, { id: 201, html_url: 'u' }));
    nock(API).persist().post(`${REPO_PATH}/issues/comments/3001/reactions`).reply(200, () => (extraReactions++, { id: 2 }));

    await app.probot.receive({ id: 'delivery-issue-dup', ...fixComment() } as any);
    await app.probot.receive({ id: 'delivery-issue-dup', ...fixComment() } as any);
    await app.finished();
    await app.settled();

    expect(app.jobs).toHaveLength(1);
    expect(extraComments).toBe(0);
    expect(extraReactions).toBe(0);
    expect(gh.scope.isDone()).toBe(true);
  });
});

describe('GitHub refusals handled without a second PR', () => {
  it('a repository without draft PRs gets a regular PR, and the status says why', async () => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    const { gh, bodies } = accepted();
    jobReads(gh);
    gh.scope.post(`${REPO_PATH}/git/refs`).reply(201, {});
    gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: COMMIT } } }));
    const drafts: boolean[] = [];
    gh.scope
      .post(`${REPO_PATH}/pulls`)
      .reply(422, (_u, body: any) => (drafts.push(body.draft), { message: 'Draft pull requests are not supported in this repository.' }));
    gh.scope.post(`${REPO_PATH}/pulls`).reply(201, (_u, body: any) => (drafts.push(body.draft), { number: NEW_PR, html_url: 'https://github.com/p/9', draft: false }));

    await app.probot.receive({ id: 'delivery-issue-nodraft', ...fixComment() } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('commit');
    expect(drafts).toEqual([true, false]);
    expect(bodies.at(-1)).toContain('Opened PR [#9](https://github.com/p/9)');
    expect(bodies.at(-1)).toContain('does not support draft PRs');
    expect(nock.isDone()).toBe(true);
  });

  it('a branch and PR created meanwhile: the commit still pins the default head, and the existing PR is linked', async () => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    const { gh, bodies } = accepted();
    jobReads(gh);
    gh.scope.post(`${REPO_PATH}/git/refs`).reply(422, { message: 'Reference already exists' });
    gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: COMMIT } } }));
    gh.scope.post(`${REPO_PATH}/pulls`).reply(422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for Codertocat:spark/issue-5.' }] });
    gh.scope
      .get(`${REPO_PATH}/pulls`)
      .query({ head: 'Codertocat:spark/issue-5', state: 'open', per_page: '1' })
      .reply(200, [{ number: 12, html_url: 'https://github.com/p/12', draft: true }]);

    await app.probot.receive({ id: 'delivery-issue-race', ...fixComment() } as any);
    const [report] = await app.finished();

    expect(report!.pull).toEqual({ number: 12, url: 'https://github.com/p/12', created: false });
    const commit = gh.graphqlCalls.find((c) => c.operation === 'CreateCommitOnBranch')!.variables.input;
    expect(commit.expectedHeadOid).toBe(DEFAULT_HEAD);
    expect(bodies.at(-1)).toContain('Updated PR [#12](https://github.com/p/12)');
    expect(nock.isDone()).toBe(true);
  });

  it('GitHub refuses the PR: the status says the fix is on the branch and how to open the PR', async () => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    const { gh, bodies } = accepted();
    jobReads(gh);
    gh.scope.post(`${REPO_PATH}/git/refs`).reply(201, {});
    gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: COMMIT } } }));
    gh.scope.post(`${REPO_PATH}/pulls`).reply(403, { message: 'Resource not accessible by integration' });

    await app.probot.receive({ id: 'delivery-issue-nopr', ...fixComment() } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('failed');
    expect(bodies.at(-1)).toMatch(/pushed to `spark\/issue-5`.*refused to open a pull request.*Pull requests: write/s);
    expect(nock.isDone()).toBe(true);
  });
});

describe('the issue label trigger', () => {
  it('the label named by issue_label in .github/spark.yml → same as /spark fix', async () => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    const { gh, bodies } = accepted({ config: 'issue_label: spark-fix\n', comment: false });
    jobReads(gh);
    const sent = firstRunWrites(gh);

    await app.probot.receive({ id: 'delivery-label', ...issueLabeledEvent({ label: 'Spark-Fix', issue: { title: ISSUE_TITLE, body: ISSUE_BODY } }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('commit');
    expect(app.jobs[0]).toMatchObject({ kind: 'issue-fix', id: 'delivery-delivery-label' });
    expect(sent.ref).toEqual({ ref: 'refs/heads/spark/issue-5', sha: DEFAULT_HEAD });
    expect(sent.pull).toMatchObject({ draft: true, head: 'spark/issue-5' });
    expect(sent.pull.body).toMatch(/^Fixes #5\n/);
    expect(sent.pull.body).toContain('`spark-fix` label');
    const commit = gh.graphqlCalls.find((c) => c.operation === 'CreateCommitOnBranch')!.variables.input;
    expect(commit.expectedHeadOid).toBe(DEFAULT_HEAD);
    // No instruction: the headline names the issue, and the model is asked to resolve it.
    expect(commit.message.headline).toBe(`spark: fix #5: ${ISSUE_TITLE}`);
    expect(JSON.stringify(app.spark.requests[0]!.body.input)).toContain('Resolve this issue');
    expect(bodies.at(-1)).toContain(`Opened draft PR [#${NEW_PR}]`);
    expect(gh.invalid).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('any other label → nothing after the config read', async () => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    const gh = githubMock().token();
    gh.scope.get(CONFIG_PATH).reply(200, 'issue_label: spark-fix\n');

    await app.probot.receive({ id: 'delivery-label-other', ...issueLabeledEvent({ label: 'bug' }) } as any);

    expect(app.jobs).toHaveLength(0);
    expect(app.spark.requests).toHaveLength(0);
    expect(nock.isDone()).toBe(true);
  });

  it('no issue_label configured → no label triggers', async () => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    githubMock().token().noConfig();

    await app.probot.receive({ id: 'delivery-label-none', ...issueLabeledEvent({ label: 'spark-fix' }) } as any);

    expect(app.jobs).toHaveLength(0);
    expect(nock.isDone()).toBe(true);
  });

  it('a label added by a bot → no request at all', async () => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    await app.probot.receive({ id: 'delivery-label-bot', ...issueLabeledEvent({ label: 'spark-fix', login: 'triage-bot[bot]', userType: 'Bot' }) } as any);
    expect(app.jobs).toHaveLength(0);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('a label added by someone without write access → polite reply, no job', async () => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    const gh = githubMock().token().role('Codertocat', 'triage');
    gh.scope.get(CONFIG_PATH).reply(200, 'issue_label: spark-fix\n');
    let reply = '';
    gh.scope.post(`${REPO_PATH}/issues/${ISSUE_NUMBER}/comments`).reply(201, (_u, body: any) => ((reply = body.body), { id: 5, html_url: 'u' }));

    await app.probot.receive({ id: 'delivery-label-triage', ...issueLabeledEvent({ label: 'spark-fix' }) } as any);

    expect(reply).toMatch(/only people with write access/);
    expect(reply).toContain('add the `spark-fix` label');
    expect(app.jobs).toHaveLength(0);
    expect(app.spark.requests).toHaveLength(0);
    expect(nock.isDone()).toBe(true);
  });
});

describe('issue guards', () => {
  it('a read-only commenter gets a polite reply: no model call, no other write', async () => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    const gh = githubMock().token().role('Codertocat', 'read').noConfig();
    const replies: string[] = [];
    gh.scope.post(`${REPO_PATH}/issues/${ISSUE_NUMBER}/comments`).reply(201, (_u, body: any) => (replies.push(body.body), { id: 5, html_url: 'u' }));

    await app.probot.receive({ id: 'delivery-issue-read', ...fixComment() } as any);

    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/Sorry @Codertocat, only people with write access/);
    expect(app.jobs).toHaveLength(0);
    expect(app.spark.requests).toHaveLength(0);
    expect(nock.isDone()).toBe(true);
  });

  it.each([
    ['a bot account', { userType: 'Bot' as const, login: 'renovate[bot]' }],
    ['a login ending in [bot]', { login: 'spark-patch[bot]' }],
  ])('ignores an issue command from %s (no request at all)', async (_label, who) => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    await app.probot.receive({ id: 'delivery-issue-bot', ...fixComment('/spark fix it', who) } as any);
    expect(app.jobs).toHaveLength(0);
    expect(app.spark.requests).toHaveLength(0);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it.each([
    ['/spark suggest tidy this', /works on pull requests.*\/spark fix/s],
    ['/spark review', /works on pull requests/],
    ['/spark deploy', /Unknown command `deploy`[\s\S]*\/spark fix <instruction>/],
    ['/spark cancel', /No Spark job is running on this issue/],
  ])('%s on an issue → a short answer, no job', async (body, expected) => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    const gh = githubMock().token().role('Codertocat', 'admin').noConfig();
    let reply = '';
    gh.scope.post(`${REPO_PATH}/issues/${ISSUE_NUMBER}/comments`).reply(201, (_u, b: any) => ((reply = b.body), { id: 5, html_url: 'u' }));

    await app.probot.receive({ id: 'delivery-issue-other', ...fixComment(body) } as any);

    expect(reply).toMatch(expected);
    expect(app.jobs).toHaveLength(0);
    expect(nock.isDone()).toBe(true);
  });

  it('a closed issue → a reply, no job', async () => {
    app = await startIssueTestApp({ reply: FIX_REPLY });
    const gh = githubMock().token().role('Codertocat', 'write').noConfig();
    let reply = '';
    gh.scope.post(`${REPO_PATH}/issues/${ISSUE_NUMBER}/comments`).reply(201, (_u, b: any) => ((reply = b.body), { id: 5, html_url: 'u' }));
    const event = fixComment();
    event.payload.issue.state = 'closed';

    await app.probot.receive({ id: 'delivery-issue-closed', ...event } as any);

    expect(reply).toMatch(/This issue is closed.*Reopen it/);
    expect(app.jobs).toHaveLength(0);
    expect(nock.isDone()).toBe(true);
  });
});

describe('verify_model on an issue fix', () => {
  it('after the commit and the draft PR, the second opinion is posted as a review on that PR', async () => {
    let turn = 0;
    app = await startIssueTestApp({ reply: () => (turn++ === 0 ? FIX_REPLY : 'Correct; maybe add a test.') });
    const { gh } = accepted({ config: 'verify_model: gpt-5.3-codex\n' });
    jobReads(gh);
    firstRunWrites(gh);
    let review: any;
    gh.scope.post(`${REPO_PATH}/pulls/${NEW_PR}/reviews`).reply(200, (_u, body: any) => ((review = body), { id: 1, html_url: 'u' }));

    await app.probot.receive({ id: 'delivery-issue-verify', ...fixComment() } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('commit');
    expect(app.spark.requests[1]!.body.model).toBe('gpt-5.3-codex');
    expect(review).toMatchObject({ commit_id: COMMIT.oid, event: 'COMMENT', comments: [] });
    expect(review.body).toContain('Correct; maybe add a test.');
    expect(nock.isDone()).toBe(true);
  });
});
