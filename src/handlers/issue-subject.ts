import type { AppDeps } from '../app-deps.js';
import { loadConfig } from '../config/load.js';
import type { Octokit } from '../github/types.js';
import type { Subject, SubjectRead, Trigger } from './trigger.js';

/**
 * An issue's reads: only the config (the branch is read by the job, so it is current when it
 * runs; the issue text is the webhook's, as it was when the command came); a label trigger
 * already read the config.
 */
export async function readIssueSubject(octokit: Octokit, deps: Pick<AppDeps, 'configPath'>, trigger: Trigger, subject: Extract<Subject, { kind: 'issue' }>): Promise<SubjectRead> {
  const config = trigger.config ?? (await loadConfig(octokit, trigger.repo, deps.configPath));
  const how = trigger.label ? `add the \`${trigger.label}\` label` : `run \`/spark ${trigger.command.name}\``;
  return {
    config,
    refusal: (command) => {
      if (command.name === 'suggest' || command.name === 'review' || command.name === 'fix-ci') {
        return `\`/spark ${command.name}\` works on pull requests. On an issue, use \`/spark fix [instruction]\`: Spark opens a draft pull request that fixes it.`;
      }
      if (subject.state !== 'open') return `This issue is closed; Spark only works on open issues. Reopen it and ${how} again.`;
      return undefined;
    },
    job: ({ command, config, deliveryId, receivedAt, id, group }) => ({
      id,
      group,
      kind: 'issue-fix',
      installationId: trigger.installationId,
      receivedAt,
      payload: {
        repo: trigger.repo,
        instruction: command.instruction,
        requester: trigger.requester,
        commentUrl: trigger.comment?.url,
        config,
        deliveryId,
        issueNumber: subject.number,
        issueText: subject.text,
        trigger: trigger.label ? 'label' : 'comment',
      },
    }),
  };
}
