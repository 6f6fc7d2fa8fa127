import { buildContext } from '../context/index.js';
import { SparkError } from '../errors.js';
import { BranchMovedError, commitMessage, createCommit, PushForbiddenError } from '../github/commit.js';
import { createReview } from '../github/review.js';
import type { StatusOutcome, StatusTimings } from '../github/status-render.js';
import type { Log, Octokit } from '../github/types.js';
import type { ModelClient, ModelResult } from '../model/types.js';
import { formatInstructions, toSuggestions } from '../patch/index.js';
import type { FileOp, PatchResult } from '../patch/types.js';
import { applyOptions, applyToSnapshot, assertNoNewSecrets, commitFiles, jobUserMessage, modelSummary } from './apply-snapshot.js';
import { NO_CHANGES, reviewSummary } from './generate.js';
import { generateAndApply } from './generate-apply.js';
import { verifyCommit } from './verify.js';
import type { PatchJobPayload } from './payload.js';
import { moveOntoNewHead } from './rebase.js';
import { readSnapshot, type Snapshot } from './snapshot.js';
import { openStatus } from './status-comment.js';

export interface PatchJobDeps {
  octokit: Octokit;
  model: ModelClient;
  log: Log;
  signal?: AbortSignal;
  now?: () => number;
  /** Status edits at most this often (tests use 0). */
  statusIntervalMs?: number;
  /** Called once with the job's measurements (metrics, benchmarks). */
  onFinished?: (report: JobReport) => void;
}

export interface JobReport {
  outcome: 'commit' | 'review' | 'failed';
  timings: StatusTimings;
  model?: Pick<ModelResult, 'usage' | 'timings' | 'transport' | 'retries'>;
  githubRoundTripsBeforeModel: number;
  /** ms from the end of the model stream to the delivering GitHub request being sent. */
  modelDoneToDeliverMs?: number;
  error?: string;
}

export { SecretInPatchError, UnsafePathError } from './apply-snapshot.js';

/**
 * `/spark fix` and `/spark suggest` on a PR: snapshot → context → stream → apply (one
 * re-prompt with the exact lines not found) → commit or review → final status.
 * Every failure ends in a status comment that says what to do; nothing half-done is pushed.
 */
export async function runPatchJob(job: PatchJobPayload, deps: PatchJobDeps): Promise<JobReport> {
  const now = deps.now ?? (() => performance.now());
  const started = now();
  const repo = { owner: job.owner, repo: job.repo };
  const status = openStatus(
    { octokit: deps.octokit, repo, log: deps.log },
    job.reply,
    { command: job.command, instruction: job.instruction, phase: 'reading' },
    { announce: job.announce, minIntervalMs: deps.statusIntervalMs ?? 1000, now },
  );
  const timings: StatusTimings = {};
  let model: ModelResult | undefined;
  let roundTrips = 0;
  try {
    const snapshot = await readSnapshot(deps.octokit, repo, job.pinned, {
      instruction: job.instruction,
      focus: job.focus,
      ignore: job.config.paths.ignore,
      since: job.since,
      relatedFiles: job.config.context.relatedFiles,
    });
    roundTrips = snapshot.roundTrips;
    const snapshotFiles = { tree: snapshot.tree, files: snapshot.files, sha: job.pinned.headSha };
    const github = { octokit: deps.octokit, repo };
    // A re-requested review shows the model only what changed since the head it last reviewed.
    const incremental = snapshot.incremental;
    const changedPaths = incremental ? incremental.paths.filter((p) => snapshot.changedPaths.includes(p)) : snapshot.changedPaths;
    const packed = buildContext({
      mode: 'pr',
      instruction: instructionFor(job, incremental?.since),
      title: job.pinned.title,
      body: job.pinned.body,
      diff: incremental?.diff ?? snapshot.diff,
      changedPaths,
      focus: job.focus,
      tree: snapshot.tree.paths,
      files: snapshot.files,
      systemInstructions: formatInstructions('apply_patch'),
      budget: { contextWindow: job.config.context.window, reservedOutput: job.config.context.reserveOutput },
      ignore: job.config.paths.ignore,
    });
    timings.contextMs = now() - started;
    deps.log.info({ included: packed.included.length, leftOut: packed.leftOut.length, tokens: packed.tokens.total }, 'context packed');

    const reviewing = job.command === 'review';
    const generated = await generateAndApply({
      model: deps.model,
      packed,
      config: job.config,
      cacheKey: `${job.owner}/${job.repo}#${job.pullNumber}`,
      signal: deps.signal,
      status,
      log: deps.log,
      now,
      apply: (ops) => applyToSnapshot(ops, snapshotFiles, github, job.config),
      allowEmpty: reviewing,
    });
    const { result, modelDone } = generated;
    model = generated.model;
    timings.ttftMs = generated.firstTurn.timings.ttftMs;
    timings.tokensPerSecond = generated.firstTurn.timings.tokensPerSecond;

    const changed = { files: result.changes.length, additions: result.additions, deletions: result.deletions };
    status.update({ phase: 'pushing', changed });
    const canPush = job.command === 'fix' && (!job.pinned.isCrossRepository || job.pinned.maintainerCanModify);
    let outcome: StatusOutcome;
    let note: string | undefined;
    let deliverSentAt = 0;
    if (canPush) {
      try {
        deliverSentAt = now();
        const commit = await commitMovingForward(result, generated.ops, snapshot, job, deps);
        outcome = { kind: 'commit', url: commit.url, sha: commit.oid };
        note = commit.note;
      } catch (error) {
        if (!(error instanceof PushForbiddenError)) throw error;
        note = `${error.userMessage} Delivered as suggestions instead.`;
        deliverSentAt = now();
        outcome = await reviewResult(result, snapshot, job, deps);
      }
    } else {
      if (job.command === 'fix') {
        note = 'This PR comes from a fork that does not allow edits from maintainers, so Spark posted suggestions instead of pushing.';
      }
      deliverSentAt = now();
      outcome = await reviewResult(result, snapshot, job, deps, reviewing ? model.text : undefined);
    }
    timings.totalMs = now() - started;
    await status.finish({ phase: 'done', outcome, changed, timings, note });
    if (outcome.kind === 'commit' && job.config.verifyModel) {
      // The second opinion runs after the maintainer already sees "Done": it never delays the fix.
      await verifyCommit(deps, job, { sha: outcome.sha, result, verifyModel: job.config.verifyModel });
    }
    const report: JobReport = {
      outcome: outcome.kind === 'commit' ? 'commit' : 'review',
      timings,
      model: modelSummary(model),
      githubRoundTripsBeforeModel: roundTrips,
      modelDoneToDeliverMs: deliverSentAt - modelDone,
    };
    deps.onFinished?.(report);
    return report;
  } catch (error) {
    timings.totalMs = now() - started;
    const message = jobUserMessage(error, job.deliveryId);
    deps.log[error instanceof SparkError ? 'warn' : 'error']({ err: error }, 'spark job failed');
    await status.finish({ phase: 'failed', error: message, timings });
    const report: JobReport = { outcome: 'failed', timings, model: model && modelSummary(model), githubRoundTripsBeforeModel: roundTrips, error: message };
    deps.onFinished?.(report);
    return report;
  }
}

function instructionFor(job: PatchJobPayload, since?: string): string {
  if (job.command !== 'review') return job.instruction || 'Fix the problem discussed here with the smallest correct change.';
  return [
    `Review the changes in this pull request${since ? ` made since commit ${since.slice(0, 7)} (the diff shows only those)` : ''}.`,
    'Look for bugs, unhandled edge cases, typos and clear mistakes in the changed lines; ignore matters of taste.',
    'First write at most three short sentences summarising what you found.',
    'Then, only if something should change, give one patch with the smallest fixes, in the format described in your instructions.',
    `If nothing should change, write the summary followed by the line ${NO_CHANGES}, and no patch.`,
    ...(job.instruction ? [`Focus: ${job.instruction}`] : []),
  ].join('\n');
}

/** Moves onto a newer head at most this many times before giving up (a very busy branch). */
const MAX_MOVES = 3;

/**
 * Commits on the pinned head; when the branch moved meanwhile (STALE_DATA), re-checks the new
 * head (see rebase.ts) and commits there with *that* head as `expectedHeadOid` — so even this
 * path can never overwrite a commit it has not seen.
 */
async function commitMovingForward(
  initial: PatchResult,
  ops: FileOp[],
  snapshot: Snapshot,
  job: PatchJobPayload,
  deps: PatchJobDeps,
): Promise<{ oid: string; url: string; note?: string }> {
  let head = job.pinned.headSha;
  let result = initial;
  const reapplied = new Set<string>();
  for (let moves = 0; ; moves++) {
    try {
      const commit = await commitResult(result, head, job, deps);
      if (head === job.pinned.headSha) return commit;
      const which = reapplied.size ? ` Re-applied to the updated ${[...reapplied].map((p) => `\`${p}\``).join(', ')}.` : '';
      return { ...commit, note: `The branch moved while Spark worked; the patch was committed on top of the new head \`${head.slice(0, 7)}\` (the new commits did not touch the patched lines).${which}` };
    } catch (error) {
      if (!(error instanceof BranchMovedError) || moves >= MAX_MOVES) throw error;
      deps.log.info({ from: head }, 'branch moved; checking whether the patch still applies on the new head');
      const moved = await moveOntoNewHead(
        deps.octokit,
        { owner: job.owner, repo: job.repo },
        { pullNumber: job.pullNumber, branch: job.pinned.headRef, fromSha: head, ops, files: snapshot.files, result, options: applyOptions(job.config) },
        error,
      );
      assertNoNewSecrets(moved.result);
      moved.reapplied.forEach((p) => reapplied.add(p));
      head = moved.headSha;
      result = moved.result;
    }
  }
}

async function commitResult(result: PatchResult, head: string, job: PatchJobPayload, deps: PatchJobDeps): Promise<{ oid: string; url: string }> {
  const files = commitFiles(result);
  const message = commitMessage({
    instruction: job.instruction,
    commenter: job.commenter,
    commentUrl: job.commentUrl,
    fallback: `apply fix requested in #${job.pullNumber}`,
  });
  return createCommit(deps.octokit, {
    nameWithOwner: job.pinned.headNameWithOwner ?? job.pinned.baseNameWithOwner,
    branch: job.pinned.headRef,
    expectedHeadOid: head,
    headline: message.headline,
    body: message.body,
    files,
  });
}

async function reviewResult(
  result: PatchResult,
  snapshot: Snapshot,
  job: PatchJobPayload,
  deps: PatchJobDeps,
  reviewText?: string,
): Promise<StatusOutcome> {
  // Suggestions anchor on the whole PR diff at the pinned head, whatever the model was shown.
  const mapped = toSuggestions(result, snapshot.diff);
  const lines =
    reviewText === undefined
      ? [`Spark suggestions for: ${job.instruction || `/spark ${job.command}`}`]
      : [
          `**Spark review**${snapshot.incremental ? ` of the changes since \`${snapshot.incremental.since.slice(0, 7)}\`` : ''}`,
          '',
          reviewSummary(reviewText) || (result.changes.length ? 'Suggested fixes below.' : 'No issues found.'),
        ];
  if (mapped.bodyDiff) {
    lines.push('', 'Changes outside the PR diff (apply them locally):', '', '```diff', mapped.bodyDiff.trimEnd(), '```');
  }
  const review = await createReview(deps.octokit, { owner: job.owner, repo: job.repo }, {
    pullNumber: job.pullNumber,
    commitId: job.pinned.headSha,
    body: lines.join('\n'),
    comments: mapped.comments,
  });
  return { kind: 'review', url: review.url, suggestions: mapped.comments.length, inBody: mapped.skipped };
}
