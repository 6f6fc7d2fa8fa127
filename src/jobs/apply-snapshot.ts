/**
 * Applies the model's ops to the job's snapshot safely: never through a symlink or submodule,
 * fetching a file the model edits that was not in the context, and never adding a secret.
 */
import type { SparkConfig } from '../config/schema.js';
import { SparkError } from '../errors.js';
import { readBlobs } from '../github/blobs.js';
import type { RepoTree } from '../github/tree.js';
import type { Octokit, RepoRef } from '../github/types.js';
import { applyOps } from '../patch/index.js';
import type { ApplyOptions, FileOp, PatchResult } from '../patch/types.js';
import { assertNoNewSecrets } from './no-new-secrets.js';

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
