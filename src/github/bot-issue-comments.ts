import type { Octokit, RepoRef } from './types.js';

/** This app's comments in a PR's (or issue's) conversation, oldest first. */
export async function botIssueComments(
  octokit: Octokit,
  repo: RepoRef,
  number: number,
  botLogin: string,
): Promise<Array<{ id: number; body: string; url: string; createdAt: string }>> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: number, per_page: 100 });
  return comments.filter((c) => c.user?.login === botLogin).map((c) => ({ id: c.id, body: c.body ?? '', url: c.html_url, createdAt: c.created_at }));
}
