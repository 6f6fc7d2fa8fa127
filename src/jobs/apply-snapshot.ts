/**
 * The steps every job shares between "the model answered" and "write to GitHub": apply the
 * ops to the snapshot safely, and turn the result into commit file changes. Used by the PR
 * job (patch-job.ts) and the issue job (issue-job.ts).
 */
import type { SparkConfig } from '../config/schema.js';
import { redactSecrets } from '../context/index.js';
import { SparkError } from '../errors.js';
import { readBlobs } from '../github/blobs.js';
import type { CommitFile } from '../github/commit.js';
import type { RepoTree } from '../github/tree.js';
import type { Octokit, RepoRef } from '../github/types.js';
import type { ModelResult } from '../model/types.js';
import { applyOps } from '../patch/index.js';
import type { ApplyOptions, FileOp, PatchResult } from '../patch/types.js';

/** A patch that would write a secret-looking token into the repository. */
export class SecretInPatchError extends SparkError {}
/** A patch that touches a path we cannot safely write (symlink, submodule). */
export class UnsafePathError extends SparkError {}

export interface SnapshotFiles {
  tree: RepoTree;
  /** Contents at `sha`; files fetched on demand are added here. */
  files: Map<string, string>;
  sha: string;
}

export function applyOptions(config: SparkConfig): ApplyOptions {
  return {
    protectedPaths: config.paths.protected,
    allowProtected: config.paths.allowProtected,
    maxChangedLines: config.maxChangedLines,
  };
}

/**
 * Applies the ops to the snapshot. A file the model edits that exists at `sha` but was not in
 * the context is fetched (one extra round trip, only then) rather than failing.
 */
export async function applyToSnapshot(
  ops: FileOp[],
  snapshot: SnapshotFiles,
  github: { octokit: Octokit; repo: RepoRef },
  config: SparkConfig,
): Promise<PatchResult> {
  const special = ops.find((op) => snapshot.tree.special.has(op.path) || (op.kind === 'update' && op.moveTo && snapshot.tree.special.has(op.moveTo)));
  if (special) {
    throw new UnsafePathError(`Patch touches symlink or submodule ${special.path}`, {
      userMessage: `The patch touches \`${special.path}\`, which is a symlink or submodule; Spark does not write through those.`,
    });
  }
  const inTree = new Set(snapshot.tree.paths);
  const missing = ops.filter((op) => op.kind !== 'add' && !snapshot.files.has(op.path) && inTree.has(op.path)).map((op) => op.path);
  if (missing.length > 0) {
    const extra = await readBlobs(github.octokit, github.repo, snapshot.sha, missing);
    for (const [path, text] of extra.files) snapshot.files.set(path, text);
  }
  const result = applyOps(ops, snapshot.files, applyOptions(config));
  assertNoNewSecrets(result);
  return result;
}

/**
 * The model must never write a token into the repository (it could echo one from context).
 * Only the diff's lines are scanned (added minus removed: an edited line that already held a
 * token is not a new one) — not whole files, which would cost milliseconds on the path from
 * "model done" to "commit sent".
 */
export function assertNoNewSecrets(result: PatchResult): void {
  for (const change of result.changes) {
    if (change.after === null) continue;
    const added: string[] = [];
    const removed: string[] = [];
    // Headers (`--- a/x`, `+++ b/x`) come before the first hunk; after it, every +/- is content.
    let inHunk = false;
    for (const line of change.diff.split('\n')) {
      if (line.startsWith('@@')) inHunk = true;
      else if (inHunk && line.startsWith('+')) added.push(line.slice(1));
      else if (inHunk && line.startsWith('-')) removed.push(line.slice(1));
    }
    const net = redactSecrets(added.join('\n')).redactions - redactSecrets(removed.join('\n')).redactions;
    if (net > 0) {
      throw new SecretInPatchError(`Patch adds ${net} secret-looking token(s) to ${change.path}`, {
        userMessage: `The patch would add something that looks like a secret token to \`${change.path}\`, so nothing was pushed.`,
      });
    }
  }
}

/** File changes for `createCommitOnBranch`: a move writes the new path and deletes the old. */
export function commitFiles(result: PatchResult): CommitFile[] {
  return result.changes.flatMap((change) => {
    const writes: CommitFile[] = [{ path: change.path, contents: change.after }];
    if (change.oldPath && change.oldPath !== change.path) writes.push({ path: change.oldPath, contents: null });
    return writes;
  });
}

export function modelSummary(result: ModelResult): Pick<ModelResult, 'usage' | 'timings' | 'transport' | 'retries'> {
  return { usage: result.usage, timings: result.timings, transport: result.transport, retries: result.retries };
}

/** What the status comment says when a job fails: our errors explain themselves; others leak nothing. */
export function jobUserMessage(error: unknown, deliveryId: string): string {
  if (error instanceof SparkError) return error.userMessage;
  return `Something went wrong inside Spark, so nothing was pushed. Please re-run the command; if it keeps failing, the app's logs have the details (delivery \`${deliveryId}\`).`;
}
