import type { Context } from 'probot';
import type { AppDeps } from '../app-deps.js';
import { loadConfig } from '../config/load.js';
import { ConfigError } from '../config/schema.js';
import { acceptCommand, type EventContext } from './accept.js';
import { reportConfigOnce } from './config-notice.js';
import { ignore, isPerson } from './guards.js';

/** `pull_request.labeled` with `review.label`: a `/spark review` from whoever added it (write access checked like a command). */
export function onReviewLabel(deps: AppDeps) {
  return async (context: EventContext & Pick<Context<'pull_request.labeled'>, 'payload'>): Promise<void> => {
    const { pull_request: pr, label, sender, repository, installation } = context.payload;
    if (!label || !installation || !isPerson(sender)) return ignore(context, 'no label, no installation, or added by a bot', { pr: pr.number });
    const repo = { owner: repository.owner.login, repo: repository.name };
    const config = await loadConfig(context.octokit, repo, deps.configPath);
    if (config instanceof ConfigError) return reportConfigOnce(context, deps, { repo, number: pr.number, installationId: installation.id, error: config });
    // GitHub label names are unique case-insensitively.
    if (config.review.label?.toLowerCase() !== label.name.toLowerCase()) return ignore(context, 'not the review.label', { label: label.name });
    await acceptCommand(context, deps, {
      command: { name: 'review', instruction: '' },
      repo,
      installationId: installation.id,
      requester: { login: sender.login, id: sender.id },
      subject: { kind: 'pull', number: pr.number, reply: { kind: 'issue', number: pr.number } },
      config,
      label: config.review.label,
      jobId: `review-label-${context.id}`,
    });
  };
}
