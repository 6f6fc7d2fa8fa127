import type { Octokit, RepoRef } from './types.js';

/** The current body of one PR/issue conversation comment. */
export async function issueCommentBody(octokit: Octokit, repo: RepoRef, commentId: number): Promise<string> {
  const { data } = await octokit.rest.issues.getComment({ ...repo, comment_id: commentId });
  return data.body ?? '';
}
