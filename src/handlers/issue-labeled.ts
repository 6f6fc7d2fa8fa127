import type { Context } from 'probot';
import type { AppDeps } from '../app-deps.js';
import { loadConfig } from '../config/load.js';
import { ConfigError } from '../config/schema.js';
import { acceptCommand, type EventContext } from './accept.js';
import { reportConfigOnce } from './config-notice.js';
import { ignore, isPerson } from './guards.js';

/** `issues.labeled` with the config's `issue_label`: a bare `/spark fix` from whoever added it. */
export function onIssueLabeled(deps: AppDeps) {
  return async (context: EventContext & Pick<Context<'issues.labeled'>, 'payload'>): Promise<void> => {
    const { issue, label, sender, repository, installation } = context.payload;
    if (!label || !installation || !isPerson(sender)) return ignore(context, 'no label, no installation, or added by a bot', { issue: issue.number });
    const repo = { owner: repository.owner.login, repo: repository.name };
    const config = await loadConfig(context.octokit, repo, deps.configPath);
    if (config instanceof ConfigError) return reportConfigOnce(context, deps, { repo, number: issue.number, installationId: installation.id, error: config });
    // GitHub label names are unique case-insensitively.
    if (config.issueLabel?.toLowerCase() !== label.name.toLowerCase()) return ignore(context, 'not the issue_label', { label: label.name });
    await acceptCommand(context, deps, {
      command: { name: 'fix', instruction: '' },
      repo,
      installationId: installation.id,
      requester: { login: sender.login, id: sender.id },
      subject: { kind: 'issue', number: issue.number, state: issue.state ?? 'open', text: { title: issue.title, body: issue.body ?? '' } },
      config,
      label: config.issueLabel,
    });
  };
}
