import { SparkError } from '../errors.js';
import { ISSUE_BRANCH_SNAPSHOT } from './documents.js';
import type { Octokit, RepoRef } from './types.js';

/** The branch Spark owns for an issue: every run for issue n commits here, never elsewhere. */
export function issueBranchName(issueNumber: number): string {
  return `spark/issue-${issueNumber}`;
}

export interface IssueBranchSnapshot {
  /** "owner/repo", as `createCommitOnBranch` wants it. */
  nameWithOwner: string;
  defaultBranch: { name: string; oid: string };
  branch: string;
  /** Head of `spark/issue-<n>` when an earlier run created it. */
  branchOid: string | null;
  /** The open PR from that branch in this repository (a fork's same-named branch never counts). */
  pull: { number: number; url: string } | null;
  issue: { title: string; body: string; state: string; url: string };
}

/** The repository has no commits yet (or no default branch): there is nothing to branch from. */
export class EmptyRepositoryError extends SparkError {}
/** The issue vanished (deleted or transferred) between the command and the job. */
export class IssueNotFoundError extends SparkError {}

interface Response {
  repository: {
    nameWithOwner: string;
    defaultBranchRef: { name: string; target: { oid: string } | null } | null;
    ref: { target: { oid: string } | null } | null;
    pullRequests: { nodes: Array<{ number: number; url: string; isDraft: boolean; isCrossRepository: boolean } | null> | null };
    issue: { title: string; body: string | null; state: string; url: string } | null;
  } | null;
}

/**
 * One GraphQL round trip that pins everything the issue job decides on: where to branch from,
 * whether this is a re-run (branch and PR exist), and the issue text.
 */
export async function readIssueBranch(octokit: Octokit, repo: RepoRef, issueNumber: number): Promise<IssueBranchSnapshot> {
  const branch = issueBranchName(issueNumber);
  const data = await octokit.graphql<Response>(ISSUE_BRANCH_SNAPSHOT, {
    ...repo,
    number: issueNumber,
    branch,
    qualifiedBranch: `refs/heads/${branch}`,
  });
  const repository = data.repository;
  if (!repository?.issue) {
    throw new IssueNotFoundError(`Issue ${repo.owner}/${repo.repo}#${issueNumber} was not found`, {
      userMessage: `Issue #${issueNumber} could not be read (deleted or transferred?), so nothing was done.`,
    });
  }
  const head = repository.defaultBranchRef;
  if (!head?.target) {
    throw new EmptyRepositoryError(`${repository.nameWithOwner} has no default branch head`, {
      userMessage: 'This repository has no commits on its default branch yet, so Spark has nothing to branch from. Push an initial commit and run the command again.',
    });
  }
  const own = (repository.pullRequests.nodes ?? []).find((pr) => pr && !pr.isCrossRepository);
  return {
    nameWithOwner: repository.nameWithOwner,
    defaultBranch: { name: head.name, oid: head.target.oid },
    branch,
    branchOid: repository.ref?.target?.oid ?? null,
    pull: own ? { number: own.number, url: own.url } : null,
    issue: { title: repository.issue.title, body: repository.issue.body ?? '', state: repository.issue.state, url: repository.issue.url },
  };
}
