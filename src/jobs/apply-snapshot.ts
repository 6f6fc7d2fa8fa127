/**
 * Applies the model's ops to the job's snapshot safely: never through a symlink or submodule,
 * fetching a file the model edits that was not in the context, and never adding a secret.
 */
import { configFileOf, type SparkConfig } from '../config/schema.js';
import { readBlobs } from '../github/blobs.js';
import type { RepoTree } from '../github/tree.js';
import type { Octokit, RepoRef } from '../github/types.js';
import { applyOps } from '../patch/index.js';
import type { ApplyOptions, FileOp, LineHints, PatchResult } from '../patch/types.js';
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
    configFile: configFileOf(config),
    ...(tree === undefined ? {} : { special: tree.special, existing: new Set(tree.paths) }),
  };
}

/**
 * Applies the ops to the snapshot. A file the model edits that exists at `sha` but was not in
 * the context is fetched (one extra round trip, only then) rather than failing. `lineHints`: the
 * lines the maintainer named, tie-breakers between equal spots only.
 */
export async function applyToSnapshot(
  ops: FileOp[],
  snapshot: SnapshotFiles,
  github: { octokit: Octokit; repo: RepoRef },
  config: SparkConfig,
  lineHints?: LineHints,
): Promise<PatchResult> {
  const inTree = new Set(snapshot.tree.paths);
  const missing = ops.filter((op) => op.kind !== 'add' && !snapshot.files.has(op.path) && inTree.has(op.path)).map((op) => op.path);
  if (missing.length > 0) {
    const extra = await readBlobs(github.octokit, github.repo, snapshot.sha, missing);
    for (const [path, text] of extra.files) snapshot.files.set(path, text);
  }
  // GitHub cut the tree listing: a file the model adds (or moves onto) may exist without being
  // listed. Ask for those paths directly, so "Add over an existing unseen file" is still refused.
  const tree = snapshot.tree.truncated ? await withUnlistedTargets(ops, snapshot, github) : snapshot.tree;
  // Symlinks, submodules and paths below them are refused by the guard inside applyOps.
  const result = applyOps(ops, snapshot.files, { ...applyOptions(config, tree), ...(lineHints && { lineHints }) });
  assertNoNewSecrets(result);
  return result;
}

/** The tree plus every Add / Move-to target that exists at `sha` but the truncated listing left out. */
async function withUnlistedTargets(ops: FileOp[], snapshot: SnapshotFiles, github: { octokit: Octokit; repo: RepoRef }): Promise<RepoTree> {
  const listed = new Set(snapshot.tree.paths);
  const targets = ops
    .map((op) => (op.kind === 'add' ? op.path : op.kind === 'update' ? op.moveTo : undefined))
    .filter((p): p is string => p !== undefined && !listed.has(p) && !snapshot.files.has(p));
  if (targets.length === 0) return snapshot.tree;
  const found = await readBlobs(github.octokit, github.repo, snapshot.sha, targets);
  // A binary or oversized file exists too: only "missing" means the path is free.
  const missing = new Set(found.skipped.filter((s) => s.reason === 'missing').map((s) => s.path));
  const present = targets.filter((p) => !missing.has(p));
  return present.length === 0 ? snapshot.tree : { ...snapshot.tree, paths: [...snapshot.tree.paths, ...present] };
}
