/**
 * Load test: 500 signed `/spark fix` deliveries (10 % exact duplicates: same
 * X-GitHub-Delivery, same payload), spread over 25 PRs, sent 20 at a time to the real server
 * process (`node dist/src/server.js`) on loopback, with the fake GitHub (small RTT) and an
 * instant fake Spark. Then waits (bounded) until every accepted job has a final status edit.
 *
 * What is counted, from the fake GitHub and the receiver's /metrics:
 *  - accepted: 👀 reactions (every accepted job gets one; a suppressed duplicate gets nothing);
 *  - duplicates suppressed: the receiver's spark_jobs_total{outcome="duplicate"};
 *  - completed / failed: final edit "Done" / "Failed" (failures grouped by their message);
 *  - lost = accepted − completed − failed after the wait (jobs still pending are lost too,
 *    and reported separately as `pendingAtDeadline`).
 * Each command targets its own function of the PR's file, so a command that runs after
 * another one moved the branch can succeed once the job re-applies on the new head.
 *
 * A second pass runs a receiver with REDIS_URL plus one `node dist/src/worker.js` (unique
 * SPARK_QUEUE_NAME), when Redis answers at LOAD_REDIS_URL (default redis://127.0.0.1:6379;
 * set it to "off" to skip).
 *
 * Env: LOAD_DELIVERIES (500), LOAD_PRS (25), LOAD_CONCURRENCY (20), LOAD_RTT_MS (5),
 * LOAD_WAIT_MS (60000 per pass).
 */
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { startAppProcess, type AppProcess } from '../test/fakes/app-process.js';
import { startFakeGitHub, type FakeGitHub, type FakePull } from '../test/fakes/github-server.js';
import { generatePullFixture, type PullFixture } from '../test/fakes/pr-fixture.js';
import { startFakeSpark, type FakeSpark } from '../test/fakes/spark-server.js';
import { deliver, issueCommentEvent, OWNER, REPO, type Delivery, type DeliveryResult } from '../test/fakes/webhooks.js';
import { throwawayRedis } from './support/redis-server.js';
import { quantile, round, sleep, waitFor } from './support/stats.js';
import { finalPhase } from './support/status.js';

export const name = 'load';

const SECRET = 'load-webhook-secret';
/** The receiver serves /metrics on its port only behind a bearer token. */
const METRICS_TOKEN = 'bench-metrics-token';

interface Settings {
  deliveries: number;
  prs: number;
  concurrency: number;
  rttMs: number;
  waitMs: number;
}

function settings(): Settings {
  const env = process.env;
  return {
    deliveries: Number(env.LOAD_DELIVERIES ?? 500),
    prs: Number(env.LOAD_PRS ?? 25),
    concurrency: Number(env.LOAD_CONCURRENCY ?? 20),
    rttMs: Number(env.LOAD_RTT_MS ?? 5),
    waitMs: Number(env.LOAD_WAIT_MS ?? 60_000),
  };
}

/** A deterministic shuffle (the same plan every run). */
function shuffle<T>(items: T[], seed = 7): T[] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * 90 % unique commands round-robin over the PRs, each aimed at its own function (`fn#k`);
 * 10 % exact duplicates of earlier deliveries, each placed after its original.
 */
export function plan(s: Pick<Settings, 'deliveries' | 'prs'>, options: { tagCommands?: boolean } = {}): Delivery[] {
  const duplicates = Math.round(s.deliveries * 0.1);
  const unique: Delivery[] = [];
  for (let i = 0; i < s.deliveries - duplicates; i++) {
    const pr = 1 + (i % s.prs);
    const fn = Math.floor(i / s.prs);
    unique.push({ id: `load-${i}`, ...issueCommentEvent({ body: `/spark fix guard the loop of fn#${fn}${options.tagCommands ? ` (cmd ${i})` : ''}`, number: pr, commentId: 100_000 + i }) });
  }
  const order: Delivery[] = shuffle([...unique]);
  const originals = shuffle([...unique], 11).slice(0, duplicates);
  for (const original of originals) {
    const at = order.indexOf(original);
    const insertAt = at + 1 + Math.floor(((at * 31) % 97) / 97 * (order.length - at));
    order.splice(insertAt, 0, { ...original, payload: structuredClone(original.payload) });
  }
  return order;
}

async function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

async function sendAll(url: string, deliveries: Delivery[], concurrency: number): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = new Array(deliveries.length);
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const i = next++;
      try {
        results[i] = await deliver(url, deliveries[i]!, SECRET);
      } catch (error) {
        results[i] = { status: 0, ackMs: Number.NaN, sentAt: performance.now(), text: String(error) };
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

interface Tally {
  /** Jobs the app accepted: each gets exactly one 👀 (a suppressed duplicate gets none). */
  accepted: number;
  /** Status comments jobs have posted (a job posts one when it starts). */
  started: number;
  done: number;
  failed: number;
  /** "Queued behind N job(s)" notes (jobs that had to wait for their PR). */
  queuedNotes: number;
  failures: Record<string, number>;
  pending: number;
}

/** What the fake GitHub saw: 👀 per accepted job, one status comment per started job, final edits. */
function tally(github: FakeGitHub): Tally {
  const accepted = github.requests.filter((r) => r.method === 'POST' && /\/issues\/comments\/\d+\/reactions$/.test(r.path)).length;
  let started = 0;
  let done = 0;
  let failed = 0;
  let queuedNotes = 0;
  const failures: Record<string, number> = {};
  for (const { body } of github.comments.values()) {
    if (body.startsWith('⏳ Queued behind')) {
      queuedNotes++;
      continue;
    }
    if (!/\*\*Spark \w+\*\*/.test(body)) continue;
    started++;
    const phase = finalPhase({ body });
    if (phase === 'Done') done++;
    if (phase === 'Failed') {
      failed++;
      // The reason is the paragraph after the heading/instruction, minus the timings line.
      const reason = failureReason(body);
      failures[reason] = (failures[reason] ?? 0) + 1;
    }
  }
  return { accepted, started, done, failed, queuedNotes, failures, pending: accepted - done - failed };
}

/** The receiver's own count of dropped redeliveries (Prometheus, spark_jobs_total{outcome="duplicate"}). */
async function duplicatesFromMetrics(webhookUrl: string): Promise<number | undefined> {
  try {
    const text = await (await fetch(new URL('/metrics', webhookUrl), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    return [...text.matchAll(/^spark_jobs_total\{[^}]*outcome="duplicate"[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
  } catch {
    return undefined;
  }
}

class WorkerExitedError extends Error {
  constructor(readonly output: string) {
    super('`node dist/src/worker.js` exited at start-up');
  }
}

/**
 * The unpaced passes raise the app's own GitHub write pacing (20 burst, 80/min by default,
 * GitHub's content-creation limit) so the test measures the bot's capacity, not the pacing.
 */
const UNPACED_ENV = { SPARK_WRITE_BURST: '1000000', SPARK_WRITES_PER_MINUTE: '100000000' };

async function pass(mode: 'memory' | 'redis' | 'redis-receiver-works', paced: boolean, s: Settings, fixtures: PullFixture, redisUrl?: string) {
  const pacingEnv = paced ? {} : UNPACED_ENV;
  const pulls: FakePull[] = Array.from({ length: s.prs }, (_, i) => ({
    number: i + 1,
    title: `Metric helpers, part ${i + 1}`,
    body: '',
    headRef: `feature-${i + 1}`,
    baseRef: 'main',
    baseSha: String(i + 1).padEnd(40, 'b'),
    files: new Map(fixtures.files),
    changed: fixtures.changed,
    diff: fixtures.diff,
  }));
  const github = await startFakeGitHub({ owner: OWNER, repo: REPO, pulls, roles: { Codertocat: 'write' }, rttMs: s.rttMs });
  const functions = fixtures.functionCounts[0]!;
  const spark: FakeSpark = await startFakeSpark({
    apiKey: 'sk-bench',
    reply: ({ body }) => {
      return fixtures.replyForFunction(0, instructedFunction(body.input) % functions);
    },
  });
  const processes: AppProcess[] = [];
  try {
    const queueEnv = {
      ...pacingEnv,
      METRICS_TOKEN,
      ...(mode === 'memory'
        ? {}
        : { REDIS_URL: redisUrl, SPARK_QUEUE_NAME: `spark-load-${process.pid}-${Date.now()}`, SPARK_PROCESS_JOBS: mode === 'redis-receiver-works' ? 'true' : undefined }),
    };
    const receiver = await startAppProcess({ githubHost: github.host, openaiBaseUrl: spark.url, webhookSecret: SECRET, env: queueEnv });
    processes.push(receiver);
    if (mode === 'redis') {
      const worker = await startAppProcess({ entry: 'worker', githubHost: github.host, openaiBaseUrl: spark.url, webhookSecret: SECRET, env: queueEnv });
      processes.push(worker);
      // A worker that dies at start-up would make the whole pass wait for nothing.
      await sleep(1500);
      if (worker.child.exitCode !== null) throw new WorkerExitedError(worker.output().slice(-1500));
    }
    const deliveries = plan(s);
    const started = performance.now();
    const results = await sendAll(receiver.webhookUrl!, deliveries, s.concurrency);
    const sendMs = performance.now() - started;
    const acks = results.filter((r) => r.status >= 200 && r.status < 300);
    const acked = acks.map((r) => r.ackMs);
    const finished = await waitFor(() => {
      const t = tally(github);
      return t.pending === 0 && t.accepted > 0;
    }, s.waitMs, 100);
    const drainedMs = performance.now() - started;
    await sleep(200);
    const t = tally(github);
    const accepted = t.accepted;
    const suppressed = await duplicatesFromMetrics(receiver.webhookUrl!);
    const exited = processes.filter((p) => p.child.exitCode !== null).map((p) => p.output().slice(-2000));
    return {
      mode,
      octokitPacing: paced,
      deliveries: deliveries.length,
      statuses: Object.fromEntries([...new Set(results.map((r) => r.status))].map((st) => [st, results.filter((r) => r.status === st).length])),
      sendMs: round(sendMs),
      deliveriesPerSec: round((1000 * deliveries.length) / sendMs),
      acceptedPerSec: round((1000 * accepted) / sendMs),
      ackMs: { p50: round(quantile(acked, 0.5)), p99: round(quantile(acked, 0.99)), max: round(Math.max(...acked)) },
      accepted,
      duplicatesSuppressed: suppressed ?? deliveries.length - accepted,
      duplicatesSuppressedSource: suppressed === undefined ? 'deliveries - accepted' : 'receiver /metrics',
      queuedBehindNotes: t.queuedNotes,
      statusCommentsPosted: t.started,
      expectedDuplicates: deliveries.length - new Set(deliveries.map((d) => d.id)).size,
      jobsCompleted: t.done,
      commitsLanded: github.commits.length,
      jobsFailed: t.failed,
      failures: t.failures,
      pendingAtDeadline: t.pending,
      lost: accepted - t.done - t.failed,
      allFinishedWithinWait: finished,
      drainedMs: round(drainedMs),
      jobsPerSec: round((1000 * (t.done + t.failed)) / drainedMs),
      modelTurns: spark.stats.turns,
      githubRequests: github.requests.length,
      processesExitedEarly: exited,
    };
  } finally {
    for (const p of processes) await p.stop();
    await spark.close();
    await github.close();
  }
}

export async function run(): Promise<unknown> {
  const s = settings();
  const fixtures = generatePullFixture({ fileCount: 1 });
  // LOAD_ONLY=soak: only the soak under faults (the unpaced passes take another minute).
  if (process.env.LOAD_ONLY === 'soak') return { soak: await soak(soakSettings(), fixtures) };
  const passes: unknown[] = [await pass('memory', false, s, fixtures)];
  console.error(`load memory unpaced: ${JSON.stringify(passes[0])}`);
  const redisUrl = process.env.LOAD_REDIS_URL ?? 'redis://127.0.0.1:6379';
  let redis: unknown = 'skipped (LOAD_REDIS_URL=off)';
  if (redisUrl !== 'off') {
    if (await redisAnswers(redisUrl)) {
      try {
        redis = await pass('redis', false, s, fixtures, redisUrl);
      } catch (error) {
        const workerFailure = { mode: 'redis', error: error instanceof Error ? error.message : String(error), output: (error as { output?: string }).output };
        // Still exercise the Redis queue (enqueue, dedupe, hand-off) with the receiver working.
        passes.push(workerFailure);
        redis = await pass('redis-receiver-works', false, s, fixtures, redisUrl);
      }
    } else {
      redis = `skipped: no Redis answering at ${redisUrl}`;
    }
  }
  passes.push(redis);
  if (process.env.LOAD_PACED === '1') passes.push(await pass('memory', true, s, fixtures));
  let soaked: unknown = 'skipped (SOAK=off)';
  if (process.env.SOAK !== 'off') {
    try {
      soaked = await soak(soakSettings(), fixtures);
    } catch (error) {
      soaked = { mode: 'soak', error: error instanceof Error ? error.message : String(error) };
    }
    console.error(`load soak: ${JSON.stringify(soaked)}`);
  }
  return { settings: s, passes, soak: soaked };
}

/**
 * Soak under faults (real Redis: a throwaway redis-server with AOF on a free port; one receiver,
 * two `dist/src/worker.js`): SOAK_DELIVERIES (2000) deliveries over SOAK_PRS (50) PRs, 10 % exact
 * duplicates; workers SIGKILLed mid-job, alternately, until ≥ 5 % of the accepted jobs were
 * replayed by BullMQ's stalled-job recovery (counted from the jobs' `stc` field in Redis); Redis
 * stopped and started once while deliveries arrive (those answered 500 are redelivered by the
 * receiver's reconciler through the fake GitHub's `/app/hook/deliveries`).
 *
 * Pacing is the production policy (80 content-creating requests a minute per installation,
 * shared through Redis) on a scaled clock: SPARK_PACE_MINUTE_MS = SOAK_MINUTE_MS (1000), so one
 * real second is one pacing minute. The fake GitHub records every content-creating request; the
 * figure reported is the most seen in any window of SOAK_MINUTE_MS real ms, i.e. per simulated
 * minute, across all processes.
 *
 * A command without a final status at the end is lost; `lostDetail` says how many were merely still
 * queued or running (pendingAtDeadline) and, for the others, what their deliveries were answered,
 * whether the reconciler redelivered them, and what Redis holds for their job.
 */
interface SoakSettings {
  deliveries: number;
  prs: number;
  concurrency: number;
  rttMs: number;
  minuteMs: number;
  waitMs: number;
  replayShare: number;
}

function soakSettings(): SoakSettings {
  const env = process.env;
  return {
    deliveries: Number(env.SOAK_DELIVERIES ?? 2000),
    prs: Number(env.SOAK_PRS ?? 50),
    concurrency: Number(env.SOAK_CONCURRENCY ?? 20),
    rttMs: Number(env.LOAD_RTT_MS ?? 5),
    minuteMs: Number(env.SOAK_MINUTE_MS ?? 1000),
    // On 2 cores shared with other work 1800 jobs took 8–14 min: a shorter wait reports slowness as loss.
    waitMs: Number(env.SOAK_WAIT_MS ?? 1_500_000),
    replayShare: 0.05,
  };
}

/** Most content-creating requests seen in any window of `windowMs`. */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let lo = 0, hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! >= windowMs) lo++;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}

async function replayedJobs(url: string, queueName: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined); // Redis is restarted on purpose mid-run
  try {
    let replayed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `bull:${queueName}:spark-*`, 'COUNT', 1000);
      cursor = next;
      // Only the job hashes (`<id>`), not their `:lock`/`:logs` keys (HGET on a string fails the scan).
      for (const key of keys) if (!key.slice(`bull:${queueName}:`.length).includes(':') && Number(await redis.hget(key, 'stc')) > 0) replayed++;
    } while (cursor !== '0');
    return replayed;
  } finally {
    redis.disconnect();
  }
}

/**
 * Why each lost command was lost: what its deliveries were answered, whether the reconciler
 * redelivered it, whether it got its 👀 and a status comment, and what Redis holds for its job
 * (dedupe record, BullMQ state, attempts, stalled count, failure reason).
 */
async function lostCommandDetail(
  url: string,
  queueName: string,
  lost: number[],
  seen: { deliveries: Delivery[]; results: DeliveryResult[]; redelivered: string[]; statuses(c: number): number; reacted(c: number): boolean },
) {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined);
  try {
    const base = `bull:${queueName}`;
    const detail = await Promise.all(
      lost.map(async (c) => {
        const jobId = `comment-issue-${100_000 + c}`;
        const job = await redis.hgetall(`${base}:spark-${jobId}`);
        const states = await Promise.all(
          (['wait', 'active', 'delayed', 'completed', 'failed', 'prioritized'] as const).map(async (st) => {
            const key = `${base}:${st}`;
            const type = await redis.type(key);
            const member = type === 'list' ? (await redis.lpos(key, `spark-${jobId}`)) !== null : type === 'zset' ? (await redis.zscore(key, `spark-${jobId}`)) !== null : false;
            return member ? st : undefined;
          }),
        );
        return {
          command: c,
          answered: seen.deliveries.flatMap((d, i) => (d.id === `load-${c}` ? [seen.results[i]?.status ?? 'none'] : [])),
          redelivered: seen.redelivered.filter((g) => g === `load-${c}`).length,
          reacted: seen.reacted(c),
          statusComments: seen.statuses(c),
          dedupe: await redis.get(`${base}:spark:dedupe:${jobId}`),
          bullState: states.filter(Boolean),
          attemptsMade: job.atm,
          stalledCount: job.stc,
          failedReason: job.failedReason?.slice(0, 200),
        };
      }),
    );
    // Still queued or running at the deadline is slow, not lost: counted, the rest detailed.
    const pending = detail.filter((d) => d.bullState.some((st) => st === 'wait' || st === 'active' || st === 'delayed' || st === 'prioritized'));
    return { pendingAtDeadline: pending.length, notPending: detail.filter((d) => !pending.includes(d)).slice(0, 30) };
  } finally {
    redis.disconnect();
  }
}

export async function soak(s: SoakSettings, fixtures: PullFixture) {
  const redis = await throwawayRedis();
  await redis.start();
  // Commands tagged `(cmd i)`: every status comment and commit names the one command it is for.
  const deliveries = plan(s, { tagCommands: true });
  const byGuid = new Map(deliveries.map((d) => [d.id, d]));
  let webhookUrl = '';
  const pulls: FakePull[] = Array.from({ length: s.prs }, (_, i) => ({
    number: i + 1,
    title: `Metric helpers, part ${i + 1}`,
    body: '',
    headRef: `feature-${i + 1}`,
    baseRef: 'main',
    baseSha: String(i + 1).padEnd(40, 'b'),
    files: new Map(fixtures.files),
    changed: fixtures.changed,
    diff: fixtures.diff,
  }));
  const redelivered: string[] = [];
  const github = await startFakeGitHub({
    owner: OWNER,
    repo: REPO,
    pulls,
    roles: { Codertocat: 'write' },
    rttMs: s.rttMs,
    redeliver: async (guid) => {
      redelivered.push(guid);
      const result = await deliver(webhookUrl, byGuid.get(guid)!, SECRET);
      return result.status;
    },
  });
  const functions = fixtures.functionCounts[0]!;
  const spark = await startFakeSpark({
    apiKey: 'sk-bench',
    reply: ({ body }) => fixtures.replyForFunction(0, instructedFunction(body.input) % functions),
  });
  const queueName = `spark-soak-${process.pid}`;
  const env = {
    REDIS_URL: redis.url,
    SPARK_QUEUE_NAME: queueName,
    SPARK_PACE_MINUTE_MS: String(s.minuteMs),
    SPARK_QUEUE_LOCK_TTL_MS: '3000',
    SPARK_QUEUE_STALLED_MS: '2000',
    SPARK_REDELIVER_INTERVAL_MS: '1000',
    METRICS_TOKEN,
  };
  const start = async (entry: 'server' | 'worker') => {
    const p = await startAppProcess({ entry, githubHost: github.host, openaiBaseUrl: spark.url, webhookSecret: SECRET, env: { ...env, LOG_LEVEL: 'info' }, readyTimeoutMs: 60_000 });
    // A worker is only worth killing once it takes jobs: on 2 busy cores start-up takes seconds.
    if (entry === 'worker' && !(await waitFor(() => p.output().includes('worker started'), 60_000, 50))) throw new WorkerExitedError(p.output().slice(-1500));
    return p;
  };
  const receiver = await start('server');
  webhookUrl = receiver.webhookUrl!;
  const workers = [await start('worker'), await start('worker')];
  let finished = false;
  let kills = 0;
  let replayed = 0;
  let redisRestartedAt: number | undefined;
  const unique = new Set(deliveries.map((d) => d.id)).size;
  const started = performance.now();
  try {
    // Killer: SIGKILL a worker mid-job every couple of seconds (alternating), restart it, until
    // enough jobs were replayed.
    const killer = (async () => {
      for (let turn = 0; !finished && process.env.SOAK_KILLS !== 'off'; turn++) {
        // Long enough for a restarted worker to start (≈ 1–3 s on 2 busy cores) and take jobs.
        await sleep(4_000);
        if (finished) break;
        replayed = await replayedJobs(redis.url, queueName).catch(() => replayed);
        if (replayed >= s.replayShare * unique) break;
        const slot = turn % workers.length;
        await workers[slot]!.stop('SIGKILL');
        kills++;
        workers[slot] = await start('worker');
      }
    })();

    const results: DeliveryResult[] = new Array(deliveries.length);
    let next = 0;
    const restartAt = Math.floor(deliveries.length * 0.4);
    const sender = async () => {
      while (next < deliveries.length) {
        const i = next++;
        if (i === restartAt && process.env.SOAK_RESTART !== 'off') {
          redisRestartedAt = performance.now() - started;
          void redis.stop().then(() => sleep(1_500)).then(() => redis.start());
        }
        const d = deliveries[i]!;
        try {
          results[i] = await deliver(webhookUrl, d, SECRET);
        } catch (error) {
          results[i] = { status: 0, ackMs: Number.NaN, sentAt: performance.now(), text: String(error) };
        }
        github.recordDelivery(d.id, results[i]!.status, d.name);
      }
    };
    await Promise.all(Array.from({ length: s.concurrency }, sender));
    const sendMs = performance.now() - started;

    const commands = [...new Set(deliveries.map((d) => Number(d.id.slice('load-'.length))))];
    const finals = () => {
      const byCmd = new Map<number, { statuses: number; final: number }>();
      for (const { body } of github.comments.values()) {
        const m = /\(cmd (\d+)\)/.exec(body);
        if (!m || !/\*\*Spark \w+\*\*/.test(body)) continue;
        const entry = byCmd.get(Number(m[1])) ?? { statuses: 0, final: 0 };
        entry.statuses++;
        if (finalPhase({ body })) entry.final++;
        byCmd.set(Number(m[1]), entry);
      }
      return byCmd;
    };
    const allDone = await waitFor(() => {
      const f = finals();
      return commands.every((c) => (f.get(c)?.final ?? 0) > 0);
    }, s.waitMs, 250);
    finished = true;
    await killer;
    const drainedMs = performance.now() - started;
    await sleep(500);
    replayed = await replayedJobs(redis.url, queueName).catch(() => replayed);

    const f = finals();
    const lostCommands = commands.filter((c) => (f.get(c)?.final ?? 0) === 0);
    const lostDetail = await lostCommandDetail(redis.url, queueName, lostCommands, {
      deliveries,
      results,
      redelivered,
      statuses: (c) => f.get(c)?.statuses ?? 0,
      reacted: (c) => github.requests.some((r) => r.method === 'POST' && r.path.endsWith(`/issues/comments/${100_000 + c}/reactions`)),
    }).catch((error: unknown) => ({ error: String(error) }));
    const commitsPerCmd = new Map<number, number>();
    for (const c of github.commits) {
      const m = /\(cmd (\d+)\)/.exec(c.headline);
      if (m) commitsPerCmd.set(Number(m[1]), (commitsPerCmd.get(Number(m[1])) ?? 0) + 1);
    }
    const failures: Record<string, number> = {};
    for (const { body } of github.comments.values()) {
      if (finalPhase({ body }) !== 'Failed') continue;
      const reason = failureReason(body);
      failures[reason] = (failures[reason] ?? 0) + 1;
    }
    const writes = github.requests.filter((r) => r.contentCreating).map((r) => r.startedAt);
    const acked = results.filter((r) => r.status >= 200 && r.status < 300).map((r) => r.ackMs);
    const metrics = await fetch(new URL('/metrics', webhookUrl), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
      .then((r) => r.text())
      .catch(() => '');
    const metric = (outcome: string) =>
      [...metrics.matchAll(new RegExp(`^spark_jobs_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
    return {
      mode: 'soak: redis (throwaway, AOF) + receiver + 2 workers, SIGKILLs, one Redis restart',
      deliveries: deliveries.length,
      uniqueCommands: unique,
      statuses: Object.fromEntries([...new Set(results.map((r) => r.status))].map((st) => [st, results.filter((r) => r.status === st).length])),
      ackMs: { p50: round(quantile(acked, 0.5)), p99: round(quantile(acked, 0.99)), max: round(Math.max(...acked)) },
      accepted: metric('enqueued'),
      duplicatesSuppressed: metric('duplicate'),
      expectedDuplicates: deliveries.length - unique,
      redisRestartedAtMs: redisRestartedAt === undefined ? undefined : round(redisRestartedAt),
      redeliveredByReconciler: redelivered.length,
      workerKills: kills,
      jobsReplayed: replayed,
      commits: github.commits.length,
      doubleCommits: [...commitsPerCmd.values()].filter((n) => n > 1).length,
      commandsWithSeveralStatusComments: [...f.values()].filter((e) => e.statuses > 1).length,
      completed: commands.filter((c) => (f.get(c)?.final ?? 0) > 0).length,
      failed: Object.values(failures).reduce((a, b) => a + b, 0),
      failures,
      lost: lostCommands.length,
      lostDetail,
      allFinishedWithinWait: allDone,
      ...(allDone ? {} : { outputTails: [receiver, ...workers].map((p) => p.output().slice(-1500)) }),
      sendMs: round(sendMs),
      drainedMs: round(drainedMs),
      contentCreating: {
        total: writes.length,
        simulatedMinuteMs: s.minuteMs,
        maxPerSimulatedMinute: maxInWindow(writes, s.minuteMs),
        meanPerSimulatedMinute: round((writes.length * s.minuteMs) / Math.max(1, (Math.max(...writes) - Math.min(...writes)))),
        goal: 80,
      },
    };
  } finally {
    finished = true;
    for (const p of [receiver, ...workers]) await p.stop('SIGKILL');
    await spark.close();
    await github.close();
    await redis.dispose();
  }
}

/**
 * A failed status comment's reason: the first paragraph after the heading/instruction that is not
 * the follow-up line ("↪ Continues …"), its first line, numbers masked so equal reasons group.
 */
function failureReason(body: string): string {
  const paragraph = body.split('\n\n').slice(1).find((p) => !p.startsWith('↪'));
  return paragraph?.split('\n')[0]?.replace(/\d+/g, 'N').slice(0, 160) ?? 'unknown';
}

/**
 * The function a command names (`fn#k`), read from the last match in the model input: the
 * instruction comes last, after a follow-up's quoted earlier instruction (which names another).
 */
function instructedFunction(input: unknown): number {
  const names = [...JSON.stringify(input).matchAll(/fn#(\d+)/g)];
  return Number(names.at(-1)?.[1] ?? 0);
}
