/**
 * Applies the model's ops to the job's snapshot safely: never through a symlink or submodule,
 * fetching a file the model edits that was not in the context, and never adding a secret.
 */
import type { SparkConfig } from '../config/schema.js';
import { readBlobs } from '../github/blobs.js';
import type { RepoTree } from '../github/tree.js';
import type { Octokit, RepoRef } from '../github/types.js';
import { applyOps } from '../patch/index.js';
import type { ApplyOptions, FileOp, PatchResult } from '../patch/types.js';
import { assertNoNewSecrets } from './no-new-secrets.js';

export interface SnapshotFiles {
  tree: RepoTree;
  /** Contents at `sha`; files fetched on demand are added here. */
  files: Map<string, string>;
  sha: string;
}

/**
 * The guard's settings for one job (src/guard, docs/safety.md): the default branch's config, and
 * from the tree read the symlinks/submodules (never written, nor anything below them) and every
 * existing path (an Add or Move onto one the model was not shown is refused).
 */
export function applyOptions(config: SparkConfig, tree?: RepoTree): ApplyOptions {
  return {
    protectedPaths: config.paths.protected,
    allowProtected: config.paths.allowProtected,
    maxChangedLines: config.maxChangedLines,
    maxFileBytes: config.maxFileBytes,
    ...(tree === undefined ? {} : { special: tree.special, existing: new Set(tree.paths) }),
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
  const inTree = new Set(snapshot.tree.paths);
  const missing = ops.filter((op) => op.kind !== 'add' && !snapshot.files.has(op.path) && inTree.has(op.path)).map((op) => op.path);
  if (missing.length > 0) {
    const extra = await readBlobs(github.octokit, github.repo, snapshot.sha, missing);
    for (const [path, text] of extra.files) snapshot.files.set(path, text);
  }
  // Symlinks, submodules and paths below them are refused by the guard inside applyOps.
  const result = applyOps(ops, snapshot.files, applyOptions(config, snapshot.tree));
  assertNoNewSecrets(result);
  return result;
}
