import type { Octokit, RepoRef } from './types.js';

export interface RepoTree {
  /** Blob paths at the commit, sorted. */
  paths: string[];
  /** Paths that are symlinks or submodules: the patch engine must never write through them. */
  special: Set<string>;
  /** GitHub cut the listing (very large repositories). */
  truncated: boolean;
}

/** The whole file listing at a pinned commit in one REST call (`recursive=1`). */
export async function readTree(octokit: Octokit, repo: RepoRef, sha: string): Promise<RepoTree> {
  const { data } = await octokit.rest.git.getTree({ ...repo, tree_sha: sha, recursive: '1' });
  const paths: string[] = [];
  const special = new Set<string>();
  for (const entry of data.tree) {
    if (!entry.path) continue;
    if (entry.type === 'blob' && entry.mode !== '120000') paths.push(entry.path);
    else if (entry.mode === '120000' || entry.type === 'commit') special.add(entry.path);
  }
  paths.sort();
  return { paths, special, truncated: data.truncated };
}
