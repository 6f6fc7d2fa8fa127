import { commitForJob, priorCommit } from '../../exactly-once/commit-once.js';
import { BranchMovedError, commitMessage, PushForbiddenError } from '../../github/commit.js';
import { pushTarget } from '../../github/push-target.js';
import type { PatchResult } from '../../patch/types.js';
import { applyOptions } from '../apply-snapshot.js';
import { commitFiles } from '../commit-files.js';
import type { PullPayload } from '../job-data.js';
import { assertNoNewSecrets } from '../no-new-secrets.js';
import type { PullWorkspace } from '../workspaces.js';
import { moveOntoNewHead } from '../rebase.js';
import type { Delivered, Delivery, JobRun } from '../run-job.js';
import { verifyCommit } from '../verify.js';

/** Moves onto a newer head at most this many times before giving up (a very busy branch). */
const MAX_MOVES = 3;

/**
 * Pushes one commit to the PR branch with `expectedHeadOid`, moving forward onto a newer head
 * only when provably safe (rebase.ts). When GitHub refuses the push, `fallback` delivers
 * instead (suggestions). `verify_model` reviews the commit after the final status.
 */
export function commitDelivery(job: PullPayload, fallback: (note: string) => Delivery<PullWorkspace>): Delivery<PullWorkspace> {
  return async (run, workspace, generated) => {
    const sentAt = run.now();
    let commit: { oid: string; url: string; note?: string };
    try {
      commit = await commitMovingForward(run, job, generated.result);
    } catch (error) {
      if (!(error instanceof PushForbiddenError)) throw error;
      return fallback(`${error.userMessage} Delivered as suggestions instead.`)(run, workspace, generated);
    }
    const { verifyModel } = job.config;
    // A stored response is what a follow-up chains to; without SPARK_STORE its id would lead nowhere.
    const response = run.deps.model.stores ? generated.model.responseId : undefined;
    return {
      outcome: { kind: 'commit', url: commit.url, sha: commit.oid },
      note: commit.note,
      sentAt,
      turn: { v: 1, oid: commit.oid, instruction: job.instruction, ...(response && { response }) },
      after: verifyModel
        ? () => verifyCommit(run.deps, { ...run.repo, pullNumber: job.pinned.number, instruction: job.instruction, command: 'fix' }, { sha: commit.oid, result: generated.result, verifyModel })
        : undefined,
    };
  };
}

/**
 * A replay of a fix whose first attempt pushed (its worker died before the queue marked it
 * finished): the recorded commit, or the one found on the branch by its job trailer, is the
 * outcome — the model is not asked again and nothing is pushed twice.
 */
export async function priorCommitDelivered(run: JobRun, job: PullPayload): Promise<Delivered | undefined> {
  const { once } = run.deps;
  if (!once) return undefined;
  const commit = await priorCommit(run.deps.octokit, once.records, once.job, { nameWithOwner: pushTarget(job.pinned), name: job.pinned.headRef });
  if (!commit) return undefined;
  return {
    outcome: { kind: 'commit', url: commit.url, sha: commit.oid },
    note: 'An earlier attempt of this command had already pushed this commit (the worker running it stopped before it finished); nothing was pushed again.',
    sentAt: run.now(),
    turn: { v: 1, oid: commit.oid, instruction: job.instruction },
  };
}

/**
 * Commits on the pinned head; when the branch moved meanwhile (STALE_DATA), re-checks the new
 * head (see rebase.ts) and commits there with *that* head as `expectedHeadOid` — so even this
 * path can never overwrite a commit it has not seen.
 */
async function commitMovingForward(run: JobRun, job: PullPayload, initial: PatchResult): Promise<{ oid: string; url: string; note?: string }> {
  const { pinned } = job;
  let head = pinned.headSha;
  let result = initial;
  const reapplied = new Set<string>();
  for (let moves = 0; ; moves++) {
    try {
      // Never sent once the job was cancelled; at most once per job id (a replay finds it recorded).
      const commit = await commitForJob(run.deps, {
        nameWithOwner: pushTarget(pinned),
        branch: pinned.headRef,
        expectedHeadOid: head,
        ...commitMessage({ instruction: job.instruction, commenter: job.requester, commentUrl: job.commentUrl, fallback: `apply fix requested in #${pinned.number}` }),
        files: commitFiles(result),
      });
      if (head === pinned.headSha) return commit;
      const which = reapplied.size ? ` Re-applied to the updated ${[...reapplied].map((p) => `\`${p}\``).join(', ')}.` : '';
      return { ...commit, note: `The branch moved while Spark worked; the patch was committed on top of the new head \`${head.slice(0, 7)}\` (the new commits did not touch the patched lines).${which}` };
    } catch (error) {
      if (!(error instanceof BranchMovedError) || moves >= MAX_MOVES) throw error;
      run.deps.log.info({ from: head }, 'branch moved; checking whether the patch still applies on the new head');
      const moved = await moveOntoNewHead(
        run.deps.octokit,
        run.repo,
        { pullNumber: pinned.number, configPath: run.deps.configPath, branch: pinned.headRef, fromSha: head, result, options: applyOptions(job.config) },
        error,
      );
      assertNoNewSecrets(moved.result);
      moved.reapplied.forEach((p) => reapplied.add(p));
      head = moved.headSha;
      result = moved.result;
    }
  }
}
