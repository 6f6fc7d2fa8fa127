import type { Octokit, RepoRef } from './types.js';

export interface CommitStatus {
  context: string;
  /** `error`, `failure`, `pending` or `success`. */
  state: string;
  description: string | null;
  targetUrl: string | null;
}

/**
 * The commit statuses of a commit, newest per context (`GET /repos/{o}/{r}/commits/{sha}/status`):
 * how CI systems that are not GitHub Apps (Jenkins, Buildkite, older CircleCI…) report.
 */
export async function readCommitStatuses(octokit: Octokit, repo: RepoRef, sha: string): Promise<{ state: string; statuses: CommitStatus[] }> {
  const { data } = await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: sha, per_page: 100 });
  return {
    state: data.state,
    statuses: data.statuses.map((s) => ({ context: s.context, state: s.state, description: s.description ?? null, targetUrl: s.target_url ?? null })),
  };
}
