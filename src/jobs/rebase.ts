import { BranchMovedError } from '../github/commit.js';
import { readBlobs } from '../github/blobs.js';
import { compareCommits } from '../github/compare.js';
import { pinPullRequest } from '../github/pin.js';
import type { Octokit, RepoRef } from '../github/types.js';
import { applyOps } from '../patch/index.js';
import type { ApplyOptions, FileOp, PatchResult } from '../patch/types.js';

export interface MovedHead {
  /** The branch's new head, fast-forward from the pinned one. */
  headSha: string;
  /** The patch re-applied to the new head (same as before when our files were untouched). */
  result: PatchResult;
  /** Our files that the new commits had also changed (re-applied by content). */
  reapplied: string[];
}

/**
 * The branch moved while the job ran (STALE_DATA). We never force. We move onto the new head
 * only when that is provably safe: the new head is a fast-forward of the pinned one, and either
 * the new commits left our files alone (our contents are still exactly right), or our edits
 * still apply by content to their new versions — which fails when the new commits touched the
 * lines we patch or their context. Anything else is reported, with nothing pushed.
 */
export async function moveOntoNewHead(
  octokit: Octokit,
  repo: RepoRef,
  input: { pullNumber: number; branch: string; fromSha: string; ops: FileOp[]; files: ReadonlyMap<string, string>; result: PatchResult; options: ApplyOptions },
  cause: BranchMovedError,
): Promise<MovedHead> {
  const fresh = await pinPullRequest(octokit, repo, input.pullNumber);
  if (fresh.state !== 'OPEN' || fresh.headRef !== input.branch) throw cause;
  const compare = await compareCommits(octokit, repo, input.fromSha, fresh.headSha);
  if (compare.status !== 'ahead') {
    // 'diverged'/'behind': history was rewritten (force-push). Our snapshot no longer describes it.
    throw new BranchMovedError(`Branch ${input.branch} was rewritten (${compare.status}) after ${input.fromSha}`, {
      cause,
      userMessage: `The branch \`${input.branch}\` was force-pushed while Spark worked, so nothing was pushed. Re-run the command on the new head.`,
    });
  }
  const ours = new Set(input.result.changes.flatMap((c) => (c.oldPath ? [c.path, c.oldPath] : [c.path])));
  const touched = compare.paths.filter((p) => ours.has(p));
  if (touched.length === 0) return { headSha: fresh.headSha, result: input.result, reapplied: [] };

  const unique = [...new Set(touched)];
  const now = await readBlobs(octokit, repo, fresh.headSha, unique);
  const files = new Map(input.files);
  for (const path of unique) {
    const text = now.files.get(path);
    if (text === undefined) files.delete(path);
    else files.set(path, text);
  }
  try {
    return { headSha: fresh.headSha, result: applyOps(input.ops, files, input.options), reapplied: unique };
  } catch (error) {
    throw new BranchMovedError(`New commits on ${input.branch} conflict with the patch in ${unique.join(', ')}`, {
      cause: error,
      userMessage: `The branch \`${input.branch}\` moved while Spark worked and the new commits changed the lines it patched (${unique.map((p) => `\`${p}\``).join(', ')}), so nothing was pushed. Re-run the command on the new head.`,
    });
  }
}
