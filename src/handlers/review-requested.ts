import type { Context } from 'probot';
import type { AppDeps } from '../app-deps.js';
import { loadConfig } from '../config/load.js';
import { ConfigError } from '../config/schema.js';
import { acceptCommand, type EventContext } from './accept.js';
import { reportConfigOnce } from './config-notice.js';
import { ignore, isPerson } from './guards.js';

/**
 * `pull_request.review_requested` from `review.on_request_from` (a team slug or a user login: the
 * "review team" pattern) → the same as `/spark review` from whoever requested it. GitHub never
 * lets an App's bot user be requested, so the team or person stands in for Spark.
 */
export function onReviewRequested(deps: AppDeps) {
  return async (context: EventContext & Pick<Context<'pull_request.review_requested'>, 'payload'>): Promise<void> => {
    const { payload } = context;
    const requested = 'requested_team' in payload ? payload.requested_team?.slug : payload.requested_reviewer?.login;
    if (!requested || !payload.installation || !isPerson(payload.sender)) return ignore(context, 'no reviewer, no installation, or requested by a bot', { pr: payload.pull_request.number });
    const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
    const config = await loadConfig(context.octokit, repo, deps.configPath);
    if (config instanceof ConfigError) return reportConfigOnce(context, deps, { repo, number: payload.pull_request.number, installationId: payload.installation.id, error: config });
    // Team slugs and logins are case-insensitive on GitHub.
    if (config.review.onRequestFrom?.toLowerCase() !== requested.toLowerCase()) return ignore(context, 'review requested from someone other than review.on_request_from', { requested });
    await acceptCommand(context, deps, {
      command: { name: 'review', instruction: '' },
      repo,
      installationId: payload.installation.id,
      requester: { login: payload.sender.login, id: payload.sender.id },
      subject: { kind: 'pull', number: payload.pull_request.number, reply: { kind: 'issue', number: payload.pull_request.number } },
      config,
      jobId: `review-request-${context.id}`,
    });
  };
}
