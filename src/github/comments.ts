import type { Octokit, RepoRef } from './types.js';

/** Where a job talks back: the PR/issue conversation, or a review thread. */
export type ReplyTarget = { kind: 'issue'; number: number } | { kind: 'thread'; pullNumber: number; commentId: number };

export interface PostedComment {
  id: number;
  url: string;
  kind: 'issue' | 'review';
}

export async function postComment(octokit: Octokit, repo: RepoRef, target: ReplyTarget, body: string): Promise<PostedComment> {
  if (target.kind === 'thread') {
    const { data } = await octokit.rest.pulls.createReplyForReviewComment({
      ...repo,
      pull_number: target.pullNumber,
      comment_id: target.commentId,
      body,
    });
    return { id: data.id, url: data.html_url, kind: 'review' };
  }
  const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: target.number, body });
  return { id: data.id, url: data.html_url, kind: 'issue' };
}

export async function editComment(octokit: Octokit, repo: RepoRef, comment: Pick<PostedComment, 'id' | 'kind'>, body: string): Promise<void> {
  if (comment.kind === 'review') {
    await octokit.rest.pulls.updateReviewComment({ ...repo, comment_id: comment.id, body });
  } else {
    await octokit.rest.issues.updateComment({ ...repo, comment_id: comment.id, body });
  }
}

/** A reaction on a comment (e.g. 👎 `-1` on a repeated command from a user without write access). */
export async function addReaction(octokit: Octokit, repo: RepoRef, comment: { id: number; kind: 'issue' | 'review' }, content: '-1' | 'eyes'): Promise<void> {
  if (comment.kind === 'review') {
    await octokit.rest.reactions.createForPullRequestReviewComment({ ...repo, comment_id: comment.id, content });
  } else {
    await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content });
  }
}

/** 👀 on the command: the fastest visible "got it" GitHub offers. */
export async function addEyes(octokit: Octokit, repo: RepoRef, comment: { id: number; kind: 'issue' | 'review' }): Promise<void> {
  if (comment.kind === 'review') {
    await octokit.rest.reactions.createForPullRequestReviewComment({ ...repo, comment_id: comment.id, content: 'eyes' });
  } else {
    await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content: 'eyes' });
  }
}
