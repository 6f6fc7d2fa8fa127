import type { Octokit, RepoRef } from './types.js';

/**
 * The review-thread comments `login` (this app's bot) posted on the PR, every page, oldest first,
 * with the thread each answers (`in_reply_to_id`: the thread's first comment; absent on a
 * review's own inline comments). Follow-ups read turn records from them, re-reviews the keys of
 * findings already posted. Other users' comments are never read, so nobody can plant a record
 * or silence a finding by pasting its marker.
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
