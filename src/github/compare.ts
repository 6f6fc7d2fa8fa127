import { diffOfFilePatches } from './file-patches.js';
import type { Octokit, RepoRef } from './types.js';

export interface Comparison {
  /** 'ahead' = head is a fast-forward of base; 'diverged'/'behind' = history was rewritten. */
  status: string;
  /** Unified diff of the files that changed (rebuilt from the per-file patches). */
  diff: string;
  paths: string[];
}

/**
 * What changed between two commits of a branch, as a unified diff. One REST call; GitHub's
 * per-file `patch` is the hunk text, so headers are rebuilt around it.
 */
export async function compareCommits(octokit: Octokit, repo: RepoRef, base: string, head: string): Promise<Comparison> {
  const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${head}` });
  const files = data.files ?? [];
  const diff = diffOfFilePatches(files);
  return { status: data.status, diff, paths: files.map((f) => f.filename) };
}
