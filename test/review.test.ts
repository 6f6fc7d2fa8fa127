import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { Debouncer } from '../src/handlers/debounce.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { issueCommentEvent, pullRequestEvent } from './helpers/events.js';
import { acceptedPr, BOT_LOGIN, snapshotReads } from './helpers/pr-flow.js';
import { API, githubMock, pinResponse, REPO_PATH } from './helpers/github-mock.js';
import { BASE, FIX_REPLY, HEAD } from './fixtures/api/parse-pr.js';

const REVIEW_REPLY = `The new empty-input check throws where callers expect an empty list.\n\n${FIX_REPLY}`;
const OLD = '4444444444444444444444444444444444444444';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function reviewEndpoint(gh: ReturnType<typeof acceptedPr>['gh']) {
  const reviews: any[] = [];
  gh.scope.post(`${REPO_PATH}/pulls/2/reviews`).reply(200, (_u, body: any) => {
    reviews.push(body);
    return { id: 9, html_url: 'https://github.com/Codertocat/Hello-World/pull/2#pullrequestreview-9' };
  });
  return reviews;
}

describe('/spark review', () => {
  it('a review that finds nothing posts a summary-only review', async () => {
    app = await startTestApp({ reply: 'The change is correct and handles the empty case.\nNO_CHANGES\n' });
    const { gh } = acceptedPr({ reviews: [] });
    snapshotReads(gh);
    const reviews = reviewEndpoint(gh);

    await app.probot.receive({ id: 'delivery-clean', ...issueCommentEvent({ body: '/spark review' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('review');
    expect(reviews[0].event).toBe('COMMENT');
    expect(reviews[0].comments).toEqual([]);
    expect(reviews[0].body).toContain('The change is correct');
    expect(reviews[0].body).not.toContain('NO_CHANGES');
    expect(nock.isDone()).toBe(true);
  });
});

describe('re-requested review', () => {
  it('reviews only what changed since the head Spark reviewed last', async () => {
    app = await startTestApp({ reply: REVIEW_REPLY });
    const { gh } = acceptedPr({ reviews: [{ login: 'someone', commit_id: 'f'.repeat(40) }, { login: BOT_LOGIN, commit_id: OLD }] });
    snapshotReads(gh);
    // What changed since OLD: only the guard lines of src/parse.ts.
    gh.scope.get(`${REPO_PATH}/compare/${OLD}...${HEAD}`).reply(200, {
      status: 'ahead',
      ahead_by: 1,
      behind_by: 0,
      files: [{ filename: 'src/parse.ts', status: 'modified', patch: "@@ -1,3 +1,6 @@\n export function parse(input: string): string[] {\n+  if (input.length === 0) {\n+    throw new Error('empty input');\n+  }\n   return input.split(',');\n }" }],
    });
    const reviews = reviewEndpoint(gh);

    await app.probot.receive({ id: 'delivery-rerun', ...issueCommentEvent({ body: '/spark review' }) } as any);
    await app.finished();

    const input = JSON.stringify(app.spark.requests[0]!.body.input);
    expect(input).toContain('made since commit 4444444');
    expect(reviews[0].body).toContain('of the changes since `4444444`');
    expect(nock.isDone()).toBe(true);
  });

  it('says so when the head was already reviewed (no model call)', async () => {
    app = await startTestApp({ reply: REVIEW_REPLY });
    const gh = githubMock().token().role('Codertocat', 'write');
    gh.graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    gh.scope.get('/app').reply(200, { id: 1, slug: 'spark-patch' });
    gh.scope.get(`${REPO_PATH}/pulls/2/reviews`).query(true).reply(200, [{ id: 1, user: { login: BOT_LOGIN }, commit_id: HEAD }]);
    let reply = '';
    gh.scope.post(`${REPO_PATH}/issues/2/comments`).reply(201, (_u, body: any) => ((reply = body.body), { id: 5, html_url: 'u' }));

    await app.probot.receive({ id: 'delivery-same', ...issueCommentEvent({ body: '/spark review' }) } as any);

    expect(reply).toMatch(/already reviewed this head \(`1111111`\)/);
    expect(app.spark.requests).toHaveLength(0);
    expect(nock.isDone()).toBe(true);
  });
});

/** Manual timers: the debounce fires only when the test says so. */
function manualDebouncer() {
  const timers = new Map<number, () => void>();
  let next = 0;
  const debouncer = new Debouncer({ set: (fn) => (timers.set(++next, fn), next), clear: (h) => void timers.delete(h as number) });
  return { debouncer, fire: () => [...timers.entries()].forEach(([id, fn]) => (timers.delete(id), fn())), pending: () => timers.size };
}

describe('auto-review', () => {
  const ENABLED = 'auto_review:\n  enabled: true\n  max_changed_lines: 100\n  debounce_seconds: 30\n';

  it('is off by default: a push triggers nothing', async () => {
    const timers = manualDebouncer();
    app = await startTestApp({ reply: REVIEW_REPLY }, { debouncer: timers.debouncer });
    const gh = acceptedPr().gh;
    nock.cleanAll();
    gh.token().noConfig();

    await app.probot.receive({ id: 'delivery-push', ...pullRequestEvent({ action: 'synchronize' }) } as any);

    expect(timers.pending()).toBe(0);
    expect(app.spark.requests).toHaveLength(0);
    expect(nock.isDone()).toBe(true);
  });

  it('a burst of pushes yields one review, without status comments', async () => {
    const timers = manualDebouncer();
    app = await startTestApp({ reply: REVIEW_REPLY }, { debouncer: timers.debouncer });
    const { gh } = acceptedPr({ automatic: true, config: ENABLED, reviews: [] });
    // The two earlier pushes each read the config too.
    gh.scope.get(`${REPO_PATH}/contents/${encodeURIComponent('.github/spark.yml')}`).times(2).reply(200, ENABLED, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
    snapshotReads(gh);
    const reviews = reviewEndpoint(gh);

    for (const [i, action] of (['opened', 'synchronize', 'synchronize'] as const).entries()) {
      await app.probot.receive({ id: `delivery-burst-${i}`, ...pullRequestEvent({ action, headSha: HEAD, size: 10 }) } as any);
    }
    expect(timers.pending()).toBe(1);
    timers.fire();
    const [report] = await app.finished();

    expect(report!.outcome).toBe('review');
    expect(reviews).toHaveLength(1);
    expect(reviews[0].event).toBe('COMMENT');
    expect(app.spark.requests).toHaveLength(1);
    expect(nock.isDone()).toBe(true);
  });

  it('an invalid .github/spark.yml is said on the PR once, not on every push, and nothing runs', async () => {
    const timers = manualDebouncer();
    app = await startTestApp({ reply: REVIEW_REPLY }, { debouncer: timers.debouncer });
    const gh = githubMock().token();
    // Three pushes; `opened` is read twice (auto-review and describe.on_open each load the config).
    gh.scope.get(`${REPO_PATH}/contents/${encodeURIComponent('.github/spark.yml')}`).times(4).reply(200, 'auto_review:\n  enabled: yes please\n', { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
    const comments: string[] = [];
    nock(API).persist().post(`${REPO_PATH}/issues/2/comments`).reply(201, (_u, body: any) => (comments.push(body.body), { id: 5, html_url: 'u' }));

    for (const [i, sha] of [HEAD, OLD, HEAD].entries()) {
      await app.probot.receive({ id: `delivery-bad-${i}`, ...pullRequestEvent({ action: i === 0 ? 'opened' : 'synchronize', headSha: sha, size: 10 }) } as any);
      await app.settled();
    }

    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatch(/`auto_review.enabled` must be true or false/);
    expect(comments[0]).toMatch(/automatic triggers/);
    expect(timers.pending()).toBe(0);
    expect(app.spark.requests).toHaveLength(0);
    expect(gh.scope.isDone()).toBe(true);
  });

  it.each([
    ['drafts', { draft: true }],
    ["bots' PRs", { author: { login: 'dependabot[bot]', type: 'Bot' as const } }],
    ['PRs over the size limit', { size: 500 }],
  ])('skips %s', async (_label, overrides) => {
    const timers = manualDebouncer();
    app = await startTestApp({ reply: REVIEW_REPLY }, { debouncer: timers.debouncer });
    if (!('draft' in overrides) && !('author' in overrides)) {
      // Only the size check needs the config; drafts and bots are skipped before any request.
      const gh = githubMock().token();
      gh.scope.get(`${REPO_PATH}/contents/${encodeURIComponent('.github/spark.yml')}`).reply(200, ENABLED, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
    }

    await app.probot.receive({ id: 'delivery-skip', ...pullRequestEvent({ action: 'opened', size: 10, ...overrides }) } as any);

    expect(timers.pending()).toBe(0);
    expect(app.spark.requests).toHaveLength(0);
    expect(nock.isDone()).toBe(true);
  });
});

describe('verify_model', () => {
  it('after the commit, a bigger model reviews the committed diff and its findings are posted', async () => {
    let turn = 0;
    app = await startTestApp({ reply: () => (turn++ === 0 ? FIX_REPLY : '- Looks right; consider a test for empty input.') });
    const { gh, bodies } = acceptedPr({ config: 'verify_model: gpt-5.3-codex\n' });
    snapshotReads(gh);
    gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: { oid: 'a'.repeat(40), url: 'https://github.com/c/a' } } } }));
    const reviews = reviewEndpoint(gh);

    await app.probot.receive({ id: 'delivery-verify', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('commit');
    expect(bodies.at(-1)).toContain('Done');
    expect(app.spark.requests).toHaveLength(2);
    expect(app.spark.requests[1]!.body.model).toBe('gpt-5.3-codex');
    expect(JSON.stringify(app.spark.requests[1]!.body.input)).toContain("-    throw new Error('empty input');");
    expect(reviews[0].commit_id).toBe('a'.repeat(40));
    expect(reviews[0].event).toBe('COMMENT');
    expect(reviews[0].body).toContain('Second opinion');
    expect(reviews[0].body).toContain('consider a test for empty input');
    expect(nock.isDone()).toBe(true);
  });
});
