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
  // GitHub answers `application/vnd.github.diff; charset=utf-8`, which Octokit returns as
  // text; a proxy that drops the charset makes it an ArrayBuffer, so decode that too.
  const data = response.data as unknown;
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  throw new TypeError(`Unexpected diff response type from GitHub: ${typeof data}`);
}
