import type { Octokit, RepoRef } from './types.js';

/** Open PRs whose head is `sha` (a `status` webhook names the commit, not its PRs). */
export async function openPullsAtHead(octokit: Octokit, repo: RepoRef, sha: string): Promise<number[]> {
  const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha, per_page: 100 });
  return data.filter((pr) => pr.state === 'open' && pr.head.sha === sha).map((pr) => pr.number);
}
