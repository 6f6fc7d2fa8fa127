import type { Context } from 'probot';
import type { AppDeps } from '../app-deps.js';
import { acceptCommand, type EventContext } from './accept.js';
import { ignore, isPerson } from './guards.js';

/** `pull_request.review_requested` naming this app's bot user → the same as `/spark review`. */
export function onReviewRequested(deps: AppDeps) {
  return async (context: EventContext & Pick<Context<'pull_request.review_requested'>, 'payload'>): Promise<void> => {
    const { payload } = context;
    const reviewer = 'requested_reviewer' in payload ? payload.requested_reviewer : undefined;
    if (!reviewer || !payload.installation) return ignore(context, 'a team review request, or no installation');
    if (!isPerson(payload.sender)) return ignore(context, 'review requested by a bot');
    if (reviewer.login !== (await deps.botLogin())) return ignore(context, 'review requested from someone else', { reviewer: reviewer.login });
    await acceptCommand(context, deps, {
      command: { name: 'review', instruction: '' },
      repo: { owner: payload.repository.owner.login, repo: payload.repository.name },
      installationId: payload.installation.id,
      requester: { login: payload.sender.login, id: payload.sender.id },
      subject: { kind: 'pull', number: payload.pull_request.number, reply: { kind: 'issue', number: payload.pull_request.number } },
      jobId: `review-request-${context.id}`,
    });
  };
}
