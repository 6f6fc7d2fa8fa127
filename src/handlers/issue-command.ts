import type { Context } from 'probot';
import type { AppDeps } from '../app-deps.js';
import { parseCommand, type Command } from '../commands/parse.js';
import { ConfigError, type SparkConfig } from '../config/schema.js';
import { postComment } from '../github/comments.js';
import { canWrite, getRole } from '../github/permission.js';
import { ISSUE_FIX_KIND, type IssueJobPayload } from '../jobs/issue-payload.js';
import { loadConfig } from './accept.js';
import { isBot } from './guards.js';
import { acknowledge } from './acknowledge.js';
import { cancelReply, configProblem, helpReply, noWriteAccess } from './replies.js';

export interface IssueTrigger {
  command: Command;
  owner: string;
  repo: string;
  issueNumber: number;
  /** From the webhook: 'open' | 'closed'. */
  issueState: string;
  installationId: number;
  /** The commenter, or the user who added the label. */
  requester: { login: string; id: number };
  /** The command comment (absent for the label trigger). */
  comment?: { id: number; url?: string };
  /** The label trigger already read the config to match the label. */
  config?: SparkConfig;
}

/**
 * `issue_comment.created` on an issue (not a PR): `/spark fix [instruction]` → a branch and a
 * draft PR. Pass it as the `onIssue` callback of `onIssueComment`; it re-checks its own guards
 * so it is also safe on its own.
 */
export function onIssueCommand(deps: AppDeps) {
  return async (context: Context<'issue_comment.created'>): Promise<void> => {
    const { comment, issue, repository, installation } = context.payload;
    if (isBot(comment.user) || issue.pull_request || !installation) return;
    const command = parseCommand(comment.body);
    if (!command) return;
    await acceptIssueCommand(context as unknown as Context, deps, {
      command,
      owner: repository.owner.login,
      repo: repository.name,
      issueNumber: issue.number,
      issueState: issue.state ?? 'open',
      installationId: installation.id,
      requester: { login: comment.user!.login, id: comment.user!.id },
      comment: { id: comment.id, url: comment.html_url },
    });
  };
}

/**
 * `issues.labeled` with the label named by `issue_label` in `.github/spark.yml`: the same as a
 * bare `/spark fix` from whoever added the label. Any other label (or no `issue_label`) is
 * ignored after one config read; bots adding the label are ignored without any request.
 */
export function onIssueLabeled(deps: AppDeps) {
  return async (context: Context<'issues.labeled'>): Promise<void> => {
    const { issue, label, sender, repository, installation } = context.payload;
    if (!label || !installation || isBot(sender)) return;
    const config = await loadConfig(context as unknown as Context);
    if (config instanceof ConfigError) {
      // Every label event would otherwise answer with the same config error: only log it.
      context.log.info({ err: config }, 'ignoring label: .github/spark.yml is invalid');
      return;
    }
    // GitHub label names are unique case-insensitively.
    if (!config.issueLabel || config.issueLabel.toLowerCase() !== label.name.toLowerCase()) return;
    await acceptIssueCommand(context as unknown as Context, deps, {
      command: { name: 'fix', instruction: '' },
      owner: repository.owner.login,
      repo: repository.name,
      issueNumber: issue.number,
      issueState: issue.state ?? 'open',
      installationId: installation.id,
      requester: { login: sender.login, id: sender.id },
      config,
    });
  };
}

/**
 * Acceptance for issues, mirroring `acceptPullCommand`: who asks ∥ config, enqueue, then 👀
 * (not awaited); the job posts its status comment. Never the model, never a write for a
 * non-writer.
 */
export async function acceptIssueCommand(context: Context, deps: AppDeps, trigger: IssueTrigger): Promise<void> {
  const repo = { owner: trigger.owner, repo: trigger.repo };
  const octokit = context.octokit;
  const target = { kind: 'issue' as const, number: trigger.issueNumber };
  const reply = (body: string) => postComment(octokit, repo, target, body);
  const { command } = trigger;
  const how = trigger.comment ? `run \`/spark ${command.name}\`` : `add the \`${trigger.config?.issueLabel ?? ''}\` label`;

  const [role, config] = await Promise.all([
    getRole(octokit, repo, trigger.requester.login),
    trigger.config ? Promise.resolve(trigger.config) : loadConfig(context),
  ]);
  if (!canWrite(role)) {
    context.log.info({ user: trigger.requester.login, role }, 'ignoring issue command from user without write access');
    await reply(noWriteAccess(trigger.requester.login, how));
    return;
  }
  if (config instanceof ConfigError) {
    await reply(configProblem(config));
    return;
  }
  if (command.name === 'help') {
    await reply(helpReply(command));
    return;
  }
  const group = `${trigger.owner}/${trigger.repo}#${trigger.issueNumber}`;
  if (command.name === 'cancel') {
    const cancelled = deps.cancel(group);
    await reply(cancelReply(cancelled, 'issue'));
    return;
  }
  if (command.name === 'suggest' || command.name === 'review') {
    await reply(`\`/spark ${command.name}\` works on pull requests. On an issue, use \`/spark fix [instruction]\`: Spark opens a draft pull request that fixes it.`);
    return;
  }
  if (trigger.issueState !== 'open') {
    await reply(`This issue is closed; Spark only works on open issues. Reopen it and ${how} again.`);
    return;
  }

  // Warm the model connection while the job starts.
  deps.model.warm?.().catch((error: unknown) => context.log.debug({ err: error }, 'model warm-up failed; the job will connect itself'));
  const payload: IssueJobPayload = {
    instruction: command.instruction,
    owner: trigger.owner,
    repo: trigger.repo,
    issueNumber: trigger.issueNumber,
    commenter: trigger.requester,
    commentUrl: trigger.comment?.url,
    trigger: trigger.comment ? 'comment' : 'label',
    config,
    deliveryId: context.id,
    receivedAt: deps.receivedAt(context.id),
  };
  const queued = await deps.queue.enqueue({
    // A redelivered webhook (same comment, or same delivery for the label) is one job.
    id: trigger.comment ? `comment-issue-${trigger.comment.id}` : `delivery-${context.id}`,
    group,
    kind: ISSUE_FIX_KIND,
    installationId: trigger.installationId,
    payload: payload as unknown as Record<string, unknown>,
    receivedAt: payload.receivedAt,
  });
  if (!queued.accepted) {
    context.log.info({ comment: trigger.comment?.id }, 'duplicate delivery: issue job already accepted');
    return;
  }
  // As for PRs: acknowledge without holding the webhook response; the job posts its status.
  acknowledge(context, { octokit, repo }, {
    comment: trigger.comment && { id: trigger.comment.id, kind: 'issue' },
    waiting: queued.waiting,
    reply: target,
    subject: 'issue',
  });
  context.log.info({ group, waiting: queued.waiting }, 'spark issue job queued');
}
