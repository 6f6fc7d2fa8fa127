/**
 * End-to-end latency of `/spark fix`: the real app (`node dist/src/server.js`, the
 * `npm start` path) against a fake GitHub (REST + GraphQL, every request delayed by a
 * simulated RTT) and the fake Spark server, all on 127.0.0.1, timed from the fakes with one
 * clock (this process's performance.now()).
 *
 * Each run gets a fresh app process: Octokit's write lane (20-request burst, then 80/min per
 * process) would otherwise pace back-to-back runs and measure the pacing instead of the bot.
 * Before the measured command the process handles one warm-up command on another PR with an
 * instant model, so the installation token is cached, the model socket pooled and the code
 * JIT-warm, as in a long-running server.
 *
 * Configurations: PR sizes (files) × transport with the ~200-line patch, the related_files=false
 * setting, and the small fix (one file, a patch of about 300 output tokens: the typical
 * `/spark fix`, where the bot's own time is the largest share of the total).
 *
 * Env: E2E_RUNS (default 3), E2E_RTT_MS (40), E2E_SIZES ("1,10,50").
 */
import { startFakeGitHub, type FakeGitHub, type FakePull, type RecordedRequest } from '../test/fakes/github-server.js';
import { startAppProcess, type AppProcess } from '../test/fakes/app-process.js';
import { generatePullFixture, type PullFixture } from '../test/fakes/pr-fixture.js';
import { requestLabel, sequentialChain } from '../test/fakes/request-chain.js';
import { startFakeSpark, type FakeSpark, type FakeSparkOptions } from '../test/fakes/spark-server.js';
import { deliver, issueCommentEvent, OWNER, REPO } from '../test/fakes/webhooks.js';
import { median, round, sleep, waitFor } from './support/stats.js';
import { finalPhase, isStatusEdit } from './support/status.js';

export const name = 'e2e';

const SECRET = 'bench-webhook-secret';
const CHARS_PER_TOKEN = 4; // the fake Spark's default tokenizer
const WARM_PR = 1;
const MEASURED_PR = 2;

interface Config {
  label: string;
  files: number;
  transport: 'websocket' | 'sse';
  ttftMs: number;
  tokensPerSecond: number;
  rttMs: number;
  /** `.github/spark.yml` for the measured repository. */
  config?: string;
  /** Size of the model's patch in hunk lines (default 200, the fixture's). */
  patchLines?: number;
}

/** Hunk lines of the small fix: 30 lines are 280 output tokens with the fixture's code (`median.outputTokens`). */
const SMALL_FIX_LINES = 30;

interface Run {
  ackMs: number;
  toModelMs: number;
  modelDoneMs: number;
  modelDoneToCommitMs: number;
  totalMs: number;
  doneStatusMs: number;
  githubRequests: number;
  githubRequestsBeforeModel: number;
  githubRequestsAfterModel: number;
  /** Longest chain of sequential GitHub requests on the critical path (status edits excluded). */
  chainBeforeModel: string[];
  chainAfterModel: string[];
  /** Same, counting the fire-and-forget status edits too. */
  chainBeforeModelAll: number;
  outputTokens: number;
  /** Every GitHub request and the model turn, ms from the webhook POST. */
  timeline: string[];
  boundMs: number;
  idealBoundMs: number;
}

function pull(number: number, branch: string, fixture: PullFixture): FakePull {
  return {
    number,
    title: 'Metric helpers for the dashboard panels',
    body: 'Adds one helper per panel.',
    headRef: branch,
    baseRef: 'main',
    baseSha: `${String(number).padStart(2, '0')}`.padEnd(40, 'b'),
    files: new Map(fixture.files),
    changed: fixture.changed,
    diff: fixture.diff,
  };
}

async function waitForFinal(github: FakeGitHub, from: number, timeoutMs: number): Promise<RecordedRequest | undefined> {
  let found: RecordedRequest | undefined;
  await waitFor(() => {
    found = github.requests.slice(from).find((r) => r.endedAt > 0 && isStatusEdit(r) && finalPhase(r.body) !== undefined);
    return found !== undefined;
  }, timeoutMs);
  return found;
}

const fmt = (ms: number): string => ms.toFixed(1);

async function measure(config: Config, fixture: PullFixture): Promise<Run> {
  const github = await startFakeGitHub({
    owner: OWNER,
    repo: REPO,
    pulls: [pull(WARM_PR, 'warm-up', fixture), pull(MEASURED_PR, 'feature', fixture)],
    roles: { Codertocat: 'write' },
    rttMs: config.rttMs,
    config: config.config,
  });
  // Mutable: the fake reads ttft/rate per turn, so the warm-up turn can be instant.
  const sparkOptions: FakeSparkOptions = { reply: fixture.reply, ttftMs: 0, tokensPerSecond: 0, apiKey: 'sk-bench' };
  const spark: FakeSpark = await startFakeSpark(sparkOptions);
  let app: AppProcess | undefined;
  try {
    app = await startAppProcess({
      githubHost: github.host,
      openaiBaseUrl: spark.url,
      webhookSecret: SECRET,
      env: { SPARK_TRANSPORT: config.transport },
      // Start-up is not measured; on a busy machine it can take well over the default 15 s.
      readyTimeoutMs: 60_000,
    });
    const url = app.webhookUrl!;
    const command = `/spark fix ${fixture.instruction}`;

    const warm = await deliver(url, { id: 'warm-up', ...issueCommentEvent({ body: command, number: WARM_PR, commentId: 1 }) }, SECRET);
    if (warm.status !== 200) throw new Error(`warm-up delivery answered ${warm.status}: ${warm.text}`);
    const warmDone = await waitForFinal(github, 0, 20_000);
    if (finalPhase(warmDone?.body) !== 'Done') throw new Error(`warm-up job did not finish with Done: ${JSON.stringify(warmDone?.body)}\n${app.output()}`);
    await sleep(30); // let trailing requests of the warm-up settle

    sparkOptions.ttftMs = config.ttftMs;
    sparkOptions.tokensPerSecond = config.tokensPerSecond;
    const mark = github.requests.length;
    const sparkMark = spark.requests.length;
    const acked = await deliver(url, { id: 'measured', ...issueCommentEvent({ body: command, number: MEASURED_PR, commentId: 2 }) }, SECRET);
    if (acked.status !== 200) throw new Error(`delivery answered ${acked.status}: ${acked.text}`);
    const t0 = acked.sentAt;
    const final = await waitForFinal(github, mark, 30_000);
    if (finalPhase(final?.body) !== 'Done') throw new Error(`job did not finish with Done: ${JSON.stringify(final?.body)}\n${app.output()}`);

    const requests = github.requests.slice(mark);
    const turns = spark.requests.slice(sparkMark);
    if (turns.length !== 1) throw new Error(`expected one model turn, saw ${turns.length} (re-prompt or retry)`);
    const turn = turns[0]!;
    const commit = requests.find((r) => r.operation === 'CreateCommitOnBranch');
    if (!commit || turn.receivedAt === undefined || turn.completedAt === undefined) throw new Error('no commit or no model timestamps');
    const critical = requests.filter((r) => !isStatusEdit(r));
    const before = sequentialChain(critical, t0, turn.receivedAt);
    const after = sequentialChain(critical, turn.completedAt, commit.endedAt);
    const outputTokens = Math.ceil(fixture.reply.length / CHARS_PER_TOKEN);
    const streamMs = config.tokensPerSecond > 0 ? (outputTokens / config.tokensPerSecond) * 1000 : 0;
    const totalMs = commit.endedAt - t0;
    return {
      ackMs: acked.ackMs,
      toModelMs: turn.receivedAt - t0,
      modelDoneMs: turn.completedAt - t0,
      modelDoneToCommitMs: commit.startedAt - turn.completedAt,
      totalMs,
      doneStatusMs: final!.endedAt - t0,
      githubRequests: requests.length,
      githubRequestsBeforeModel: requests.filter((r) => r.startedAt < turn.receivedAt!).length,
      githubRequestsAfterModel: requests.filter((r) => r.startedAt >= turn.completedAt!).length,
      chainBeforeModel: before.map(requestLabel),
      chainAfterModel: after.map(requestLabel),
      chainBeforeModelAll: sequentialChain(requests, t0, turn.receivedAt).length,
      outputTokens,
      timeline: [
        ...requests.map((r) => ({ at: r.startedAt, text: `${fmt(r.startedAt - t0)}–${fmt(r.endedAt - t0)} ${requestLabel(r)}` })),
        { at: turn.receivedAt, text: `${fmt(turn.receivedAt - t0)}–${fmt(turn.completedAt - t0)} model turn (${turn.transport})` },
        { at: t0 + acked.ackMs, text: `${fmt(acked.ackMs)} webhook acknowledged` },
      ]
        .sort((a, b) => a.at - b.at)
        .map((e) => e.text),
      boundMs: (before.length + after.length) * config.rttMs + config.ttftMs + streamMs,
      idealBoundMs: (2 + 1) * config.rttMs + config.ttftMs + streamMs,
    };
  } finally {
    await app?.stop();
    await spark.close();
    await github.close();
  }
}

function summarise(config: Config, runs: Run[]) {
  const m = (pick: (r: Run) => number) => round(median(runs.map(pick)), 2);
  const totalMs = m((r) => r.totalMs);
  const boundMs = m((r) => r.boundMs);
  const idealBoundMs = m((r) => r.idealBoundMs);
  const overheadMs = round(totalMs - boundMs, 2);
  const overheadVsIdealMs = round(totalMs - idealBoundMs, 2);
  const tripsBefore = median(runs.map((r) => r.chainBeforeModel.length));
  const tripsAfter = median(runs.map((r) => r.chainAfterModel.length));
  const doneToCommit = m((r) => r.modelDoneToCommitMs);
  return {
    config,
    runs: runs.length,
    median: {
      ackMs: m((r) => r.ackMs),
      webhookToModelMs: m((r) => r.toModelMs),
      webhookToModelDoneMs: m((r) => r.modelDoneMs),
      modelDoneToCommitSentMs: doneToCommit,
      totalMs,
      doneStatusMs: m((r) => r.doneStatusMs),
      outputTokens: m((r) => r.outputTokens),
      githubRequests: m((r) => r.githubRequests),
      githubRequestsBeforeModel: m((r) => r.githubRequestsBeforeModel),
      githubRequestsAfterModel: m((r) => r.githubRequestsAfterModel),
      sequentialTripsBeforeModel: tripsBefore,
      sequentialTripsAfterModel: tripsAfter,
      sequentialTripsBeforeModelInclStatusEdits: median(runs.map((r) => r.chainBeforeModelAll)),
      lowerBoundMs: boundMs,
      overheadMs,
      overheadPct: round((100 * overheadMs) / totalMs, 2),
      idealLowerBoundMs: idealBoundMs,
      overheadVsIdealMs,
      overheadVsIdealPct: round((100 * overheadVsIdealMs) / totalMs, 2),
    },
    goals: {
      overheadAtMost5Pct: (100 * overheadVsIdealMs) / totalMs <= 5,
      atMost2TripsBeforeModel: tripsBefore <= 2,
      atMost1TripAfterModel: tripsAfter <= 1,
      modelDoneToCommitAtMost5Ms: doneToCommit <= 5,
    },
    chainBeforeModel: runs[0]!.chainBeforeModel,
    chainAfterModel: runs[0]!.chainAfterModel,
    timelineOfFirstRun: runs[0]!.timeline,
    all: runs.map((r) => ({ ackMs: round(r.ackMs), toModelMs: round(r.toModelMs), doneToCommitMs: round(r.modelDoneToCommitMs, 2), totalMs: round(r.totalMs) })),
  };
}

export async function run(): Promise<unknown> {
  const runs = Number(process.env.E2E_RUNS ?? 3);
  const rttMs = Number(process.env.E2E_RTT_MS ?? 40);
  const sizes = (process.env.E2E_SIZES ?? '1,10,50').split(',').map(Number);
  const models = [
    { model: 'spark', ttftMs: 150, tokensPerSecond: 1000 },
    { model: 'spark×1000', ttftMs: 0.15, tokensPerSecond: 1_000_000 },
  ];
  const configs: Config[] = [];
  for (const m of models) {
    for (const files of sizes) configs.push({ label: `${m.model} ${files} files websocket`, files, transport: 'websocket', ttftMs: m.ttftMs, tokensPerSecond: m.tokensPerSecond, rttMs });
    const mid = sizes.includes(10) ? 10 : sizes[0]!;
    configs.push({ label: `${m.model} ${mid} files sse`, files: mid, transport: 'sse', ttftMs: m.ttftMs, tokensPerSecond: m.tokensPerSecond, rttMs });
    // The latency-first setting: no related-files read, one round trip less before the model.
    configs.push({
      label: `${m.model} ${mid} files websocket related_files=false`,
      files: mid,
      transport: 'websocket',
      ttftMs: m.ttftMs,
      tokensPerSecond: m.tokensPerSecond,
      rttMs,
      config: 'context:\n  related_files: false\n',
    });
    configs.push({ label: `${m.model} small fix (1 file, ~300 output tokens) websocket`, files: 1, transport: 'websocket', ttftMs: m.ttftMs, tokensPerSecond: m.tokensPerSecond, rttMs, patchLines: SMALL_FIX_LINES });
  }
  const fixtures = new Map<string, PullFixture>();
  const results = [];
  for (const config of configs) {
    const key = `${config.files}:${config.patchLines ?? 'default'}`;
    const fixture = fixtures.get(key) ?? generatePullFixture({ fileCount: config.files, ...(config.patchLines ? { patchLines: config.patchLines } : {}) });
    fixtures.set(key, fixture);
    const measured: Run[] = [];
    for (let i = 0; i < runs; i++) measured.push(await measure(config, fixture));
    results.push(summarise(config, measured));
    console.error(`e2e ${config.label}: total ${results.at(-1)!.median.totalMs} ms, overhead ${results.at(-1)!.median.overheadVsIdealPct}%`);
  }
  return {
    setup: {
      app: 'node dist/src/server.js (fresh process per run, one warm-up command first)',
      rttMs,
      runsPerConfig: runs,
      patchLines: fixtures.values().next().value?.replyLines,
      lowerBound: '(sequential GitHub trips before + after the model) × RTT + TTFT + output tokens / rate',
      idealLowerBound: '(2 + 1) × RTT + TTFT + output tokens / rate (the goal chain)',
    },
    results,
  };
}
