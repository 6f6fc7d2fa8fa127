import type { AppDeps } from '../app-deps.js';
import { loadConfig } from '../config/load.js';
import { lastReviewedSha } from '../github/last-review.js';
import { pinPullRequest } from '../github/pin.js';
import { HEAD_REPOSITORY_GONE } from '../github/push-target.js';
import type { Octokit } from '../github/types.js';
import type { Subject, SubjectRead, Trigger } from './trigger.js';

/**
 * A PR's reads, in parallel with the permission check: the PR pinned at its current head
 * together with the config texts (one GraphQL request; `_extends` costs a read per hop), and
 * for reviews the head Spark reviewed last.
 */
export async function readPullSubject(octokit: Octokit, deps: Pick<AppDeps, 'botLogin' | 'configPath'>, trigger: Trigger, subject: Extract<Subject, { kind: 'pull' }>): Promise<SubjectRead> {
  const { repo } = trigger;
  const reviewing = trigger.command.name === 'review';
  const [pinned, reviewed, fixer] = await Promise.all([
    pinPullRequest(octokit, repo, subject.number, deps.configPath),
    reviewing ? deps.botLogin().then(async (login) => ({ login, since: await lastReviewedSha(octokit, repo, subject.number, login) })) : Promise.resolve(undefined),
    // A fix may continue Spark's earlier one: the job finds it among this app's comments. Resolved
    // once per process; unknown (the call failed), the fix runs as a first command.
    trigger.command.name === 'fix' ? deps.botLogin().catch(() => undefined) : Promise.resolve(undefined),
  ]);
  const since = reviewed?.since;
  const config = trigger.config ?? (await loadConfig(octokit, repo, deps.configPath, pinned.configText));
  return {
    config,
    refusal: (command) => {
      if (command.name === 'ask' && command.instruction === '') return 'Ask a question after the command, e.g. `/spark ask where is the retry limit set?`.';
      if (pinned.state !== 'OPEN') return `This pull request is ${pinned.state.toLowerCase()}; Spark only patches open pull requests.`;
      if (reviewing && since === pinned.headSha) return `Spark already reviewed this head (\`${since.slice(0, 7)}\`); push new commits and ask again.`;
      // A fork PR whose head repository was deleted has no branch to push to: refused before any write.
      if ((command.name === 'fix' || command.name === 'fix-ci') && pinned.isCrossRepository && pinned.headNameWithOwner === null) return HEAD_REPOSITORY_GONE;
      return undefined;
    },
    job: ({ command, config, deliveryId, receivedAt, id, group }) => ({
      id,
      group,
      kind: command.name === 'suggest' || command.name === 'review' || command.name === 'fix-ci' || command.name === 'ask' || command.name === 'describe' ? command.name : 'fix',
      installationId: trigger.installationId,
      receivedAt,
      payload: {
        repo,
        instruction: command.instruction,
        requester: trigger.requester,
        commentUrl: trigger.comment?.url,
        config,
        deliveryId,
        pinned,
        // The job posts its status comment as it starts (in parallel with its first reads), so
        // the webhook is answered without waiting on a notifying write.
        announce: !trigger.automatic,
        reply: subject.reply,
        focus: subject.focus,
        since,
        botLogin: reviewed?.login ?? fixer,
      },
    }),
  };
}
