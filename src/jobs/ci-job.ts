/**
 * `/spark fix-ci [focus]` (and `/spark fix` with no instruction on a PR whose head is red): the
 * failures of the pinned head → context with a "CI failures" section → Spark → a commit → the
 * checks on that commit → another round while they fail differently (deliver/ci-rounds.ts).
 */
import type { CheckWaiters } from '../ci/check-waiters.js';
import { collectFailures, type CiState } from '../ci/collect-failures.js';
import { ciInstruction, rankingText } from '../ci/prompt.js';
import { packContext } from '../context/index.js';
import { SparkError } from '../errors.js';
import type { PinnedPullRequest } from '../github/pin.js';
import { readTree } from '../github/tree.js';
import { formatInstructions } from '../patch/index.js';
import { ciRoundsDelivery } from './deliver/ci-rounds.js';
import { commitDelivery } from './deliver/commit.js';
import { reviewDelivery } from './deliver/review.js';
import type { PullJob, PullPayload } from './job-data.js';
import { readPull } from './pull-job.js';
import type { PullWorkspace } from './workspaces.js';
import type { JobRun, JobSpec } from './run-job.js';
import { readSnapshot } from './snapshot.js';

export interface CiWorkspace extends PullWorkspace {
  /** Absent when `/spark fix` found nothing red and ran as a plain fix. */
  ci?: CiState;
}

export interface CiJobDeps {
  waiters: CheckWaiters;
  /** Fallback poll of the check suites while no webhook comes (default 60 s). */
  pollMs?: number;
  /** Wall clock for `wait_minutes` (injected in tests). */
  wallNow?: () => number;
}

export class NothingToFixError extends SparkError {}

export function ciJobSpec(job: PullJob, ci: CiJobDeps): JobSpec<CiWorkspace> {
  const { payload } = job;
  const repo = payload.repo;
  const strict = job.kind === 'fix-ci';
  const { maxRounds, escalateModel } = payload.config.ci;
  // With one round, the first round is the last: the bigger model writes it.
  const config = maxRounds === 1 && escalateModel ? { ...payload.config, model: escalateModel } : payload.config;
  const suggestions = reviewDelivery(payload, job.kind, {
    note: 'This PR comes from a fork, so Spark posted suggestions instead of pushing, and does not follow the checks.',
  });
  const rounds = ciRoundsDelivery(job, ci);
  const plain = commitDelivery(payload, (note) => reviewDelivery(payload, job.kind, { note }));
  return {
    repo,
    deliveryId: payload.deliveryId,
    status: { target: payload.reply, initial: { command: job.kind, instruction: payload.instruction, phase: 'reading' }, announce: payload.announce },
    config,
    cacheKey: `${repo.owner}/${repo.repo}#${payload.pinned.number}`,
    read: (run) => readCi(run, payload, strict),
    deliver: (run, workspace, generated) => {
      if (!workspace.ci) return plain(run, workspace, generated);
      if (payload.pinned.isCrossRepository) return suggestions(run, workspace, generated);
      return rounds(run, workspace, generated);
    },
  };
}

async function readCi(run: JobRun, payload: PullPayload, strict: boolean): Promise<CiWorkspace> {
  const { pinned } = payload;
  const tree = readTree(run.deps.octokit, run.repo, pinned.headSha);
  const state = await collectFailures(run.deps.octokit, run.repo, pinned.headSha, { files: tree.then((t) => t.paths), logger: run.deps.log });
  run.deps.log.info({ failing: state.failing.map((f) => f.name), pending: state.pending.length, redactions: state.redactions }, 'ci: failures of the pinned head');
  if (state.failing.length > 0) return readCiWorkspace(run, payload, pinned, state);
  if (!strict) return readPull(run, 'fix', payload);
  const still = state.pending.length ? `; ${state.pending.length} still running — run it again when they fail` : '';
  throw new NothingToFixError(`no failing checks on ${pinned.headSha}`, {
    userMessage: `No check is failing on \`${pinned.headSha.slice(0, 7)}\` (${state.passed.length} passed${still}), so there is nothing to fix.`,
  });
}

/** The context for one round: ranked on the failing places and causes, the failures in the prompt. */
export async function readCiWorkspace(run: JobRun, payload: PullPayload, pinned: PinnedPullRequest, state: CiState): Promise<CiWorkspace> {
  const { config } = payload;
  const pr = await readSnapshot(run.deps.octokit, run.repo, pinned, {
    instruction: rankingText(state, payload.instruction),
    ignore: config.paths.ignore,
    relatedFiles: config.context.relatedFiles,
  });
  const packed = packContext(pr.plan, {
    instruction: ciInstruction(state, payload.instruction),
    files: pr.files,
    systemInstructions: formatInstructions('apply_patch'),
    budget: { contextWindow: config.context.window, reservedOutput: config.context.reserveOutput },
  });
  // Check runs ∥ statuses ∥ tree, then logs ∥ annotations: two round trips before the snapshot's.
  return { packed, snapshot: { tree: pr.tree, files: pr.files, sha: pinned.headSha }, roundTrips: pr.roundTrips + 2, pr, ci: state };
}
