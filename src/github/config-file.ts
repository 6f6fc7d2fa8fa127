import { httpStatus } from './http-status.js';
import type { Octokit, RepoRef } from './types.js';

/**
 * One configuration file on the repository's default branch, as text (the request Probot's
 * config plugin makes: contents API, raw media type). null when the file does not exist.
 */
export async function readConfigFile(octokit: Octokit, repo: RepoRef, path: string): Promise<string | null> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { ...repo, path, mediaType: { format: 'raw' } });
    // A directory or submodule answers with JSON metadata instead of raw text.
    if (typeof data !== 'string') throw new TypeError(`${repo.owner}/${repo.repo}:${path} is a directory or a submodule, not a file`);
    return data;
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}
