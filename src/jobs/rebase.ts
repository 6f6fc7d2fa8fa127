import { SparkError } from '../errors.js';
import { BranchMovedError } from '../github/commit.js';
import { readBlobOids } from '../github/blob-oids.js';
import { readBlobs } from '../github/blobs.js';
import { compareCommits } from '../github/compare.js';
import { pinPullRequest } from '../github/pin.js';
import { readTree } from '../github/tree.js';
import { checkPatchBudget, createPathGuard } from '../guard/index.js';
import type { Octokit, RepoRef } from '../github/types.js';
import { mergeThreeWay } from '../exactly-once/three-way-merge.js';
import { unifiedDiff } from '../patch/index.js';
import type { ApplyOptions, FileChange, PatchResult } from '../patch/types.js';
import { countChanges } from '../patch/unified-diff.js';

export interface MovedHead {
  /** The branch's new head, fast-forward from the pinned one. */
  headSha: string;
  /** The patch merged onto the new head (same as before when our files were untouched). */
  result: PatchResult;
  /** Our files that the new commits had also changed (merged with their changes). */
  reapplied: string[];
}

/** Every file of the patch is already in that state on the new head (e.g. Spark's own earlier commit). */
export class ChangeAlreadyOnBranchError extends SparkError {}

export interface MoveInput {
  pullNumber: number;
  /** The config file the re-pin reads with the PR (JobDeps.configPath). */
  configPath: string;
  branch: string;
  fromSha: string;
  result: PatchResult;
  /** The job's guard settings: a merged file is checked again against the new head's tree. */
  options: ApplyOptions;
}

/**
 * The branch moved while the job ran (STALE_DATA). We never force. We move onto the new head
 * only when that is provably safe: the new head is a fast-forward of the pinned one, and for
 * every file of the patch either its blob id is the same at both heads (the new commits left it
 * alone: our contents are still exactly right), or a 3-way merge of our change with theirs is
 * clean. The blob ids come from one GraphQL query, not from compare's file list, which stops
 * at 300 files and would hide a concurrent edit that our patch would then revert.
 * A change the new head already contains is not applied again (no duplicated lines).
 */
export async function moveOntoNewHead(octokit: Octokit, repo: RepoRef, input: MoveInput, cause: BranchMovedError): Promise<MovedHead> {
  const fresh = await pinPullRequest(octokit, repo, input.pullNumber, input.configPath);
  if (fresh.state !== 'OPEN' || fresh.headRef !== input.branch) throw cause;
  // compare's status is exact even when its file list is truncated.
  const compare = await compareCommits(octokit, repo, input.fromSha, fresh.headSha);
  if (compare.status !== 'ahead') {
    // 'diverged'/'behind': history was rewritten (force-push). Our snapshot no longer describes it.
    throw new BranchMovedError(`Branch ${input.branch} was rewritten (${compare.status}) after ${input.fromSha}`, {
      cause,
      userMessage: `The branch \`${input.branch}\` was force-pushed while Spark worked, so nothing was pushed. Re-run the command on the new head.`,
    });
  }
  const paths = [...new Set(input.result.changes.flatMap((c) => (c.oldPath ? [c.path, c.oldPath] : [c.path])))];
  const oids = await readBlobOids(octokit, repo, [input.fromSha, fresh.headSha], paths);
  const touched = paths.filter((p) => oids.get(`${input.fromSha}:${p}`) !== oids.get(`${fresh.headSha}:${p}`));
  if (touched.length === 0) return { headSha: fresh.headSha, result: input.result, reapplied: [] };

  const conflict = (paths: string[], detail: string, error?: unknown) =>
    new BranchMovedError(`New commits on ${input.branch} conflict with the patch in ${paths.join(', ')}: ${detail}`, {
      cause: error ?? cause,
      userMessage: `The branch \`${input.branch}\` moved while Spark worked and the new commits changed the lines it patched (${paths.map((p) => `\`${p}\``).join(', ')}), so nothing was pushed. Re-run the command on the new head.`,
    });
  const [theirs, tree] = await Promise.all([readBlobs(octokit, repo, fresh.headSha, touched), readTree(octokit, repo, fresh.headSha)]);
  // A new commit may have turned a directory of ours into a symlink or submodule.
  const guard = createPathGuard({ protectedPaths: input.options.protectedPaths, allowProtected: input.options.allowProtected, special: tree.special, configFile: input.options.configFile });
  for (const path of paths) guard.check(path);
  const changes: FileChange[] = [];
  const reapplied: string[] = [];
  for (const change of input.result.changes) {
    const mine = change.oldPath ? [change.path, change.oldPath] : [change.path];
    if (!mine.some((p) => touched.includes(p))) {
      changes.push(change);
      continue;
    }
    // Adds, deletes and moves have no line-level merge: refuse when their paths changed.
    if (change.before === null || change.after === null || change.oldPath) throw conflict([change.path], 'added, deleted or moved file changed meanwhile');
    const current = theirs.files.get(change.path);
    if (current === undefined) throw conflict([change.path], 'the file is gone or unreadable at the new head');
    const merged = mergeThreeWay(change.before, change.after, current);
    if (merged.kind === 'conflict') throw conflict([change.path], `overlapping edits near line ${merged.baseLine}`);
    reapplied.push(change.path);
    if (merged.kind === 'already-applied') continue;
    changes.push(fileChange(change.path, current, merged.text));
  }
  if (changes.length === 0) {
    throw new ChangeAlreadyOnBranchError(`The new head ${fresh.headSha} of ${input.branch} already contains the patch`, {
      cause,
      userMessage: `The branch \`${input.branch}\` already contains this change (head \`${fresh.headSha.slice(0, 7)}\`), so nothing new was pushed.`,
    });
  }
  checkPatchBudget(changes, { maxChangedLines: input.options.maxChangedLines, maxFileBytes: input.options.maxFileBytes, configFile: input.options.configFile });
  const additions = changes.reduce((n, c) => n + c.additions, 0);
  const deletions = changes.reduce((n, c) => n + c.deletions, 0);
  return { headSha: fresh.headSha, result: { changes, additions, deletions }, reapplied };
}

function fileChange(path: string, before: string, after: string): FileChange {
  return { path, before, after, diff: unifiedDiff(path, before, after), ...countChanges(before, after) };
}
