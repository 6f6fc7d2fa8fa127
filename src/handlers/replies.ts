/** The bot's short answers, shared by the PR and issue handlers so both say the same thing. */
import { helpText, type Command } from '../commands/parse.js';
import type { ConfigError } from '../config/schema.js';
import type { CancelOutcome } from '../jobs/cancel.js';

export function noWriteAccess(login: string, how: string): string {
  return `Sorry @${login}, only people with write access to this repository can run Spark commands. A maintainer can ${how} for you.`;
}

/** `automatic`: the trigger was a push or a label, not a command (said once, see config-notice.ts). */
export function configProblem(error: ConfigError, trigger: 'command' | 'automatic' = 'command'): string {
  const next = trigger === 'command' ? 'Fix the file and run the command again.' : 'Spark ignores its automatic triggers (auto-review, labels) on this repository until the file is fixed.';
  return `⚠️ ${error.userMessage}\n\n${next}`;
}

export function helpReply(command: Command, configPath: string): string {
  return `${command.unknown ? `Unknown command \`${command.unknown}\`.\n\n` : ''}${helpText(configPath)}`;
}

export function cancelReply(outcome: CancelOutcome, subject: 'PR' | 'issue'): string {
  switch (outcome.kind) {
    case 'idle':
      return `No Spark job is running on this ${subject}.`;
    case 'stopped':
      return `🛑 Cancelled the running Spark job on this ${subject}; nothing was pushed.`;
    case 'landed':
      return `🛑 Stopped the running Spark job on this ${subject}, but its commit had already been sent and landed: ${outcome.url}. Revert it if you do not want it.`;
  }
}

/** Redis was down at enqueue: the delivery is redelivered by the reconciler once it is back. */
export function notQueuedYet(command: string): string {
  return `⚠️ Spark could not queue \`/spark ${command}\` right now (its job queue is unavailable). It will be retried automatically once the queue is back; no need to repeat it.`;
}

/** A non-writer's repeated command within the hour gets 👎 instead of another reply. */
export const REPEATED_NO_ACCESS_REACTION = '-1' as const;

export function queuedBehind(waiting: number, subject: 'PR' | 'issue'): string {
  return `⏳ Queued behind ${waiting} Spark job(s) on this ${subject}; this one starts when they finish.`;
}

export const outdatedThread =
  'This thread points at lines that are no longer in the PR head (outdated or on the old side), so Spark cannot scope a fix to them. Comment on the current lines, or use `/spark fix` in the PR conversation.';
