/** The bot's short answers, shared by the PR and issue handlers so both say the same thing. */
import { HELP_TEXT, type Command } from '../commands/parse.js';
import type { ConfigError } from '../config/schema.js';

export function noWriteAccess(login: string, how: string): string {
  return `Sorry @${login}, only people with write access to this repository can run Spark commands. A maintainer can ${how} for you.`;
}

export function configProblem(error: ConfigError): string {
  return `⚠️ ${error.userMessage}\n\nFix the file and run the command again.`;
}

export function helpReply(command: Command): string {
  return `${command.unknown ? `Unknown command \`${command.unknown}\`.\n\n` : ''}${HELP_TEXT}`;
}

export function cancelReply(cancelled: boolean, subject: 'PR' | 'issue'): string {
  return cancelled ? `🛑 Cancelled the running Spark job on this ${subject}; nothing was pushed.` : `No Spark job is running on this ${subject}.`;
}

export function queuedBehind(waiting: number, subject: 'PR' | 'issue'): string {
  return `⏳ Queued behind ${waiting} Spark job(s) on this ${subject}; this one starts when they finish.`;
}
