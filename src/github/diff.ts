import type { Octokit, RepoRef } from './types.js';

/**
 * The PR's diff between pinned SHAs. `base...head` (three dots) diffs from the merge base,
 * exactly what the PR page shows, and pinning both ends means a push after the command
 * cannot change what we read.
 */
export async function readDiff(octokit: Octokit, repo: RepoRef, baseSha: string, headSha: string): Promise<string> {
  const response = await octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
    ...repo,
    basehead: `${baseSha}...${headSha}`,
    mediaType: { format: 'diff' },
  });
  return response.data as unknown as string;
}
