/** What a trigger is: the input of the one acceptance path (accept.ts) and of the subject reads. */
import type { Context } from 'probot';
import type { Command } from '../commands/parse.js';
import type { ConfigError, SparkConfig } from '../config/schema.js';
import type { FocusRange } from '../context/types.js';
import type { ReplyTarget } from '../github/comments.js';
import type { RepoRef } from '../github/types.js';
import type { Requester, SparkJob } from '../jobs/job-data.js';

/** What handlers and acceptance need of Probot's context: nothing else is read. */
export type EventContext = Pick<Context, 'octokit' | 'log' | 'id'>;

export type Subject =
  | { kind: 'pull'; number: number; reply: ReplyTarget; focus?: FocusRange }
  | {
      kind: 'issue';
      number: number;
      /** From the webhook: 'open' | 'closed'. */
      state: string;
      /** Title and body from the webhook: what the model sees is the issue as it was when the command came. */
      text: { title: string; body: string };
    };

export interface Trigger {
  command: Command;
  repo: RepoRef;
  installationId: number;
  requester: Requester;
  subject: Subject;
  /** The command comment (absent for review requests, labels and auto-review). */
  comment?: { id: number; kind: 'issue' | 'review'; url?: string };
  /** Idempotency key when there is no comment (default: the delivery id). */
  jobId?: string;
  /** A trigger that matched on the config (auto-review, a label) passes the config it read. */
  config?: SparkConfig;
  /** Label triggers: the label a maintainer would add again. */
  label?: string;
  /** Nobody asked (auto-review): no permission check, no 👀, no status comment, refusals only logged. */
  automatic?: boolean;
}

/** What a subject's reads tell acceptance (pull-subject.ts, issue-subject.ts). */
export interface SubjectRead {
  config: SparkConfig | ConfigError;
  /** Why this command cannot run on this subject now (a reply), or undefined. */
  refusal(command: Command): string | undefined;
  /** The job to enqueue, once accepted. */
  job(input: { command: Command; config: SparkConfig; deliveryId: string; receivedAt: number; id: string; group: string }): SparkJob;
}
