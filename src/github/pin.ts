import { SparkError } from '../errors.js';
import { PIN_PULL_REQUEST } from './documents.js';
import type { Octokit, RepoRef } from './types.js';

export interface PinnedPullRequest {
  number: number;
  title: string;
  body: string;
  state: string;
  isDraft: boolean;
  /** "owner/repo" of the base repository. */
  baseNameWithOwner: string;
  /** "owner/repo" of the head repository (a fork for cross-repository PRs); null if deleted. */
  headNameWithOwner: string | null;
  headRef: string;
  headSha: string;
  baseRef: string;
  baseSha: string;
  isCrossRepository: boolean;
  maintainerCanModify: boolean;
  author: string | null;
  files: Array<{ path: string; additions: number; deletions: number; changeType: string }>;
  /** More than 100 files changed: only the first 100 are listed. */
  filesTruncated: boolean;
  /** Raw config file (the path the pin was asked for) of the repository and of `<owner>/.github` (null when absent). */
  configText: { repo: string | null; owner: string | null };
}

export class PullRequestNotFoundError extends SparkError {}

interface PinResponse {
  repository: {
    nameWithOwner: string;
    config?: { text?: string | null } | null;
    owner?: { repository?: { config?: { text?: string | null } | null } | null } | null;
    pullRequest: null | {
      number: number;
      title: string;
      body: string;
      state: string;
      isDraft: boolean;
      headRefName: string;
      headRefOid: string;
      baseRefName: string;
      baseRefOid: string;
      isCrossRepository: boolean;
      maintainerCanModify: boolean;
      headRepository: { nameWithOwner: string } | null;
      author: { login: string } | null;
      files: { totalCount: number; nodes: Array<{ path: string; additions: number; deletions: number; changeType: string }> } | null;
    };
  } | null;
}

/**
 * One GraphQL round trip that fixes the head SHA the whole job works against: later writes
 * use it as `expectedHeadOid`, so a push made after the command can never be overwritten.
 * `configPath` (repository-relative) is the config file read on the default branch with it.
 */
export async function pinPullRequest(octokit: Octokit, repo: RepoRef, number: number, configPath: string): Promise<PinnedPullRequest> {
  const data = await octokit.graphql<PinResponse>(PIN_PULL_REQUEST, { ...repo, number, configExpr: `HEAD:${configPath}` });
  const pr = data.repository?.pullRequest;
  if (!data.repository || !pr) {
    throw new PullRequestNotFoundError(`Pull request ${repo.owner}/${repo.repo}#${number} was not found; was it deleted?`);
  }
  const files = pr.files?.nodes ?? [];
  return {
    number: pr.number,
    title: pr.title,
    body: pr.body ?? '',
    state: pr.state,
    isDraft: pr.isDraft,
    baseNameWithOwner: data.repository.nameWithOwner,
    headNameWithOwner: pr.headRepository?.nameWithOwner ?? null,
    headRef: pr.headRefName,
    headSha: pr.headRefOid,
    baseRef: pr.baseRefName,
    baseSha: pr.baseRefOid,
    isCrossRepository: pr.isCrossRepository,
    maintainerCanModify: pr.maintainerCanModify,
    author: pr.author?.login ?? null,
    files,
    filesTruncated: (pr.files?.totalCount ?? 0) > files.length,
    configText: {
      repo: data.repository.config?.text ?? null,
      owner: data.repository.owner?.repository?.config?.text ?? null,
    },
  };
}
