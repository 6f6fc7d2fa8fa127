import type { PostedComment, ReplyTarget } from './comments.js';
import type { Octokit, RepoRef } from './types.js';

/**
 * The bot comment at `target` whose body carries `marker` (a job's hidden id), oldest first:
 * a replayed job whose first attempt posted its status comment but died before recording it
 * finds that comment here instead of posting a second one. Only bot accounts' comments count,
 * so a person pasting the marker cannot make Spark edit (or fail to edit) their comment.
 * Every page of the conversation (issue) or of the PR's review comments (thread) is read.
 */
export async function findStatusComment(octokit: Octokit, repo: RepoRef, target: ReplyTarget, marker: string): Promise<PostedComment | undefined> {
  if (target.kind === 'thread') {
    const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...repo, pull_number: target.pullNumber, per_page: 100 });
    const found = comments.find((c) => c.user?.type === 'Bot' && c.in_reply_to_id === target.commentId && c.body.includes(marker));
    return found && { id: found.id, url: found.html_url, kind: 'review' };
  }
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: target.number, per_page: 100 });
  const found = comments.find((c) => c.user?.type === 'Bot' && (c.body ?? '').includes(marker));
  return found && { id: found.id, url: found.html_url, kind: 'issue' };
}
