import type { Context } from 'probot';
import type { AppDeps } from '../app-deps.js';
import { parseCommand } from '../commands/parse.js';
import { postComment } from '../github/comments.js';
import { acceptPullCommand } from './accept.js';
import { isBot } from './guards.js';

/**
 * `pull_request_review_comment.created`: `/spark fix` inside a review thread is scoped to
 * the commented lines and answered in the thread.
 */
export function onReviewComment(deps: AppDeps) {
  return async (context: Context<'pull_request_review_comment.created'>): Promise<void> => {
    const { comment, pull_request: pr, repository, installation } = context.payload;
    if (isBot(comment.user)) return;
    const command = parseCommand(comment.body);
    if (!command || !installation) return;
    const repo = { owner: repository.owner.login, repo: repository.name };
    const reply = { kind: 'thread' as const, pullNumber: pr.number, commentId: comment.in_reply_to_id ?? comment.id };
    // `line` is null when the thread is outdated: its lines no longer exist at the head.
    if (comment.line === null || comment.line === undefined || comment.side === 'LEFT') {
      if (command.name === 'fix' || command.name === 'suggest') {
        await postComment(context.octokit, repo, reply, 'This thread points at lines that are no longer in the PR head (outdated or on the old side), so Spark cannot scope a fix to them. Comment on the current lines, or use `/spark fix` in the PR conversation.');
        return;
      }
    }
    const end = comment.line ?? comment.original_line ?? 1;
    await acceptPullCommand(context as unknown as Context, deps, {
      command,
      owner: repo.owner,
      repo: repo.repo,
      pullNumber: pr.number,
      installationId: installation.id,
      commenter: { login: comment.user!.login, id: comment.user!.id },
      comment: { id: comment.id, kind: 'review', url: comment.html_url },
      reply,
      focus: { path: comment.path, startLine: comment.start_line ?? end, endLine: end },
    });
  };
}
