import type { Context } from 'probot';
import type { AppDeps } from '../app-deps.js';
import { loadConfig } from '../config/load.js';
import { ConfigError } from '../config/schema.js';
import { acceptCommand, type EventContext } from './accept.js';
import { reportConfigOnce } from './config-notice.js';
import { ignore, isPerson } from './guards.js';

/** `describe.on_open: true`: a PR that opens gets `/spark describe` (no status comment; once per PR). */
export function onPullOpenedDescribe(deps: AppDeps) {
  return async (context: EventContext & Pick<Context<'pull_request.opened'>, 'payload'>): Promise<void> => {
    const { pull_request: pr, repository, installation } = context.payload;
    if (!installation || pr.state !== 'open' || !isPerson(pr.user)) return ignore(context, 'closed, by a bot, or not installed', { pr: pr.number });
    const repo = { owner: repository.owner.login, repo: repository.name };
    const config = await loadConfig(context.octokit, repo, deps.configPath);
    if (config instanceof ConfigError) return reportConfigOnce(context, deps, { repo, number: pr.number, installationId: installation.id, error: config });
    if (!config.describe.onOpen) return ignore(context, 'describe.on_open is off', { pr: pr.number });
    await acceptCommand(context, deps, {
      command: { name: 'describe', instruction: '' },
      repo,
      installationId: installation.id,
      requester: { login: pr.user.login, id: pr.user.id },
      subject: { kind: 'pull', number: pr.number, reply: { kind: 'issue', number: pr.number } },
      config,
      automatic: true,
      jobId: `describe-on-open-${pr.number}`,
    });
  };
}
