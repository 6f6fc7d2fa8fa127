import type { Context } from 'probot';
import type { AppDeps } from '../app-deps.js';
import { loadConfig } from '../config/load.js';
import { ConfigError } from '../config/schema.js';
import { acceptCommand, type EventContext, type Trigger } from './accept.js';
import { reportConfigOnce } from './config-notice.js';
import type { Debouncer } from './debounce.js';
import { ignore, isPerson } from './guards.js';

type PullEvent = EventContext & Pick<Context<'pull_request.opened' | 'pull_request.ready_for_review' | 'pull_request.synchronize'>, 'payload'>;

/** Auto-review (`auto_review.enabled`): one review per burst of pushes (debounced; the job id dedupes per head). */
export function onPullRequestChanged(deps: AppDeps, debouncer: Debouncer) {
  return async (context: PullEvent): Promise<void> => {
    const { pull_request: pr, repository, installation } = context.payload;
    if (!installation || pr.draft || pr.state !== 'open' || !isPerson(pr.user)) return ignore(context, 'draft, closed, by a bot, or not installed', { pr: pr.number });
    const repo = { owner: repository.owner.login, repo: repository.name };
    const config = await loadConfig(context.octokit, repo, deps.configPath);
    if (config instanceof ConfigError) return reportConfigOnce(context, deps, { repo, number: pr.number, installationId: installation.id, error: config });
    if (!config.autoReview.enabled) return ignore(context, 'auto-review is off', { pr: pr.number });
    const size = (pr.additions ?? 0) + (pr.deletions ?? 0);
    if (size > config.autoReview.maxChangedLines) return ignore(context, 'PR too large for auto-review', { pr: pr.number, size, limit: config.autoReview.maxChangedLines });
    const trigger: Trigger = { command: { name: 'review', instruction: '' }, repo, installationId: installation.id, requester: { login: pr.user.login, id: pr.user.id }, config, automatic: true, subject: { kind: 'pull', number: pr.number, reply: { kind: 'issue', number: pr.number } }, jobId: `auto-review-${pr.number}-${pr.head.sha}` };
    debouncer.schedule(`${repository.full_name}#${pr.number}`, config.autoReview.debounceSeconds * 1000, () =>
      deps.defer(acceptCommand(context, deps, trigger).catch((error: unknown) => context.log.error({ err: error, pr: pr.number }, 'auto-review could not be queued'))),
    );
  };
}
