import { packContext } from '../context/index.js';
import { formatInstructions } from '../patch/index.js';
import { commitDelivery, priorCommitDelivered } from './deliver/commit.js';
import { reviewDelivery } from './deliver/review.js';
import { NO_CHANGES } from './generate.js';
import type { PullJob, PullPayload } from './job-data.js';
import type { Delivery, JobRun, JobSpec, Workspace } from './run-job.js';
import { readSnapshot, type Snapshot } from './snapshot.js';
import { readRepoInstructions } from '../instructions/repo-instructions.js';

export interface PullWorkspace extends Workspace {
  /** The PR at the pinned head: its whole diff (suggestions anchor on it) and what changed since the last review. */
  pr: Snapshot;
}

/**
 * `/spark fix`, `/spark suggest` and `/spark review` on a PR: snapshot at the pinned head →
 * context → the model → a commit (fix) or a review (suggest, review, and a fix Spark may not push).
 */
export function pullJobSpec(job: PullJob): JobSpec<PullWorkspace> {
  const { payload } = job;
  const repo = payload.repo;
  return {
    repo,
    deliveryId: payload.deliveryId,
    status: {
      target: payload.reply,
      initial: { command: job.kind, instruction: payload.instruction, phase: 'reading' },
      announce: payload.announce,
    },
    config: payload.config,
    cacheKey: `${repo.owner}/${repo.repo}#${payload.pinned.number}`,
    allowEmpty: job.kind === 'review',
    read: (run) => readPull(run, job.kind, payload),
    ...(job.kind === 'fix' && { prior: (run: JobRun) => priorCommitDelivered(run, payload) }),
    deliver: pullDelivery(job.kind, payload),
  };
}

/** fix → commit (suggestions when GitHub or the fork refuses the push); suggest/review → a review. */
function pullDelivery(command: PullJob['kind'], job: PullPayload): Delivery<PullWorkspace> {
  if (command === 'review') return reviewDelivery(job, command, { summary: true });
  const suggestions = (note?: string) => reviewDelivery(job, command, { note });
  if (command === 'suggest') return suggestions();
  if (job.pinned.isCrossRepository && !job.pinned.maintainerCanModify) {
    return suggestions('This PR comes from a fork that does not allow edits from maintainers, so Spark posted suggestions instead of pushing.');
  }
  return commitDelivery(job, suggestions);
}

export async function readPull(run: JobRun, command: PullJob['kind'], job: PullPayload): Promise<PullWorkspace> {
  const { config, pinned } = job;
  // The repository's instructions come from the default branch, read alongside the snapshot.
  const [pr, rules] = await Promise.all([
    readSnapshot(run.deps.octokit, run.repo, pinned, {
      instruction: job.instruction,
      focus: job.focus,
      ignore: config.paths.ignore,
      since: job.since,
      relatedFiles: config.context.relatedFiles,
    }),
    readRepoInstructions(run.deps.octokit, run.repo, pinned.files.map((f) => f.path), config.instructions),
  ]);
  // The snapshot planned on the maintainer's words (and, for a re-requested review, on what changed
  // since the head it last reviewed); the model reads the command's own instruction text.
  const packed = packContext(pr.plan, {
    instruction: instructionFor(command, job.instruction, pr.incremental?.since),
    files: pr.files,
    systemInstructions: formatInstructions('apply_patch') + rules.section,
    budget: { contextWindow: config.context.window, reservedOutput: config.context.reserveOutput },
  });
  return { packed, snapshot: { tree: pr.tree, files: pr.files, sha: pinned.headSha }, roundTrips: pr.roundTrips, pr };
}

function instructionFor(command: PullJob['kind'], instruction: string, since?: string): string {
  if (command !== 'review') return instruction || 'Fix the problem discussed here with the smallest correct change.';
  return [
    `Review the changes in this pull request${since ? ` made since commit ${since.slice(0, 7)} (the diff shows only those)` : ''}.`,
    'Look for bugs, unhandled edge cases, typos and clear mistakes in the changed lines; ignore matters of taste.',
    'First write at most three short sentences summarising what you found.',
    'Then, only if something should change, give one patch with the smallest fixes, in the format described in your instructions.',
    `If nothing should change, write the summary followed by the line ${NO_CHANGES}, and no patch.`,
    ...(instruction ? [`Focus: ${instruction}`] : []),
  ].join('\n');
}
