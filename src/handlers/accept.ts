import type { Context } from 'probot';
import type { AppDeps } from '../app-deps.js';
import type { Command } from '../commands/parse.js';
import { configFromText } from '../config/load.js';
import { ConfigError, DEFAULT_CONFIG, parseConfig, type SparkConfig } from '../config/schema.js';
import type { FocusRange } from '../context/types.js';
import { postComment, type ReplyTarget } from '../github/comments.js';
import { lastReviewedSha } from '../github/last-review.js';
import { canWrite, getRole, type Role } from '../github/permission.js';
import { pinPullRequest, type PinnedPullRequest } from '../github/pin.js';
import type { PatchJobPayload } from '../jobs/payload.js';
import { acknowledge } from './acknowledge.js';
import { cancelReply, configProblem, helpReply, noWriteAccess } from './replies.js';

export interface Trigger {
  command: Command;
  owner: string;
  repo: string;
  pullNumber: number;
  installationId: number;
  /** Who asked (the commenter, or the user who requested the review). */
  commenter: { login: string; id: number };
  /** The command comment (absent for review requests and auto-review). */
  comment?: { id: number; kind: 'issue' | 'review'; url?: string };
  reply: ReplyTarget;
  focus?: FocusRange;
  /** Idempotency key when there is no comment (e.g. the delivery id). */
  jobId?: string;
  /**
   * Auto-review: triggered by configuration, not by a person. No permission check (nobody
   * asked), no 👀 and no status comment (a review appears, or nothing does).
   */
  automatic?: { config: SparkConfig };
}

/**
 * The shared acceptance path for PR commands. Everything here is on the webhook path, so it
 * is a handful of parallel GitHub calls and an enqueue — never the model.
 */
export async function acceptPullCommand(context: Context, deps: AppDeps, trigger: Trigger): Promise<void> {
  const repo = { owner: trigger.owner, repo: trigger.repo };
  const octokit = context.octokit;
  const reply = (body: string) => postComment(octokit, repo, trigger.reply, body);
  const { command } = trigger;
  const reviewing = command.name === 'review';

  // Reads in parallel: who is asking, the PR pinned at its current head together with the
  // repo config (one GraphQL request), and (for reviews) the head Spark last reviewed.
  const [role, pinned, since] = await Promise.all([
    trigger.automatic ? Promise.resolve<Role>('admin') : getRole(octokit, repo, trigger.commenter.login),
    pinPullRequest(octokit, repo, trigger.pullNumber),
    reviewing ? deps.botLogin().then((login) => lastReviewedSha(octokit, repo, trigger.pullNumber, login)) : Promise.resolve(undefined),
  ]);
  if (!canWrite(role)) {
    context.log.info({ user: trigger.commenter.login, role }, 'ignoring command from user without write access');
    await reply(noWriteAccess(trigger.commenter.login, `run \`/spark ${command.name}\``));
    return;
  }
  const config = trigger.automatic?.config ?? readConfig(pinned);
  if (config instanceof ConfigError) {
    await reply(configProblem(config));
    return;
  }
  if (command.name === 'help') {
    await reply(helpReply(command));
    return;
  }
  const group = `${trigger.owner}/${trigger.repo}#${trigger.pullNumber}`;
  if (command.name === 'cancel') {
    const cancelled = deps.cancel(group);
    await reply(cancelReply(cancelled, 'PR'));
    return;
  }
  if (pinned.state !== 'OPEN') {
    if (!trigger.automatic) await reply(`This pull request is ${pinned.state.toLowerCase()}; Spark only patches open pull requests.`);
    return;
  }
  if (reviewing && since === pinned.headSha) {
    if (!trigger.automatic) await reply(`Spark already reviewed this head (\`${since.slice(0, 7)}\`); push new commits and ask again.`);
    return;
  }

  // Open the model connection now, while GitHub is still answering: the job's first turn
  // then starts on a warm socket (no TCP/TLS/upgrade round trips before the first token).
  deps.model.warm?.().catch((error: unknown) => context.log.debug({ err: error }, 'model warm-up failed; the job will connect itself'));
  const payload: PatchJobPayload = {
    command: command.name === 'suggest' || command.name === 'review' ? command.name : 'fix',
    instruction: command.instruction,
    owner: trigger.owner,
    repo: trigger.repo,
    pullNumber: trigger.pullNumber,
    commenter: trigger.commenter,
    commentUrl: trigger.comment?.url,
    pinned,
    // The job posts its status comment as it starts (in parallel with its first reads), so
    // the webhook is answered without waiting on a notifying write.
    announce: !trigger.automatic,
    reply: trigger.reply,
    focus: trigger.focus,
    since,
    config,
    deliveryId: context.id,
    receivedAt: deps.receivedAt(context.id),
  };
  const queued = await deps.queue.enqueue({
    // The comment id makes the job unique: a redelivered webhook (same comment) is one job.
    id: trigger.comment ? `comment-${trigger.comment.kind}-${trigger.comment.id}` : (trigger.jobId ?? `delivery-${context.id}`),
    group,
    kind: command.name,
    installationId: trigger.installationId,
    payload: payload as unknown as Record<string, unknown>,
    receivedAt: payload.receivedAt,
  });
  if (!queued.accepted) {
    context.log.info({ comment: trigger.comment?.id, job: trigger.jobId }, 'duplicate delivery: job already accepted');
    return;
  }
  context.log.info({ group, waiting: queued.waiting, head: pinned.headSha }, 'spark job queued');
  // Acknowledge without holding the webhook response: 👀 now, and a note when the job has to
  // wait for others on this PR (its status comment appears when it starts).
  acknowledge(context, { octokit, repo }, {
    comment: trigger.comment,
    waiting: queued.waiting,
    reply: trigger.automatic ? undefined : trigger.reply,
    subject: 'PR',
  });
}

function readConfig(pinned: PinnedPullRequest): SparkConfig | ConfigError {
  try {
    return configFromText(pinned.configText.repo, pinned.configText.owner);
  } catch (error) {
    return error instanceof ConfigError ? error : new ConfigError('.github/spark.yml could not be read', { cause: error });
  }
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
