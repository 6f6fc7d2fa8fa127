import type { Octokit, RepoRef } from './types.js';

/**
 * Bodies of the inline review comments `login` (this app's bot) posted on the PR, every page: a
 * re-review reads its earlier finding keys from them. Other users' comments are never read, so
 * nobody can silence a finding by pasting its marker.
 */
export async function botReviewCommentBodies(octokit: Octokit, repo: RepoRef, pullNumber: number, login: string): Promise<string[]> {
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...repo, pull_number: pullNumber, per_page: 100 });
  return comments.filter((c) => c.user?.login === login).map((c) => c.body);
}
