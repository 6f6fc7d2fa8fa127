import type { Context } from 'probot';
import type { AppDeps } from '../app-deps.js';
import { parseCommand } from '../commands/parse.js';
import { postComment } from '../github/comments.js';
import { acceptCommand, type EventContext } from './accept.js';
import { ignore, isPerson } from './guards.js';
import { outdatedThread } from './replies.js';

/** `pull_request_review_comment.created`: scoped to the thread's lines, answered there (`line` null = outdated: no fix). */
export function onReviewComment(deps: AppDeps) {
  return async (context: EventContext & Pick<Context<'pull_request_review_comment.created'>, 'payload'>): Promise<void> => {
    const { comment, pull_request: pr, repository, installation } = context.payload;
    if (!isPerson(comment.user)) return ignore(context, 'comment by a bot', { comment: comment.id });
    const command = parseCommand(comment.body);
    if (!command || !installation) return ignore(context, command ? 'no installation in the payload' : 'not a /spark command', { comment: comment.id });
    const repo = { owner: repository.owner.login, repo: repository.name };
    const reply = { kind: 'thread' as const, pullNumber: pr.number, commentId: comment.in_reply_to_id ?? comment.id };
    if ((comment.line == null || comment.side === 'LEFT') && (command.name === 'fix' || command.name === 'suggest')) return void (await postComment(context.octokit, repo, reply, outdatedThread));
    const end = comment.line ?? comment.original_line ?? 1;
    await acceptCommand(context, deps, {
      command,
      repo,
      installationId: installation.id,
      requester: { login: comment.user.login, id: comment.user.id },
      comment: { id: comment.id, kind: 'review', url: comment.html_url },
      subject: { kind: 'pull', number: pr.number, reply, focus: { path: comment.path, startLine: comment.start_line ?? end, endLine: end } },
    });
  };
}
