import type { Octokit, RepoRef } from './types.js';

/**
 * The review-thread comments `login` (this app's bot) posted on the PR, every page, oldest first,
 * with the thread each answers (`in_reply_to_id`: the thread's first comment). Other users'
 * comments are never read.
 */
export async function botReviewReplies(
  octokit: Octokit,
  repo: RepoRef,
  pullNumber: number,
  login: string,
): Promise<Array<{ id: number; body: string; url: string; createdAt: string; thread?: number }>> {
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...repo, pull_number: pullNumber, per_page: 100 });
  return comments
    .filter((c) => c.user?.login === login)
    .map((c) => ({ id: c.id, body: c.body, url: c.html_url, createdAt: c.created_at, ...(c.in_reply_to_id !== undefined && { thread: c.in_reply_to_id }) }));
}
