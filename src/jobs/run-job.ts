/**
 * The job skeleton every command runs through: status comment → read → model → apply (one
 * re-prompt) → deliver → final status → after-work, with timings, failure reporting and the
 * job report in one place. A command supplies a `JobSpec`: how to read (its workspace) and a
 * delivery strategy (commit, review, draft PR, …).
 */
import type { SparkConfig } from '../config/schema.js';
import type { PackedContext } from '../context/types.js';
import type { PostedComment, ReplyTarget } from '../github/comments.js';
import { findStatusComment } from '../github/find-status-comment.js';
import type { Log, Octokit, RepoRef } from '../github/types.js';
import type { ModelClient, ModelResult } from '../model/types.js';
import type { LineHints } from '../patch/types.js';
import type { TurnRecord } from '../conversation/turn-marker.js';
import type { OnceDeps } from '../exactly-once/commit-once.js';
import type { JobRecord } from '../exactly-once/job-record.js';
import { openStatus } from '../report/status-comment.js';
import { jobMarker, type StatusOutcome, type StatusState, type StatusTimings } from '../report/status-render.js';
import type { StatusWriter } from '../report/status-writer.js';
import { applyToSnapshot, type SnapshotFiles } from './apply-snapshot.js';
import { describeFailure } from './failure.js';
import { generateAndApply, type GenerateApplyInput, type GenerateApplyOutput } from './generate-apply.js';

export interface JobDeps {
  octokit: Octokit;
  model: ModelClient;
  log: Log;
  signal?: AbortSignal;
  /** Exactly-once: the job's records (a replay reuses its status comment and first commit). */
  once?: OnceDeps;
  now?: () => number;
  /** Status edits at most this often (tests use 0). */
  statusIntervalMs?: number;
  /** The config file a re-pin reads with the PR (the app's `configPath`). */
  configPath: string;
}

export interface JobReport {
  outcome: 'commit' | 'review' | 'answer' | 'described' | 'failed';
  timings: StatusTimings;
  model?: Pick<ModelResult, 'usage' | 'timings' | 'transport' | 'retries'>;
  githubRoundTripsBeforeModel: number;
  /** ms from the end of the model stream to the delivering GitHub request being sent. */
  modelDoneToDeliverMs?: number;
  error?: string;
  /** A failed job: 'warn' = our own error that explains itself (bad reply, refusal), 'error' = an outage, the operator's setup or a bug. */
  failure?: 'warn' | 'error';
  /** Issue fixes: the branch the fix went to, and the PR that carries it. */
  branch?: string;
  pull?: { number: number; url: string; created: boolean };
}

/** What a running job's stages share. */
export interface JobRun {
  deps: JobDeps;
  repo: RepoRef;
  status: StatusWriter;
  now: () => number;
  /** Report fields a stage learns on the way (the issue branch); kept on failure too. */
  report: Pick<JobReport, 'branch'>;
}

/** What the read stage produces: the model's context and the files its patch applies to. */
export interface Workspace {
  packed: PackedContext;
  snapshot: SnapshotFiles;
  /** Sequential GitHub round trips before the model (status timings, benchmarks). */
  roundTrips: number;
  /** A follow-up chained to the stored response of the turn it continues (`packed.chainInput` is its input). */
  chain?: { previousResponseId: string };
}

export interface Delivered {
  outcome: StatusOutcome;
  note?: string;
  /** When the delivering GitHub request was sent (for `modelDoneToDeliverMs`). */
  sentAt: number;
  /** Runs after the final status (verify_model's second opinion), so it never delays "Done". */
  after?: () => Promise<void>;
  pull?: JobReport['pull'];
  /** A fix's record for a later follow-up, hidden in the final status. */
  turn?: TurnRecord;
}

/** A delivery strategy: turns the applied patch (or the model's text) into GitHub writes. */
export type Delivery<W extends Workspace> = (run: JobRun, workspace: W, generated: GenerateApplyOutput) => Promise<Delivered>;

export interface JobSpec<W extends Workspace> {
  repo: RepoRef;
  /** Named in the failure message of an unexpected error. */
  deliveryId: string;
  /** `existing`: a status comment to edit on instead of posting one (a fix-ci continuation's). */
  status: { target: ReplyTarget; initial: StatusState; announce: boolean; existing?: { id: number; kind: 'issue' | 'review' } };
  config: SparkConfig;
  /** Routes repeated prefixes to one provider cache, e.g. "owner/repo#12". */
  cacheKey: string;
  /** The model may answer without edits (a review that finds nothing). */
  allowEmpty?: boolean;
  /** Lines the maintainer named (instruction, review thread): tie-breakers for the patch engine. */
  lineHints?: LineHints;
  read: (run: JobRun) => Promise<W>;
  /** How the model turns run (default `generateAndApply`): a review applies no combined patch and may fan out (review-turns.ts). */
  generate?: (input: GenerateApplyInput, workspace: W) => Promise<GenerateApplyOutput>;
  deliver: Delivery<W>;
  /** What an earlier attempt of this job already delivered (a replay after a crash), if anything. */
  prior?: (run: JobRun) => Promise<Delivered | undefined>;
}

/**
 * Runs one job to its end. Every failure ends in a status comment that says what to do (see
 * failure.ts) and a report; nothing half-done is pushed. Never throws for a job failure.
 */
export async function runJob<W extends Workspace>(spec: JobSpec<W>, deps: JobDeps): Promise<JobReport> {
  const now = deps.now ?? (() => performance.now());
  const started = now();
  const once = deps.once;
  // A replay edits the status comment its first attempt posted instead of posting another.
  const record: JobRecord = once
    ? await once.records.get(once.job.id).catch((error: unknown) => {
        deps.log.warn({ err: error }, 'could not read the job record; running as a first attempt');
        return {};
      })
    : {};
  const initial = once ? { ...spec.status.initial, job: once.job.id } : spec.status.initial;
  const status = openStatus({ octokit: deps.octokit, repo: spec.repo, log: deps.log }, spec.status.target, initial, {
    announce: spec.status.announce,
    existing: record.status ?? spec.status.existing ?? (await unrecordedStatus(deps, spec, record)),
    beforePost: once && (() => once.records.update(once.job.id, { statusSentAt: new Date().toISOString() })),
    onPosted: once && ((comment) => once.records.update(once.job.id, { status: { id: comment.id, kind: comment.kind } })),
    minIntervalMs: deps.statusIntervalMs ?? 1000,
    now,
  });
  const run: JobRun = { deps, repo: spec.repo, status, now, report: {} };
  const timings: StatusTimings = {};
  let model: ModelResult | undefined;
  let roundTrips = 0;
  try {
    const prior = await spec.prior?.(run);
    if (prior) {
      deps.log.info({ outcome: prior.outcome.kind }, 'an earlier attempt of this job already delivered: finishing with its outcome');
      timings.totalMs = now() - started;
      await status.finish({ phase: 'done', outcome: prior.outcome, timings, note: prior.note, turn: prior.turn });
      return { outcome: reportOutcome(prior.outcome), timings, githubRoundTripsBeforeModel: 0, ...run.report, ...(prior.pull && { pull: prior.pull }) };
    }
    const workspace = await spec.read(run);
    roundTrips = workspace.roundTrips;
    timings.contextMs = now() - started;
    const { packed } = workspace;
    deps.log.info({ included: packed.included.length, leftOut: packed.leftOut.length, tokens: packed.tokens.total }, 'context packed');

    const input: GenerateApplyInput = {
      model: deps.model,
      packed,
      config: spec.config,
      cacheKey: spec.cacheKey,
      signal: deps.signal,
      status,
      log: deps.log,
      now,
      apply: (ops) => applyToSnapshot(ops, workspace.snapshot, { octokit: deps.octokit, repo: spec.repo }, spec.config, spec.lineHints),
      allowEmpty: spec.allowEmpty,
      chain: workspace.chain,
    };
    const generated = await (spec.generate ? spec.generate(input, workspace) : generateAndApply(input));
    model = generated.model;
    timings.ttftMs = generated.firstTurn.timings.ttftMs;
    timings.tokensPerSecond = generated.firstTurn.timings.tokensPerSecond;

    const { result } = generated;
    // A review, an answer or a description applies no combined patch: no "0 file(s) changed" line.
    const changed = result.changes.length > 0 ? { files: result.changes.length, additions: result.additions, deletions: result.deletions } : undefined;
    status.update({ phase: 'pushing', changed });
    const delivered = await spec.deliver(run, workspace, generated);
    timings.totalMs = now() - started;
    await status.finish({ phase: 'done', outcome: delivered.outcome, changed, timings, note: delivered.note, turn: delivered.turn });
    await delivered.after?.();
    return {
      outcome: reportOutcome(delivered.outcome),
      timings,
      model: modelSummary(model),
      githubRoundTripsBeforeModel: roundTrips,
      modelDoneToDeliverMs: delivered.sentAt - generated.modelDone,
      ...run.report,
      ...(delivered.pull && { pull: delivered.pull }),
    };
  } catch (error) {
    timings.totalMs = now() - started;
    const failure = describeFailure(error, spec.deliveryId);
    if (failure.incident) deps.log.error({ err: error, incident: failure.incident }, 'spark job failed: the operator must fix the server configuration');
    else deps.log[failure.level]({ err: error }, 'spark job failed');
    await status.finish({ phase: 'failed', error: failure.userMessage, timings });
    return { outcome: 'failed', timings, model: model && modelSummary(model), githubRoundTripsBeforeModel: roundTrips, error: failure.userMessage, failure: failure.level, ...run.report };
  }
}

/**
 * The status comment an earlier attempt posted but died before recording (the record says a
 * post was sent): found by the job's hidden marker. Any failure means posting a new one.
 */
async function unrecordedStatus(deps: JobDeps, spec: Pick<JobSpec<Workspace>, 'repo' | 'status'>, record: JobRecord): Promise<PostedComment | undefined> {
  const marker = deps.once && jobMarker(deps.once.job.id);
  if (!record.statusSentAt || !marker || !spec.status.announce) return undefined;
  const found = await findStatusComment(deps.octokit, spec.repo, spec.status.target, marker).catch((error: unknown) => {
    deps.log.warn({ err: error }, 'could not look for the status comment of an earlier attempt: posting a new one');
    return undefined;
  });
  deps.log.info({ found: found?.id }, found ? 'replay: editing the status comment the earlier attempt posted' : 'replay: the earlier attempt posted no status comment');
  return found;
}

function reportOutcome(outcome: StatusOutcome): JobReport['outcome'] {
  return outcome.kind === 'review' || outcome.kind === 'answer' || outcome.kind === 'described' ? outcome.kind : 'commit';
}

function modelSummary(result: ModelResult): NonNullable<JobReport['model']> {
  return { usage: result.usage, timings: result.timings, transport: result.transport, retries: result.retries };
}
