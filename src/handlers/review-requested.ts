import type { Context } from 'probot';
import type { AppDeps } from '../app-deps.js';
import { acceptPullCommand } from './accept.js';
import { isBot } from './guards.js';

/** `pull_request.review_requested` naming this app's bot user → the same as `/spark review`. */
export function onReviewRequested(deps: AppDeps) {
  return async (context: Context<'pull_request.review_requested'>): Promise<void> => {
    const { payload } = context;
    const reviewer = 'requested_reviewer' in payload ? payload.requested_reviewer : undefined;
    if (!reviewer || !payload.installation || isBot(payload.sender)) return;
    if (reviewer.login !== (await deps.botLogin())) return;
    await acceptPullCommand(context as unknown as Context, deps, {
      command: { name: 'review', instruction: '' },
      owner: payload.repository.owner.login,
      repo: payload.repository.name,
      pullNumber: payload.pull_request.number,
      installationId: payload.installation.id,
      commenter: { login: payload.sender.login, id: payload.sender.id },
      reply: { kind: 'issue', number: payload.pull_request.number },
      jobId: `review-request-${context.id}`,
    });
  };
}
