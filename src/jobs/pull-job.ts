import { configFileOf } from '../config/schema.js';
import { packContext, type FocusRange } from '../context/index.js';
import { formatInstructions, lineHintsFrom } from '../patch/index.js';
import { commitDelivery, priorCommitDelivered } from './deliver/commit.js';
import { answerDelivery } from './deliver/answer.js';
import { describeDelivery } from './deliver/describe.js';
import { explainedReviewDelivery } from './deliver/explained-review.js';
import { reviewDelivery } from './deliver/review.js';
import type { PullJob, PullPayload } from './job-data.js';
import type { Delivery, JobRun, JobSpec } from './run-job.js';
import { readEarlierTurn } from './earlier-turn.js';
import { readSnapshot } from './snapshot.js';
import type { PullWorkspace } from './workspaces.js';
import { readRepoInstructions } from '../instructions/repo-instructions.js';
import { askInstruction, describeInstruction } from '../review/ask-prompt.js';
import { packReviewGroups } from '../review/pack-groups.js';
import { reviewInstruction } from '../review/review-prompt.js';
import { reviewTurns } from './review-turns.js';

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
    allowEmpty: job.kind === 'review' || job.kind === 'ask' || job.kind === 'describe',
    lineHints: lineHintsFrom(payload.instruction, payload.focus),
    read: (run) => readPull(run, job.kind, payload, job.kind === 'fix' ? { receivedAt: job.receivedAt ?? Date.now() } : undefined),
    ...(job.kind === 'review' && { generate: reviewTurns(payload.config.review.parallel) }),
    ...(job.kind === 'fix' && { prior: (run: JobRun) => priorCommitDelivered(run, payload) }),
    deliver: pullDelivery(job.kind, payload),
  };
}

/** fix → commit (suggestions when GitHub or the fork refuses the push); suggest/review → a review. */
function pullDelivery(command: PullJob['kind'], job: PullPayload): Delivery<PullWorkspace> {
  if (command === 'review') return explainedReviewDelivery(job);
  if (command === 'ask') return answerDelivery(job);
  if (command === 'describe') return describeDelivery(job);
  const suggestions = (note?: string) => reviewDelivery(job, command, { note });
  if (command === 'suggest') return suggestions();
  if (job.pinned.isCrossRepository && !job.pinned.maintainerCanModify) {
    return suggestions('This PR comes from a fork that does not allow edits from maintainers, so Spark posted suggestions instead of pushing.');
  }
  return commitDelivery(job, suggestions);
}

/**
 * `followUp`: a fix looks for the earlier Spark fix it continues (earlier-turn.ts), beside the
 * snapshot reads; found, its instruction and commit go into the context, or with a stored
 * response (SPARK_STORE=true) the request chains to it, and the status links it.
 */
export async function readPull(run: JobRun, command: PullJob['kind'], job: PullPayload, followUp?: { receivedAt: number }): Promise<PullWorkspace> {
  const { config, pinned } = job;
  // The repository's instructions come from the default branch, read alongside the snapshot.
  const [pr, rules, earlier] = await Promise.all([
    readSnapshot(run.deps.octokit, run.repo, pinned, {
      instruction: job.instruction,
      focus: job.focus,
      ignore: config.paths.ignore,
      since: job.since,
      relatedFiles: config.context.relatedFiles,
    }),
    readRepoInstructions(run.deps.octokit, run.repo, pinned.files.map((f) => f.path), config.instructions),
    // Sent once the snapshot's first requests are out: they lead to the model, these only beside them.
    followUp ? afterIo().then(() => readEarlierTurn(run.deps.octokit, run.repo, job, followUp.receivedAt, run.deps.log)) : Promise.resolve(undefined),
  ]);
  if (earlier) run.status.update({ continues: { statusUrl: earlier.status.url, commit: { sha: earlier.commit.oid, url: earlier.commit.url } } });
  // The snapshot planned on the maintainer's words (and, for a re-requested review, on what changed
  // since the head it last reviewed); the model reads the command's own instruction text.
  const packInput = {
    instruction: instructionFor(command, job.instruction, pr.incremental?.since, job.focus),
    files: pr.files,
    systemInstructions: formatInstructions('apply_patch') + rules.section,
    budget: { contextWindow: config.context.window, reservedOutput: config.context.reserveOutput, configFile: configFileOf(config) },
    ...(earlier && { earlierTurn: { instruction: earlier.instruction, commit: earlier.commit.oid, diff: earlier.commit.diff } }),
  };
  // A review whose changed files do not fit one window is split into groups, reviewed in parallel.
  const groups = command === 'review' ? packReviewGroups(pr.plan, packInput) : undefined;
  if (groups) run.deps.log.info({ groups: groups.length, files: groups.map((g) => g.paths.length) }, 'review too big for one window: split into file groups');
  const packed = groups?.[0]?.packed ?? packContext(pr.plan, packInput);
  const chain = earlier?.response && run.deps.model.stores ? { previousResponseId: earlier.response } : undefined;
  return { packed, snapshot: { tree: pr.tree, files: pr.files, sha: pinned.headSha }, roundTrips: pr.roundTrips, pr, ...(chain && { chain }), ...(groups && { groups }) };
}

function instructionFor(command: PullJob['kind'], instruction: string, since?: string, focus?: FocusRange): string {
  if (command === 'ask') return askInstruction(instruction, focus);
  if (command === 'describe') return describeInstruction(instruction);
  if (command !== 'review') return instruction || 'Fix the problem discussed here with the smallest correct change.';
  return reviewInstruction({ subject: 'pull', ...(since && { since }), ...(instruction && { focus: instruction }) });
}

const afterIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
