import type { Octokit, RepoRef } from './types.js';

/** The PR's description as it is now (not as it was when the command came). */
export async function readPullBody(octokit: Octokit, repo: RepoRef, pullNumber: number): Promise<{ body: string | null; url: string }> {
  const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: pullNumber });
  return { body: data.body, url: data.html_url };
}

/** Replaces the PR's description (one PATCH). */
export async function writePullBody(octokit: Octokit, repo: RepoRef, pullNumber: number, body: string): Promise<void> {
  await octokit.rest.pulls.update({ ...repo, pull_number: pullNumber, body });
}
