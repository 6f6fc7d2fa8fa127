import { RECENT_BRANCH_COMMITS } from './documents.js';
import type { Octokit, RepoRef } from './types.js';

export interface BranchCommit {
  oid: string;
  url: string;
  message: string;
  parent: string | null;
}

interface RecentCommitsResponse {
  repository: {
    ref: {
      target: { history?: { nodes: Array<{ oid: string; url: string; message: string; parents: { nodes: Array<{ oid: string }> } }> } } | null;
    } | null;
  } | null;
}

/** The branch's newest 20 commits (newest first); empty when the branch or repository is gone. */
export async function recentBranchCommits(octokit: Octokit, repo: RepoRef, branch: string): Promise<BranchCommit[]> {
  const data = await octokit.graphql<RecentCommitsResponse>(RECENT_BRANCH_COMMITS, { ...repo, ref: `refs/heads/${branch}` });
  const nodes = data.repository?.ref?.target?.history?.nodes ?? [];
  return nodes.map((n) => ({ oid: n.oid, url: n.url, message: n.message, parent: n.parents.nodes[0]?.oid ?? null }));
}
