import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { findingKey, keyMarker } from '../../src/review/finding-key.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { issueCommentEvent } from '../helpers/events.js';
import { acceptedPr, BOT_LOGIN, snapshotReads } from '../helpers/pr-flow.js';
import { REPO_PATH } from '../helpers/github-mock.js';
import { HEAD, PARSE_TS } from '../fixtures/api/parse-pr.js';

const BUG = 'Throwing on empty input breaks callers that pass an empty string and expect an empty list.';
const RISK = 'Is a trailing comma meant to give an empty last element?';
const NIT = 'The test name could say which separator it checks.';

/** A reply written the line-format way: a patch under the bug, none under the question. */
const REPLY = `SUMMARY: The new guard throws where callers expect an empty list.
FINDING bug src/parse.ts:2-4 ${BUG}
*** Begin Patch
*** Update File: src/parse.ts
@@ export function parse(input: string): string[] {
-  if (input.length === 0) {
-    throw new Error('empty input');
-  }
+  if (input.length === 0) {
+    return [];
+  }
   return input.split(',');
*** End Patch
FINDING risk src/parse.ts:5 ${RISK}
FINDING nit src/parse.test.ts:3 ${NIT}
`;

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function reviewFlow(options: { config?: string; earlier?: Array<{ login: string; body: string }> } = {}) {
  const { gh } = acceptedPr({ reviews: [], config: options.config });
  snapshotReads(gh);
  gh.scope.get(`${REPO_PATH}/pulls/2/comments`).query(true).reply(200, (options.earlier ?? []).map((c, i) => ({ id: i + 1, user: { login: c.login }, body: c.body })));
  const reviews: any[] = [];
  gh.scope.post(`${REPO_PATH}/pulls/2/reviews`).reply(200, (_u, body: any) => {
    reviews.push(body);
    return { id: 9, html_url: 'https://github.com/Codertocat/Hello-World/pull/2#pullrequestreview-9' };
  });
  return reviews;
}

const lineOf = (n: number) => PARSE_TS.split('\n')[n - 1]!;

describe('reviews that explain', () => {
  it('puts each reason above its suggestion, a question on its line, and a finding off the diff in the body', async () => {
    app = await startTestApp({ reply: REPLY });
    const reviews = reviewFlow();

    await app.probot.receive({ id: 'delivery-explained', ...issueCommentEvent({ body: '/spark review' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('review');
    const [review] = reviews;
    expect(review.event).toBe('COMMENT');
    expect(review.commit_id).toBe(HEAD);
    // The model was given the line format.
    expect(JSON.stringify(app.spark.requests[0]!.body.input)).toContain('FINDING <bug|risk|nit>');

    const suggestion = review.comments.find((c: any) => c.body.includes('```suggestion'));
    // Only the throw line changes: the suggestion replaces line 3.
    expect(suggestion).toMatchObject({ path: 'src/parse.ts', side: 'RIGHT', line: 3 });
    const body: string = suggestion.body;
    expect(body.indexOf(BUG)).toBeGreaterThan(-1);
    expect(body.indexOf(BUG)).toBeLessThan(body.indexOf('```suggestion'));
    expect(body).toContain('**bug**');
    expect(body).toContain('return [];');
    expect(body).toContain(keyMarker(findingKey({ path: 'src/parse.ts', reason: BUG }, lineOf(2))));

    // The question is an inline comment on line 5, a context line of the PR's hunk.
    const question = review.comments.find((c: any) => c.body.includes(RISK));
    expect(question).toMatchObject({ path: 'src/parse.ts', line: 5, side: 'RIGHT' });
    expect(question.body).not.toContain('```suggestion');
    expect(review.comments).toHaveLength(2);

    // src/parse.test.ts is not in the PR diff: no valid anchor, so the nit is in the body.
    expect(review.body).toContain('The new guard throws where callers expect an empty list.');
    expect(review.body).toContain('`src/parse.test.ts:3` **nit**');
    expect(review.body).toContain(NIT);
    expect(review.body).not.toContain('FINDING');
    expect(nock.isDone()).toBe(true);
  });

  it('review.min_severity hides the lower findings and says how many', async () => {
    app = await startTestApp({ reply: REPLY });
    const reviews = reviewFlow({ config: 'review:\n  min_severity: risk\n' });

    await app.probot.receive({ id: 'delivery-severity', ...issueCommentEvent({ body: '/spark review' }) } as any);
    await app.finished();

    expect(reviews[0].comments).toHaveLength(2);
    expect(reviews[0].body).not.toContain(NIT);
    expect(reviews[0].body).toContain('1 finding below `risk` hidden');
    expect(nock.isDone()).toBe(true);
  });

  it('a re-review does not repeat a finding Spark already posted on the same line content', async () => {
    app = await startTestApp({ reply: REPLY });
    const bugKey = keyMarker(findingKey({ path: 'src/parse.ts', reason: BUG }, lineOf(2)));
    const riskKey = keyMarker(findingKey({ path: 'src/parse.ts', reason: RISK }, lineOf(5)));
    // Spark's own earlier comment holds the bug's key; someone else pasting the risk's key changes nothing.
    const reviews = reviewFlow({ earlier: [{ login: BOT_LOGIN, body: `**bug**: ${BUG}\n${bugKey}` }, { login: 'mallory', body: riskKey }] });

    await app.probot.receive({ id: 'delivery-again', ...issueCommentEvent({ body: '/spark review' }) } as any);
    await app.finished();

    const comments = reviews[0].comments;
    expect(comments.some((c: any) => c.body.includes(BUG))).toBe(false);
    expect(comments.some((c: any) => c.body.includes(RISK))).toBe(true);
    expect(reviews[0].body).toContain('1 finding already posted on unchanged lines not repeated');
    expect(nock.isDone()).toBe(true);
  });

  it("a finding whose patch does not apply keeps its reason as a comment, without a suggestion", async () => {
    const broken = REPLY.replace("-    throw new Error('empty input');", "-    throw new Error('no such line');");
    app = await startTestApp({ reply: broken });
    const reviews = reviewFlow();

    await app.probot.receive({ id: 'delivery-broken', ...issueCommentEvent({ body: '/spark review' }) } as any);
    await app.finished();

    const bug = reviews[0].comments.find((c: any) => c.body.includes(BUG));
    expect(bug).toMatchObject({ path: 'src/parse.ts', start_line: 2, line: 4 });
    expect(bug.body).not.toContain('```suggestion');
    // A review never applies the findings' patches together, so nothing re-prompts.
    expect(app.spark.requests).toHaveLength(1);
    expect(nock.isDone()).toBe(true);
  });

  it('two findings whose patches touch the same lines both get their suggestion, in one turn', async () => {
    const OTHER = 'An empty input should not be checked by length when undefined can reach here.';
    const overlapping = `SUMMARY: Two takes on the new guard.
FINDING bug src/parse.ts:2-4 ${BUG}
*** Begin Patch
*** Update File: src/parse.ts
@@ export function parse(input: string): string[] {
-  if (input.length === 0) {
-    throw new Error('empty input');
-  }
+  if (input.length === 0) {
+    return [];
+  }
   return input.split(',');
*** End Patch
FINDING risk src/parse.ts:2 ${OTHER}
*** Begin Patch
*** Update File: src/parse.ts
@@ export function parse(input: string): string[] {
-  if (input.length === 0) {
+  if (!input) {
     throw new Error('empty input');
*** End Patch
`;
    app = await startTestApp({ reply: overlapping });
    const reviews = reviewFlow();

    await app.probot.receive({ id: 'delivery-overlap', ...issueCommentEvent({ body: '/spark review' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('review');
    expect(app.spark.requests).toHaveLength(1);
    const comments: any[] = reviews[0].comments;
    const bug = comments.find((c) => c.body.includes(BUG));
    const risk = comments.find((c) => c.body.includes(OTHER));
    expect(bug.body).toContain('```suggestion');
    expect(bug.body).toContain('return [];');
    expect(risk).toMatchObject({ path: 'src/parse.ts', line: 2, side: 'RIGHT' });
    expect(risk.body).toContain('```suggestion');
    expect(risk.body).toContain('if (!input) {');
    expect(nock.isDone()).toBe(true);
  });
});
