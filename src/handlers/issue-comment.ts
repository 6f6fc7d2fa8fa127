import type { Context } from 'probot';
import type { AppDeps } from '../app-deps.js';
import { parseCommand } from '../commands/parse.js';
import { acceptPullCommand } from './accept.js';
import { isBot } from './guards.js';

/** `issue_comment.created`: `/spark …` in a PR conversation (issues are handled in issue-command.ts). */
export function onIssueComment(deps: AppDeps, onIssue?: (context: Context<'issue_comment.created'>) => Promise<void>) {
  return async (context: Context<'issue_comment.created'>): Promise<void> => {
    const { comment, issue, repository, installation } = context.payload;
    if (isBot(comment.user)) return;
    const command = parseCommand(comment.body);
    if (!command) return;
    if (!issue.pull_request) {
      if (onIssue) await onIssue(context);
      return;
    }
    if (!installation) return;
    await acceptPullCommand(context as unknown as Context, deps, {
      command,
      owner: repository.owner.login,
      repo: repository.name,
      pullNumber: issue.number,
      installationId: installation.id,
      commenter: { login: comment.user!.login, id: comment.user!.id },
      comment: { id: comment.id, kind: 'issue', url: comment.html_url },
      reply: { kind: 'issue', number: issue.number },
    });
  };
}
