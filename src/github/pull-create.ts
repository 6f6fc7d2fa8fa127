import { SparkError } from '../errors.js';
import type { Octokit, RepoRef } from './types.js';
import { httpStatus } from './http-status.js';

export interface NewPullRequest {
  title: string;
  /** Branch in the same repository. */
  head: string;
  base: string;
  body: string;
}

export interface OpenedPullRequest {
  number: number;
  url: string;
  draft: boolean;
  /** false when an open PR from `head` already existed and was reused. */
  created: boolean;
}

/** GitHub refused to open the PR; the commit is on the branch, so the maintainer can open it. */
export class PullCreateError extends SparkError {}

/**
 * Opens a draft PR (REST `pulls.create`). Two documented 422s are handled rather than failed:
 * repositories whose plan has no draft PRs get a regular PR, and a PR that already exists for
 * the branch (opened meanwhile) is reused, so a branch never gets a second PR.
 */
export async function openDraftPullRequest(octokit: Octokit, repo: RepoRef, pull: NewPullRequest): Promise<OpenedPullRequest> {
  try {
    return await create(octokit, repo, pull, true);
  } catch (error) {
    const message = messageOf(error);
    if (httpStatus(error) === 422 && /draft pull requests are not supported/i.test(message)) {
      try {
        return await create(octokit, repo, pull, false);
      } catch (retry) {
        throw failed(retry, repo, pull);
      }
    }
    if (httpStatus(error) === 422 && /already exists/i.test(message)) {
      const { data } = await octokit.rest.pulls.list({ ...repo, head: `${repo.owner}:${pull.head}`, state: 'open', per_page: 1 });
      const existing = data[0];
      if (existing) return { number: existing.number, url: existing.html_url, draft: existing.draft ?? false, created: false };
    }
    throw failed(error, repo, pull);
  }
}

async function create(octokit: Octokit, repo: RepoRef, pull: NewPullRequest, draft: boolean): Promise<OpenedPullRequest> {
  const { data } = await octokit.rest.pulls.create({ ...repo, title: pull.title, head: pull.head, base: pull.base, body: pull.body, draft });
  return { number: data.number, url: data.html_url, draft: data.draft ?? draft, created: true };
}

/** Octokit's RequestError puts GitHub's `errors[].message` details in the response body. */
function messageOf(error: unknown): string {
  const failure = error as { message?: string; response?: { data?: { message?: string; errors?: Array<{ message?: string }> } } };
  const data = failure.response?.data;
  return [failure.message, data?.message, ...(data?.errors ?? []).map((e) => e.message)].filter(Boolean).join(' ');
}

function failed(error: unknown, repo: RepoRef, pull: NewPullRequest): unknown {
  if (httpStatus(error) === 403 || httpStatus(error) === 422) {
    return new PullCreateError(`Opening a PR ${repo.owner}/${repo.repo} ${pull.head} → ${pull.base} failed: ${messageOf(error)}`, {
      cause: error,
      userMessage: `The fix was pushed to \`${pull.head}\`, but GitHub refused to open a pull request (the app needs "Pull requests: write"). Open one from the branch by hand.`,
    });
  }
  return error;
}
