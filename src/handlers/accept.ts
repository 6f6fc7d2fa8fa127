import type { Context } from 'probot';
import type { Command } from '../commands/parse.js';
import { HELP_TEXT } from '../commands/parse.js';
import { ConfigError, DEFAULT_CONFIG, parseConfig, type SparkConfig } from '../config/schema.js';
import type { FocusRange } from '../context/types.js';
import { addEyes, postComment, type ReplyTarget } from '../github/comments.js';
import { canWrite, getRole } from '../github/permission.js';
import { pinPullRequest } from '../github/pin.js';
import { renderStatus } from '../github/status-render.js';
import type { PatchJobPayload } from '../jobs/payload.js';
import type { AppDeps } from '../app-deps.js';

export interface Trigger {
  command: Command;
  owner: string;
  repo: string;
  pullNumber: number;
  installationId: number;
  commenter: { login: string; id: number };
  comment: { id: number; kind: 'issue' | 'review'; url?: string };
  reply: ReplyTarget;
  focus?: FocusRange;
}

/**
 * The shared acceptance path for PR commands. Everything here is on the webhook path, so it
 * is a handful of parallel GitHub calls and an enqueue — never the model.
 */
export async function acceptPullCommand(context: Context, deps: AppDeps, trigger: Trigger): Promise<void> {
  const repo = { owner: trigger.owner, repo: trigger.repo };
  const octokit = context.octokit;
  const reply = (body: string) => postComment(octokit, repo, trigger.reply, body);

  // Reads in parallel: who is asking, the PR pinned at its current head, and the repo config.
  const [role, pinned, config] = await Promise.all([
    getRole(octokit, repo, trigger.commenter.login),
    pinPullRequest(octokit, repo, trigger.pullNumber),
    loadConfig(context),
  ]);
  if (!canWrite(role)) {
    context.log.info({ user: trigger.commenter.login, role }, 'ignoring command from user without write access');
    await reply(
      `Sorry @${trigger.commenter.login}, only people with write access to this repository can run Spark commands. A maintainer can run \`/spark ${trigger.command.name}\` for you.`,
    );
    return;
  }
  if (config instanceof ConfigError) {
    await reply(`⚠️ ${config.userMessage}\n\nFix the file and run the command again.`);
    return;
  }
  const { command } = trigger;
  if (command.name === 'help') {
    await reply(`${command.unknown ? `Unknown command \`${command.unknown}\`.\n\n` : ''}${HELP_TEXT}`);
    return;
  }
  const group = `${trigger.owner}/${trigger.repo}#${trigger.pullNumber}`;
  if (command.name === 'cancel') {
    const cancelled = deps.cancel(group);
    await reply(cancelled ? '🛑 Cancelled the running Spark job on this PR; nothing was pushed.' : 'No Spark job is running on this PR.');
    return;
  }
  if (pinned.state !== 'OPEN') {
    await reply(`This pull request is ${pinned.state.toLowerCase()}; Spark only patches open pull requests.`);
    return;
  }

  // Open the model connection now, while GitHub is still answering: the job's first turn
  // then starts on a warm socket (no TCP/TLS/upgrade round trips before the first token).
  deps.model.warm?.().catch((error: unknown) => context.log.debug({ err: error }, 'model warm-up failed; the job will connect itself'));
  const initial = { command: command.name, instruction: command.instruction, phase: 'queued' as const };
  const [, status] = await Promise.all([addEyes(octokit, repo, trigger.comment), reply(renderStatus(initial))]);
  const payload: PatchJobPayload = {
    command: command.name,
    instruction: command.instruction,
    owner: trigger.owner,
    repo: trigger.repo,
    pullNumber: trigger.pullNumber,
    commenter: trigger.commenter,
    commentUrl: trigger.comment.url,
    pinned,
    status: { id: status.id, kind: status.kind },
    reply: trigger.reply,
    focus: trigger.focus,
    config,
    deliveryId: context.id,
    receivedAt: deps.receivedAt(context.id),
  };
  const queued = await deps.queue.enqueue({
    // The comment id makes the job unique: a redelivered webhook (same comment) is one job.
    id: `comment-${trigger.comment.kind}-${trigger.comment.id}`,
    group,
    kind: command.name,
    installationId: trigger.installationId,
    payload: payload as unknown as Record<string, unknown>,
    receivedAt: payload.receivedAt,
  });
  if (!queued.accepted) {
    context.log.info({ comment: trigger.comment.id }, 'duplicate delivery: job already accepted');
    await deleteStatus(context, repo, status);
    return;
  }
  context.log.info({ group, waiting: queued.waiting, head: pinned.headSha }, 'spark job queued');
}

async function deleteStatus(context: Context, repo: { owner: string; repo: string }, status: { id: number; kind: 'issue' | 'review' }): Promise<void> {
  if (status.kind === 'review') await context.octokit.rest.pulls.deleteReviewComment({ ...repo, comment_id: status.id });
  else await context.octokit.rest.issues.deleteComment({ ...repo, comment_id: status.id });
}

/** A broken config is answered (so the maintainer can fix it), not thrown. */
export async function loadConfig(context: Context): Promise<SparkConfig | ConfigError> {
  try {
    const raw = await context.config('spark.yml');
    return raw ? parseConfig(raw) : DEFAULT_CONFIG;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    return new ConfigError('.github/spark.yml could not be read or is not valid YAML', { cause: error });
  }
}
