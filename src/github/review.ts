import type { ReviewSuggestion } from '../patch/types.js';
import type { Octokit, RepoRef } from './types.js';

export interface ReviewRequest {
  pullNumber: number;
  /** The pinned head: GitHub anchors the comments to this commit's diff. */
  commitId: string;
  body: string;
  comments: ReviewSuggestion[];
}

/**
 * One `createReview` call with event COMMENT: Spark never approves or requests changes.
 * Comments must already be validated against the diff (one bad anchor fails all with 422).
 */
export async function createReview(octokit: Octokit, repo: RepoRef, request: ReviewRequest): Promise<{ id: number; url: string }> {
  const { data } = await octokit.rest.pulls.createReview({
    ...repo,
    pull_number: request.pullNumber,
    commit_id: request.commitId,
    event: 'COMMENT',
    body: request.body,
    comments: request.comments,
  });
  return { id: data.id, url: data.html_url };
}
