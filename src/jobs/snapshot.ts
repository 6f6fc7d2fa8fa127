import { planContext, type ContextPlan } from '../context/index.js';
import type { FocusRange } from '../context/types.js';
import { readBlobs } from '../github/blobs.js';
import { compareCommits } from '../github/compare.js';
import { readDiff } from '../github/diff.js';
import type { PinnedPullRequest } from '../github/pin.js';
import { readTree, type RepoTree } from '../github/tree.js';
import type { Octokit, RepoRef } from '../github/types.js';

export interface Snapshot {
  diff: string;
  tree: RepoTree;
  /** Changed files plus related files, at the pinned head. */
  files: Map<string, string>;
  changedPaths: string[];
  /** Review of what changed since an earlier head: that diff, and its paths. */
  incremental?: { since: string; diff: string; paths: string[] };
  /** Sequential GitHub round trips spent (for the status timings and the benchmark). */
  roundTrips: number;
  /**
   * What was ranked and fetched, for `packContext(plan, { files, … })`: made with the incremental
   * diff and paths when `incremental` is set, so the prompt covers what the plan ranked.
   */
  plan: ContextPlan;
}

/**
 * Reads what the model may need, at the pinned head, in two sequential round trips:
 *   1. changed files (GraphQL, batched) ∥ recursive tree ∥ diff between pinned SHAs;
 *   2. the files the context plan names (imports, tests, named files), batched.
 * `instruction` is the maintainer's words (what the plan ranks on), not a prompt template.
 */
export async function readSnapshot(
  octokit: Octokit,
  repo: RepoRef,
  pinned: PinnedPullRequest,
  request: { instruction: string; focus?: FocusRange; ignore: string[]; since?: string; relatedFiles?: boolean },
): Promise<Snapshot> {
  const changedPaths = pinned.files.map((f) => f.path);
  const present = pinned.files.filter((f) => f.changeType !== 'DELETED').map((f) => f.path);
  const [changed, tree, diff, since] = await Promise.all([
    readBlobs(octokit, repo, pinned.headSha, present),
    readTree(octokit, repo, pinned.headSha),
    readDiff(octokit, repo, pinned.baseSha, pinned.headSha),
    // A force-push can make the old head unreachable: then the review covers the whole PR.
    request.since ? compareCommits(octokit, repo, request.since, pinned.headSha).catch(() => undefined) : undefined,
  ]);
  const incremental = since?.status === 'ahead' && request.since ? { since: request.since, diff: since.diff, paths: since.paths } : undefined;
  const plan = planContext({
    mode: 'pr',
    instruction: request.instruction,
    title: pinned.title,
    body: pinned.body,
    // A re-requested review shows the model only what changed since the head it last reviewed.
    diff: incremental?.diff ?? diff,
    changedPaths: incremental ? incremental.paths.filter((p) => changedPaths.includes(p)) : changedPaths,
    focus: request.focus,
    tree: tree.paths,
    files: changed.files,
    ignore: request.ignore,
    ...(request.relatedFiles === false ? { limit: 0 } : {}),
  });
  const files = new Map(changed.files);
  const wanted = plan.fetch.filter((path) => !files.has(path) && !tree.special.has(path));
  let roundTrips = 1;
  if (wanted.length > 0) {
    const related = await readBlobs(octokit, repo, pinned.headSha, wanted);
    for (const [path, text] of related.files) files.set(path, text);
    roundTrips = 2;
  }
  return { diff, tree, files, changedPaths, incremental, roundTrips, plan };
}
