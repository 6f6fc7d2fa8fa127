/**
 * `npm run bench -- e2e-ci`: one `/spark fix-ci` follow-up round end to end — the real app
 * (`node dist/src/server.js`) against the fake GitHub (every request delayed by a simulated RTT)
 * and the fake Spark server. Round 1 commits; the checks on Spark's commit come back red with a
 * different failure (`check_suite.completed` webhook); measured: from that webhook to the next
 * `createCommitOnBranch` request, against its physical bound (the sequential GitHub round trips
 * of the round — check runs ∥ statuses, the job log's redirect and download, the snapshot — ×
 * RTT + TTFT + output tokens / rate).
 *
 * Env: E2E_RUNS (default 3), E2E_RTT_MS (40).
 */
import { startAppProcess, type AppProcess } from '../test/fakes/app-process.js';
import { startFakeGitHub, type FakeGitHub, type RecordedRequest } from '../test/fakes/github-server.js';
import { generatePullFixture, type PullFixture } from '../test/fakes/pr-fixture.js';
import { requestLabel, sequentialChain } from '../test/fakes/request-chain.js';
import { startFakeSpark, type FakeSparkOptions } from '../test/fakes/spark-server.js';
import { deliver, INSTALLATION_ID, issueCommentEvent, OWNER, REPO } from '../test/fakes/webhooks.js';
import { median, round, waitFor } from './support/stats.js';
import { isStatusEdit } from './support/status.js';

export const name = 'e2e-ci';

const SECRET = 'bench-webhook-secret';
const CHARS_PER_TOKEN = 4; // the fake Spark's default tokenizer
const TTFT_MS = 150;
const TOKENS_PER_SECOND = 1000;
/** Round 2's patch: a new file, so it applies whatever round 1 changed. */
const ROUND2_REPLY = '*** Begin Patch\n*** Add File: src/metrics/ci-note.ts\n+export const CI_NOTE = "checked";\n*** End Patch\n';

function actionsLog(test: string, path: string): string {
  const t = '2026-01-01T00:00:00.0000000Z';
  return [`${t} ##[group]Run npm test`, `${t} ##[endgroup]`, `${t}   ● metrics › ${test}`, `${t} `, `${t}     expected 3 received 4`, `${t}       at Object.<anonymous> (/home/runner/work/${REPO}/${REPO}/${path}:3:10)`, `${t} ##[error]Process completed with exit code 1.`].join('\n');
}

function checkRun(id: number, sha: string, conclusion: string | null) {
  return {
    id,
    name: 'test',
    head_sha: sha,
    status: conclusion === null ? 'in_progress' : 'completed',
    conclusion,
    started_at: '2026-01-01T00:00:00Z',
    completed_at: null,
    details_url: null,
    app: { slug: 'github-actions' },
    check_suite: { id },
    output: { title: null, summary: null, text: null, annotations_count: 0 },
  };
}

interface RoundRun {
  totalMs: number;
  boundMs: number;
  tripsBeforeModel: string[];
  tripsAfterModel: string[];
  /** Every GitHub request and the model turn, ms from the webhook. */
  timeline: string[];
}

async function measure(fixture: PullFixture, rttMs: number): Promise<RoundRun> {
  const path = fixture.changed[0] as string;
  const red = new Set<string>();
  let initialHead = '';
  const github: FakeGitHub = await startFakeGitHub({
    owner: OWNER,
    repo: REPO,
    pulls: [{ number: 2, title: 'Metric helpers', body: '', headRef: 'feature', baseRef: 'main', baseSha: 'b'.repeat(40), files: new Map(fixture.files), changed: fixture.changed, diff: fixture.diff }],
    roles: { Codertocat: 'write' },
    rttMs,
    // The PR head fails one way; Spark's first commit is pending until the suite completes, then fails another way.
    checks: (sha) => (sha === initialHead ? { runs: [checkRun(1, sha, 'failure')] } : red.has(sha) ? { runs: [checkRun(2, sha, 'failure')] } : { runs: [checkRun(3, sha, null)] }),
    jobLogs: new Map([
      [1, actionsLog('sums', path)],
      [2, actionsLog('scales', path)],
    ]),
  });
  initialHead = github.heads.get('feature') as string;
  let turn = 0;
  const sparkOptions: FakeSparkOptions = { reply: () => (turn++ === 0 ? fixture.reply : ROUND2_REPLY), ttftMs: TTFT_MS, tokensPerSecond: TOKENS_PER_SECOND, apiKey: 'sk-bench' };
  const spark = await startFakeSpark(sparkOptions);
  let app: AppProcess | undefined;
  try {
    app = await startAppProcess({ githubHost: github.host, openaiBaseUrl: spark.url, webhookSecret: SECRET, readyTimeoutMs: 60_000 });
    const url = app.webhookUrl as string;
    const acked = await deliver(url, { id: 'fix-ci', ...issueCommentEvent({ body: '/spark fix-ci', number: 2, commentId: 2 }) }, SECRET);
    if (acked.status !== 200) throw new Error(`delivery answered ${acked.status}: ${acked.text}`);
    // Round 1 pushed and the app looked at the checks of its commit (pending): the suite now completes.
    let first: string | undefined;
    const looked = await waitFor(() => {
      first = github.commits[0]?.oid;
      return first !== undefined && github.requests.some((r) => r.endedAt > 0 && r.path.includes(`/commits/${first}/check-runs`));
    }, 60_000);
    if (!looked || !first) throw new Error(`round 1 did not commit and look at its checks\n${app.output()}`);
    red.add(first);
    const mark = github.requests.length;
    const sparkMark = spark.requests.length;
    const suite = {
      action: 'completed',
      check_suite: { id: 3, head_sha: first, status: 'completed', conclusion: 'failure', app: { slug: 'github-actions' }, pull_requests: [{ number: 2 }] },
      repository: { id: 1, name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER } },
      installation: { id: INSTALLATION_ID },
    };
    const sent = await deliver(url, { id: 'suite', name: 'check_suite', payload: suite }, SECRET);
    const t0 = sent.sentAt;
    let commit: RecordedRequest | undefined;
    const done = await waitFor(() => {
      commit = github.requests.slice(mark).find((r) => r.operation === 'CreateCommitOnBranch' && r.endedAt > 0);
      return commit !== undefined;
    }, 60_000);
    const turnTwo = spark.requests[sparkMark];
    if (!done || !commit || !turnTwo?.receivedAt || !turnTwo.completedAt) throw new Error(`no round-2 commit\n${app.output()}`);
    const critical = github.requests.slice(mark).filter((r) => !isStatusEdit(r));
    const before = sequentialChain(critical, t0, turnTwo.receivedAt);
    const after = sequentialChain(critical, turnTwo.completedAt, commit.startedAt + 0.001);
    const streamMs = (Math.ceil(ROUND2_REPLY.length / CHARS_PER_TOKEN) / TOKENS_PER_SECOND) * 1000;
    return {
      totalMs: commit.startedAt - t0,
      // The commit request is the end point: its own round trip is not part of the measured span.
      boundMs: before.length * rttMs + TTFT_MS + streamMs,
      tripsBeforeModel: before.map(requestLabel),
      tripsAfterModel: after.map(requestLabel),
      timeline: [
        ...github.requests.slice(mark).map((r) => ({ at: r.startedAt, text: `${(r.startedAt - t0).toFixed(1)}–${(r.endedAt - t0).toFixed(1)} ${requestLabel(r)}` })),
        { at: turnTwo.receivedAt, text: `${(turnTwo.receivedAt - t0).toFixed(1)}–${(turnTwo.completedAt - t0).toFixed(1)} model turn` },
      ]
        .sort((a, b) => a.at - b.at)
        .map((e) => e.text),
    };
  } finally {
    await app?.stop();
    await spark.close();
    await github.close();
  }
}

export async function run(): Promise<unknown> {
  const runs = Number(process.env.E2E_RUNS ?? 3);
  const rttMs = Number(process.env.E2E_RTT_MS ?? 40);
  const fixture = generatePullFixture({ fileCount: 1, patchLines: 30 });
  const measured: RoundRun[] = [];
  for (let i = 0; i < runs; i++) measured.push(await measure(fixture, rttMs));
  const totalMs = round(median(measured.map((r) => r.totalMs)), 2);
  const boundMs = round(median(measured.map((r) => r.boundMs)), 2);
  return {
    setup: { rttMs, runs, ttftMs: TTFT_MS, tokensPerSecond: TOKENS_PER_SECOND, span: 'check_suite.completed webhook sent → next createCommitOnBranch request sent' },
    median: { totalMs, lowerBoundMs: boundMs, overheadMs: round(totalMs - boundMs, 2), overheadPct: round((100 * (totalMs - boundMs)) / totalMs, 2), sequentialTripsBeforeModel: median(measured.map((r) => r.tripsBeforeModel.length)) },
    chainBeforeModel: measured[0]?.tripsBeforeModel,
    timelineOfFirstRun: measured[0]?.timeline,
    all: measured.map((r) => round(r.totalMs, 1)),
  };
}
