/**
 * The one acceptance path for every command, on a PR or an issue: authorize ∥ read (pin,
 * config), answer what needs no job (no access, broken config, help, cancel, refusals),
 * enqueue, acknowledge. Everything here is on the webhook path: a handful of parallel GitHub
 * calls and an enqueue — never the model.
 */
import type { AppDeps } from '../app-deps.js';
import { ConfigError } from '../config/schema.js';
import { addReaction, postComment, type ReplyTarget } from '../github/comments.js';
import { canWrite, getRole, type Role } from '../github/permission.js';
import { isOperatorProblem, operatorProblemMessage } from '../guard/operator-problem.js';
import { RedisUnavailableError } from '../queue/errors.js';
import { acknowledge } from './acknowledge.js';
import { readIssueSubject } from './issue-subject.js';
import { readPullSubject } from './pull-subject.js';
import type { EventContext, Trigger } from './trigger.js';
import { cancelReply, configProblem, helpReply, noWriteAccess, notQueuedYet, REPEATED_NO_ACCESS_REACTION } from './replies.js';

export type { EventContext, Subject, SubjectRead, Trigger } from './trigger.js';

export async function acceptCommand(context: EventContext, deps: AppDeps, trigger: Trigger): Promise<void> {
  const { octokit, log } = context;
  const { command, repo, subject } = trigger;
  const target: ReplyTarget = subject.kind === 'pull' ? subject.reply : { kind: 'issue', number: subject.number };
  const reply = (body: string) => postComment(octokit, repo, target, body);
  const noun = subject.kind === 'pull' ? 'PR' : 'issue';

  const [role, read] = await Promise.all([
    trigger.automatic ? Promise.resolve<Role>('admin') : getRole(octokit, repo, trigger.requester.login),
    subject.kind === 'pull' ? readPullSubject(octokit, deps, trigger, subject) : readIssueSubject(octokit, deps, trigger, subject),
  ]);
  if (!canWrite(role)) {
    log.info({ user: trigger.requester.login, role }, `ignoring ${noun} command from user without write access`);
    // One explanation per user × PR an hour; a flood of repeats gets 👎 (replies have their own pacing lane).
    if (!(await deps.replies.firstInWindow(`${repo.owner}/${repo.repo}#${subject.number}:${trigger.requester.id}`))) {
      log.debug({ user: trigger.requester.login }, 'repeated command from a user without write access: 👎 instead of another reply');
      if (trigger.comment) deps.defer(addReaction(octokit, repo, trigger.comment, REPEATED_NO_ACCESS_REACTION).catch((error: unknown) => log.debug({ err: error }, '👎 not sent')));
      return;
    }
    await reply(noWriteAccess(trigger.requester.login, trigger.label ? `add the \`${trigger.label}\` label` : `run \`/spark ${command.name}\``));
    return;
  }
  const config = trigger.config ?? read.config;
  if (config instanceof ConfigError) {
    log.debug({ err: config }, 'answered with the config problem');
    await reply(configProblem(config));
    return;
  }
  if (command.name === 'help') {
    log.debug({ unknown: command.unknown }, 'answered with help');
    await reply(helpReply(command, deps.configPath));
    return;
  }
  const group = `${repo.owner}/${repo.repo}#${subject.number}`;
  if (command.name === 'cancel') {
    const cancelled = await deps.cancel(group);
    log.debug({ group, cancelled: cancelled.kind }, 'answered /spark cancel');
    await reply(cancelReply(cancelled, noun));
    return;
  }
  const refusal = read.refusal(command);
  if (refusal) {
    log.debug({ reason: refusal }, `${noun} command refused`);
    if (!trigger.automatic) await reply(refusal);
    return;
  }

  // Open the model connection now, while GitHub is still answering: the job's first turn
  // then starts on a warm socket (no TCP/TLS/upgrade round trips before the first token).
  deps.model.warm?.().catch((error: unknown) => log.debug({ err: error }, 'model warm-up failed; the job will connect itself'));
  // The comment id makes the job unique: a redelivered webhook (same comment) is one job.
  const id = trigger.comment ? `comment-${trigger.comment.kind}-${trigger.comment.id}` : (trigger.jobId ?? `delivery-${context.id}`);
  const job = read.job({ command, config, deliveryId: context.id, receivedAt: deps.receivedAt(context.id), id, group });
  const queued = await deps.queue.enqueue(job).catch(async (error: unknown) => {
    if (error instanceof RedisUnavailableError && deps.reconciler) {
      // The webhook still fails (GitHub lists the delivery as failed); the reconciler asks GitHub
      // to redeliver it once Redis answers. Said once per delivery, not on every failed retry.
      if (deps.reconciler.noteFailure(context.id) && !trigger.automatic) {
        await reply(notQueuedYet(command.name)).catch((replyError: unknown) => log.warn({ err: replyError }, 'could not post the not-queued reply'));
      }
      throw error;
    }
    // Redis down: the user hears that the bot is misconfigured (not how to fix the server); the
    // webhook still fails, so the delivery can be replayed once the queue answers again.
    if (isOperatorProblem(error) && !trigger.automatic) {
      log.error({ err: error, incident: context.id }, 'could not queue the command: the operator must fix the server configuration');
      await reply(operatorProblemMessage(context.id)).catch((replyError: unknown) => log.warn({ err: replyError }, 'could not post the operator-problem reply'));
    }
    throw error;
  });
  if (!queued.accepted) {
    log.info({ job: id }, 'duplicate delivery: job already accepted');
    return;
  }
  log.info({ group, kind: job.kind, waiting: queued.waiting }, 'spark job queued');
  // A `/spark fix-ci` loop waiting for checks on this PR ends: the new command runs next.
  if (deps.ciWaiters?.interrupt(group, 'command')) log.info({ group }, 'a new command ended the fix-ci loop on this PR');
  // Acknowledge without holding the webhook response: 👀 now, and a note when the job has to
  // wait for others here (its status comment appears when it starts).
  acknowledge(context, deps, { octokit, repo }, { comment: trigger.comment, waiting: queued.waiting, reply: trigger.automatic ? undefined : target, subject: noun });
}
