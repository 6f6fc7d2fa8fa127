import type { Context } from 'probot';
import type { AppDeps } from '../app-deps.js';
import { parseCommand } from '../commands/parse.js';
import { acceptCommand, type EventContext } from './accept.js';
import { ignore, isPerson } from './guards.js';

/** `issue_comment.created`: `/spark …` in a PR conversation, or on an issue (→ a draft PR). */
export function onIssueComment(deps: AppDeps) {
  return async (context: EventContext & Pick<Context<'issue_comment.created'>, 'payload'>): Promise<void> => {
    const { comment, issue, repository, installation } = context.payload;
    if (!isPerson(comment.user)) return ignore(context, 'comment by a bot', { comment: comment.id });
    const command = parseCommand(comment.body);
    if (!command) return ignore(context, 'not a /spark command', { comment: comment.id });
    if (!installation) return ignore(context, 'no installation in the payload');
    await acceptCommand(context, deps, {
      command,
      repo: { owner: repository.owner.login, repo: repository.name },
      installationId: installation.id,
      requester: { login: comment.user.login, id: comment.user.id },
      comment: { id: comment.id, kind: 'issue', url: comment.html_url },
      subject: issue.pull_request
        ? { kind: 'pull', number: issue.number, reply: { kind: 'issue', number: issue.number } }
        : { kind: 'issue', number: issue.number, state: issue.state ?? 'open', text: { title: issue.title, body: issue.body ?? '' } },
    });
  };
}
