/**
 * Big PRs at Spark speed: `/spark review` of a 750-changed-line PR against a 3,000-changed-line
 * one, on the real app (`node dist/src/server.js`) with a fake GitHub (every request delayed by
 * a simulated RTT) and the fake Spark server writing at 1,000 tokens/s. The context window is
 * set so that the small PR fits one window and the big one needs four (one per file group):
 * with fan-out the big PR's four turns run in parallel, so it should take about as long as the
 * small one (goal: at most 1.25× its wall time). `review.parallel: 1` runs the same four turns
 * one after another, for comparison.
 *
 * Wall time: webhook POST → the review's POST answered (one clock: this process's performance.now()).
 * The cases are measured interleaved, `REVIEW_FANOUT_RUNS` rounds. Each measurement gets a fresh app process (Octokit's write lane would pace back-to-back runs)
 * that first handles one warm-up review on another PR with an instant model.
 *
 * Env: REVIEW_FANOUT_RUNS (default 3), REVIEW_FANOUT_RTT_MS (40).
 */
import { startAppProcess, type AppProcess } from '../test/fakes/app-process.js';
import { startFakeGitHub, type FakeGitHub, type FakePull, type RecordedRequest } from '../test/fakes/github-server.js';
import { startFakeSpark, type FakeSparkOptions } from '../test/fakes/spark-server.js';
import { deliver, issueCommentEvent } from '../test/fakes/webhooks.js';
import { median, round, sleep, waitFor } from './support/stats.js';
import { finalPhase, isStatusEdit } from './support/status.js';

export const name = 'review-fanout';

const SECRET = 'bench-webhook-secret';
const LINES_PER_FILE = 150;
const TOKENS_PER_SECOND = 1000;
const TTFT_MS = 150;
const WARM_PR = 1;
const MEASURED_PR = 2;
/** Fits the 5 files of the 750-line PR in one window; the 20 files of the 3,000-line PR need four. */
const CONFIG = 'context:\n  window: 56000\n  reserve_output: 4000\n  related_files: false\n';

interface Case {
  label: string;
  changedLines: number;
  parallel?: number;
}

interface Run {
  wallMs: number;
  turns: number;
  outputTokens: number;
  inlineComments: number;
  /** Webhook POST → the first turn reached the model (reading and packing, with the groups). */
  toModelMs: number;
  /** From the first turn's start to the last turn's end. */
  modelSpanMs: number;
  /** The last turn's end → the review POST sent (merging, placing each finding's patch). */
  modelDoneToReviewMs: number;
}

/** Line j of module i: small functions, each line its own statement. */
const codeLine = (i: number, j: number): string => `export function step${i}x${j}(value: number): number { return value * ${j + 1} + ${i}; }`;

function pullOf(number: number, branch: string, changedLines: number): FakePull {
  const count = Math.ceil(changedLines / LINES_PER_FILE);
  const files = new Map<string, string>();
  const diff: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = `src/module${i}.ts`;
    const lines = Array.from({ length: LINES_PER_FILE }, (_, j) => codeLine(i, j));
    files.set(path, `${lines.join('\n')}\n`);
    diff.push(`diff --git a/${path} b/${path}\nnew file mode 100644\nindex 0000000..${String(i).padStart(7, '1')}\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1,${LINES_PER_FILE} @@\n${lines.map((l) => `+${l}`).join('\n')}\n`);
  }
  return {
    number,
    title: 'Step helpers for the pipeline',
    body: 'Adds one module of step helpers per stage.',
    headRef: branch,
    baseRef: 'main',
    baseSha: `${String(number).padStart(2, '0')}`.padEnd(40, 'b'),
    files,
    changed: [...files.keys()],
    diff: diff.join(''),
  };
}

/**
 * What the fake model writes for one turn: per file in the turn's diff, three findings and a
 * patch under the first, so a turn's output grows with the files it was given.
 */
function reviewReply({ body }: { body: Record<string, unknown> }): string {
  const files = [...new Set([...JSON.stringify(body.input).matchAll(/\+\+\+ b\/src\/module(\d+)\.ts/g)].map((m) => Number(m[1])))];
  const out = [`SUMMARY: The step helpers of ${files.length} module(s) look consistent; a few offsets are off by one.`];
  for (const i of files) {
    const path = `src/module${i}.ts`;
    out.push(
      `FINDING bug ${path}:10 step${i}x9 adds the module index where the other helpers of this stage add one, so its result is off by ${i - 1}.`,
      '*** Begin Patch',
      `*** Update File: ${path}`,
      '@@',
      ` ${codeLine(i, 8)}`,
      `-${codeLine(i, 9)}`,
      `+export function step${i}x9(value: number): number { return (value + 1) * 10; }`,
      ` ${codeLine(i, 10)}`,
      '*** End Patch',
      `FINDING risk ${path}:40 step${i}x39 overflows to Infinity for large values and nothing downstream checks for it.`,
      `FINDING nit ${path}:77 The name step${i}x76 says nothing about what the step computes; a verb would help readers.`,
    );
  }
  return out.join('\n');
}

async function waitForFinal(github: FakeGitHub, from: number, timeoutMs: number): Promise<RecordedRequest | undefined> {
  let found: RecordedRequest | undefined;
  await waitFor(() => {
    found = github.requests.slice(from).find((r) => r.endedAt > 0 && isStatusEdit(r) && finalPhase(r.body) !== undefined);
    return found !== undefined;
  }, timeoutMs);
  return found;
}

async function measure(c: Case, rttMs: number): Promise<Run> {
  const config = c.parallel === undefined ? CONFIG : `${CONFIG}review:\n  parallel: ${c.parallel}\n`;
  const github = await startFakeGitHub({
    owner: 'Codertocat',
    repo: 'Hello-World',
    pulls: [pullOf(WARM_PR, 'warm-up', 150), pullOf(MEASURED_PR, 'feature', c.changedLines)],
    roles: { Codertocat: 'write' },
    rttMs,
    config,
  });
  // Mutable: the fake reads TTFT and rate per turn, so the warm-up turn is instant.
  const sparkOptions: FakeSparkOptions = { reply: reviewReply, ttftMs: 0, tokensPerSecond: 0, apiKey: 'sk-bench' };
  const spark = await startFakeSpark(sparkOptions);
  let app: AppProcess | undefined;
  try {
    app = await startAppProcess({ githubHost: github.host, openaiBaseUrl: spark.url, webhookSecret: SECRET, readyTimeoutMs: 60_000 });
    const url = app.webhookUrl!;
    const warm = await deliver(url, { id: 'warm-up', ...issueCommentEvent({ body: '/spark review', number: WARM_PR, commentId: 1 }) }, SECRET);
    if (warm.status !== 200) throw new Error(`warm-up delivery answered ${warm.status}: ${warm.text}`);
    const warmDone = await waitForFinal(github, 0, 30_000);
    if (finalPhase(warmDone?.body) !== 'Done') throw new Error(`warm-up review did not finish with Done: ${JSON.stringify(warmDone?.body)}\n${app.output()}`);
    await sleep(30);

    sparkOptions.ttftMs = TTFT_MS;
    sparkOptions.tokensPerSecond = TOKENS_PER_SECOND;
    const mark = github.requests.length;
    const sparkMark = spark.requests.length;
    const reviewsMark = github.reviews.length;
    const acked = await deliver(url, { id: 'measured', ...issueCommentEvent({ body: '/spark review', number: MEASURED_PR, commentId: 2 }) }, SECRET);
    if (acked.status !== 200) throw new Error(`delivery answered ${acked.status}: ${acked.text}`);
    const final = await waitForFinal(github, mark, 60_000);
    if (finalPhase(final?.body) !== 'Done') throw new Error(`review did not finish with Done: ${JSON.stringify(final?.body)}\n${app.output()}`);
    const posted = github.requests.slice(mark).find((r) => r.method === 'POST' && /\/pulls\/\d+\/reviews$/.test(r.path));
    if (!posted) throw new Error('no review was posted');
    const turns = spark.requests.slice(sparkMark);
    const reviews = github.reviews.slice(reviewsMark);
    if (reviews.length !== 1) throw new Error(`expected one review, saw ${reviews.length}`);
    const first = Math.min(...turns.map((t) => t.receivedAt ?? Infinity));
    const last = Math.max(...turns.map((t) => t.completedAt ?? 0));
    const outputTokens = turns.reduce((n, t) => n + Math.ceil(reviewReply({ body: t.body }).length / 4), 0);
    return {
      wallMs: posted.endedAt - acked.sentAt,
      turns: turns.length,
      outputTokens,
      inlineComments: reviews[0]!.comments.length,
      toModelMs: first - acked.sentAt,
      modelSpanMs: last - first,
      modelDoneToReviewMs: posted.startedAt - last,
    };
  } finally {
    await app?.stop();
    await spark.close();
    await github.close();
  }
}

export async function run(): Promise<unknown> {
  const runs = Number(process.env.REVIEW_FANOUT_RUNS ?? 3);
  const rttMs = Number(process.env.REVIEW_FANOUT_RTT_MS ?? 40);
  const cases: Case[] = [
    { label: '750 changed lines (one window)', changedLines: 750 },
    { label: '3,000 changed lines (fan-out, review.parallel 4)', changedLines: 3000 },
    { label: '3,000 changed lines (same groups, review.parallel 1)', changedLines: 3000, parallel: 1 },
  ];
  // Interleaved (small, big, sequential, small, …): a machine whose load drifts skews every case alike.
  const measured: Run[][] = cases.map(() => []);
  for (let i = 0; i < runs; i++) for (const [k, c] of cases.entries()) measured[k]!.push(await measure(c, rttMs));
  const results = [];
  for (const [k, c] of cases.entries()) {
    const m = (pick: (r: Run) => number): number => round(median(measured[k]!.map(pick)), 1);
    results.push({
      label: c.label,
      changedLines: c.changedLines,
      ...(c.parallel !== undefined && { parallel: c.parallel }),
      median: { wallMs: m((r) => r.wallMs), toModelMs: m((r) => r.toModelMs), modelSpanMs: m((r) => r.modelSpanMs), modelDoneToReviewMs: m((r) => r.modelDoneToReviewMs), turns: m((r) => r.turns), outputTokens: m((r) => r.outputTokens), inlineComments: m((r) => r.inlineComments) },
      all: measured[k]!.map((r) => round(r.wallMs)),
    });
    console.error(`review-fanout ${c.label}: ${results.at(-1)!.median.wallMs} ms, ${results.at(-1)!.median.turns} turn(s)`);
  }
  const [small, big, sequential] = results;
  const ratio = round(big!.median.wallMs / small!.median.wallMs, 2);
  return {
    setup: {
      app: 'node dist/src/server.js (fresh process per run, one warm-up review first)',
      model: `fake Spark, TTFT ${TTFT_MS} ms, ${TOKENS_PER_SECOND} tokens/s`,
      config: CONFIG.trim().split('\n').map((l) => l.trim()).join(' '),
      rttMs,
      runsPerCase: runs,
      wall: 'webhook POST → the review POST answered',
    },
    results,
    ratio3000To750: ratio,
    sequentialRatio3000To750: round(sequential!.median.wallMs / small!.median.wallMs, 2),
    goals: { bigPrWithin125PctOfSmall: ratio <= 1.25 },
  };
}
