import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { issueCommentEvent } from '../helpers/events.js';
import { acceptedPr } from '../helpers/pr-flow.js';
import { blobsResponse, REPO_PATH } from '../helpers/github-mock.js';
import { BASE, HEAD } from '../fixtures/api/parse-pr.js';
import type { FakeFault } from '../fakes/spark-server.js';

/** A PR of new modules, too big for the small window below: it is reviewed in several turns. */
const FILE_COUNT = 8;
const LINES = 40;
const PATHS = Array.from({ length: FILE_COUNT }, (_, i) => `src/mod${i}.ts`);
const content = (i: number): string => Array.from({ length: LINES }, (_, j) => `export const value${i}_${j} = compute(${i}, ${j}); // step ${j}`).join('\n') + '\n';
const FILES = Object.fromEntries(PATHS.map((p, i) => [p, content(i)]));
const DIFF = PATHS.map(
  (p, i) =>
    `diff --git a/${p} b/${p}\nnew file mode 100644\nindex 0000000..1111111\n--- /dev/null\n+++ b/${p}\n@@ -0,0 +1,${LINES} @@\n${content(i)
      .trimEnd()
      .split('\n')
      .map((l) => `+${l}`)
      .join('\n')}\n`,
).join('');
const CONFIG = 'context:\n  window: 8000\n  reserve_output: 1000\n  related_files: false\n';

const SHARED = 'The compute helper is called with its arguments swapped.';
/** Every group's turn also reports this one (on a file of another group): it must be posted once. */
const SHARED_FINDING = `FINDING bug src/mod0.ts:1 ${SHARED}`;

/** The files a turn was given: the `+++ b/` lines of the diff in its prompt. */
function filesIn(body: Record<string, unknown>): string[] {
  return [...new Set([...JSON.stringify(body.input).matchAll(/\+\+\+ b\/(src\/mod\d+\.ts)/g)].map((m) => m[1]!))].sort();
}

/** 12 nits and a risk on lines of each file, and one finding on a line the file does not have. */
function reply({ body }: { body: Record<string, unknown> }): string {
  const files = filesIn(body);
  const lines = [`SUMMARY: Reviewed ${files.join(' and ')}.`, SHARED_FINDING];
  for (const path of files) {
    lines.push(`FINDING risk ${path}:20 The step comment on line 20 of ${path} does not match the value.`);
    for (let line = 1; line <= 12; line++) lines.push(`FINDING nit ${path}:${line} Name ${line} in ${path} could be clearer.`);
    lines.push(`FINDING nit ${path}:999 Line 999 of ${path} is not in this diff.`);
  }
  return lines.join('\n');
}

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function bigReviewFlow(extraConfig = '', extra?: { path: string; lines: number }) {
  const files: Record<string, string> = { ...FILES };
  let diff = DIFF;
  if (extra) {
    const text = Array.from({ length: extra.lines }, (_, j) => `export const huge_${j} = compute(${j}, ${j}); // step ${j}`).join('\n') + '\n';
    files[extra.path] = text;
    diff += `diff --git a/${extra.path} b/${extra.path}\nnew file mode 100644\n--- /dev/null\n+++ b/${extra.path}\n@@ -0,0 +1,${extra.lines} @@\n${text.trimEnd().split('\n').map((l) => `+${l}`).join('\n')}\n`;
  }
  const paths = Object.keys(files);
  const { gh, bodies } = acceptedPr({ reviews: [], config: CONFIG + extraConfig, pin: { files: paths } });
  gh.graphql('ReadBlobs', blobsResponse(files));
  gh.scope.get(`${REPO_PATH}/git/trees/${HEAD}`).query({ recursive: '1' }).reply(200, {
    sha: HEAD,
    truncated: false,
    tree: [{ path: 'src', mode: '040000', type: 'tree', sha: 'a' }, ...paths.map((path) => ({ path, mode: '100644', type: 'blob', sha: 'b', size: 2000 }))],
  });
  gh.scope.get(`${REPO_PATH}/compare/${BASE}...${HEAD}`).reply(200, diff, { 'content-type': 'application/vnd.github.diff; charset=utf-8' });
  gh.scope.get(`${REPO_PATH}/pulls/2/comments`).query(true).reply(200, []);
  const reviews: any[] = [];
  gh.scope.post(`${REPO_PATH}/pulls/2/reviews`).reply(200, (_u, body: any) => {
    reviews.push(body);
    return { id: 9, html_url: 'https://github.com/Codertocat/Hello-World/pull/2#pullrequestreview-9' };
  });
  return { reviews, bodies, gh };
}

/** Occurrences of `text` in the review (inline comments and body). */
function count(review: any, text: string): number {
  const all = [review.body, ...review.comments.map((c: any) => c.body)].join('\n');
  return all.split(text).length - 1;
}

describe('a review too big for one window', () => {
  it('is reviewed as parallel turns over file groups and merged into one valid review', async () => {
    app = await startTestApp({ reply });
    const { reviews, bodies, gh } = bigReviewFlow();

    await app.probot.receive({ id: 'delivery-fan-out', ...issueCommentEvent({ body: '/spark review' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('review');
    // Several turns, each on its own files: together every changed file, none twice.
    const turns = app.spark.requests.map((r) => filesIn(r.body));
    expect(turns.length).toBeGreaterThan(1);
    expect(turns.length).toBeLessThanOrEqual(FILE_COUNT);
    expect(turns.flat().sort()).toEqual([...PATHS].sort());
    for (const r of app.spark.requests) expect(JSON.stringify(r.body.input)).toMatch(/reviewed in \d+ parts/);

    // One review.
    expect(reviews).toHaveLength(1);
    const [review] = reviews;
    expect(review.event).toBe('COMMENT');
    expect(review.commit_id).toBe(HEAD);
    // One summary made of every turn's.
    for (const files of turns) expect(review.body).toContain(`Reviewed ${files.join(' and ')}.`);
    // The finding every turn reported is posted once.
    expect(count(review, SHARED)).toBe(1);
    // GitHub's cap: 100 inline comments, each on a changed file's line of the diff (new files: lines 1..LINES).
    expect(review.comments).toHaveLength(100);
    for (const c of review.comments) {
      expect(PATHS).toContain(c.path);
      expect(c.side).toBe('RIGHT');
      expect(c.line).toBeGreaterThanOrEqual(1);
      expect(c.line).toBeLessThanOrEqual(LINES);
    }
    // Most severe first: the bug and every risk are inline; the nits that did not fit are in the body.
    expect(review.comments.some((c: any) => c.body.includes(SHARED))).toBe(true);
    for (const path of PATHS) expect(review.comments.some((c: any) => c.body.includes(`line 20 of ${path}`))).toBe(true);
    const inline = 1 + FILE_COUNT * 13;
    expect(review.body).toContain('GitHub takes 100 inline comments per review');
    // Nothing lost: every finding once, inline or in the body (the off-diff ones in the body).
    for (const path of PATHS) {
      expect(count(review, `Line 999 of ${path}`)).toBe(1);
      for (let line = 1; line <= 12; line++) expect(count(review, `Name ${line} in ${path} `)).toBe(1);
    }
    expect(review.body.split('<!-- spark:finding:').length - 1).toBe(inline - 100 + FILE_COUNT);
    // The status said it was split, and ended done.
    expect(bodies.some((b) => /Reviewing in \d+ parts/.test(b))).toBe(true);
    expect(bodies.at(-1)).toMatch(/Reviewed in \d+ parts in parallel/);
    expect(gh.invalid).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('still posts when one group fails, naming the files that were not reviewed', async () => {
    const failed: string[] = [];
    const faults = ({ phase, body }: { phase: string; body?: Record<string, unknown> }): FakeFault | undefined => {
      if (phase !== 'turn' || !body || !filesIn(body).includes('src/mod3.ts')) return undefined;
      failed.push(...filesIn(body));
      return { kind: 'status', status: 400, message: 'bad request' };
    };
    app = await startTestApp({ reply, faults });
    const { reviews } = bigReviewFlow();

    await app.probot.receive({ id: 'delivery-fan-out-fail', ...issueCommentEvent({ body: '/spark review' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('review');
    expect(reviews).toHaveLength(1);
    const [review] = reviews;
    const notReviewed = /\*\*Not reviewed\*\*[^\n]*/.exec(review.body)?.[0] ?? '';
    for (const path of new Set(failed)) {
      expect(notReviewed).toContain(`\`${path}\``);
      expect(count(review, `line 20 of ${path}`)).toBe(0);
    }
    for (const path of PATHS.filter((p) => !failed.includes(p))) {
      expect(notReviewed).not.toContain(`\`${path}\``);
      expect(count(review, `line 20 of ${path}`)).toBe(1);
    }
    expect(nock.isDone()).toBe(true);
  });

  it('runs at most review.parallel turns at once', async () => {
    // Paced output, so turns last long enough to overlap when nothing holds them back.
    app = await startTestApp({ reply, tokensPerSecond: 4000 });
    const { reviews } = bigReviewFlow('review:\n  parallel: 2\n');

    await app.probot.receive({ id: 'delivery-fan-out-two', ...issueCommentEvent({ body: '/spark review' }) } as any);
    await app.finished();

    const turns = app.spark.requests;
    expect(turns.length).toBeGreaterThan(2);
    // At each turn's start, how many turns had started and not yet completed (itself included).
    const inFlight = turns.map((t) => turns.filter((o) => o.receivedAt! <= t.receivedAt! && o.completedAt! > t.receivedAt!).length);
    expect(Math.max(...inFlight)).toBeLessThanOrEqual(2);
    expect(reviews).toHaveLength(1);
    expect(nock.isDone()).toBe(true);
  });

  it('names a file whose diff alone is bigger than one window as not reviewed', async () => {
    app = await startTestApp({ reply });
    const { reviews } = bigReviewFlow('', { path: 'src/huge.ts', lines: 600 });

    await app.probot.receive({ id: 'delivery-fan-out-huge', ...issueCommentEvent({ body: '/spark review' }) } as any);
    await app.finished();

    expect(reviews).toHaveLength(1);
    const notReviewed = /\*\*Not reviewed\*\* \(each diff alone is bigger than one context window\): [^\n]*/.exec(reviews[0].body)?.[0] ?? '';
    expect(notReviewed).toContain('`src/huge.ts`');
    for (const path of PATHS) expect(notReviewed).not.toContain(path);
    expect(nock.isDone()).toBe(true);
  });
});
