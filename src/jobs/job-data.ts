/**
 * The one job type on the queue: the queue's envelope (id, group, installation, arrival)
 * with a payload discriminated by `kind`. Plain JSON, because it crosses Redis; checked by
 * `parseJob` when a worker takes it, so the processor's `switch` sees typed data.
 */
import type { LoopRecord } from '../ci/rounds.js';
import type { SparkConfig } from '../config/schema.js';
import type { FocusRange } from '../context/types.js';
import type { ReplyTarget } from '../github/comments.js';
import type { PinnedPullRequest } from '../github/pin.js';
import type { RepoRef } from '../github/types.js';
import { InvalidJobError } from '../queue/errors.js';
import type { JobData } from '../queue/types.js';

export interface Requester {
  login: string;
  id: number;
}

/** What every command job carries besides its subject. */
interface CommandPayload {
  repo: RepoRef;
  /** The maintainer's words after the command ('' for a bare command, a label, a request). */
  instruction: string;
  /** Who asked: the commenter, the requester of the review, whoever added the label. */
  requester: Requester;
  /** The command comment, linked from the commit message. */
  commentUrl?: string;
  config: SparkConfig;
  /** X-GitHub-Delivery of the triggering webhook (named in failure messages). */
  deliveryId: string;
}

/**
 * `/spark fix|suggest|review` on a pull request. The head SHA in `pinned` was fixed when the
 * command was accepted; nothing later re-reads the branch tip. The PR number is `pinned.number`.
 */
export interface PullPayload extends CommandPayload {
  pinned: PinnedPullRequest;
  /** Post a status comment (at `reply`) and keep it current; false for auto-review. */
  announce: boolean;
  reply: ReplyTarget;
  focus?: FocusRange;
  /** Review: the head Spark reviewed last time; only what changed since is reviewed. */
  since?: string;
  /** Review, fix: this app's bot login, whose earlier comments hold the finding keys (review) or the turn a fix continues. */
  botLogin?: string;
  /** fix-ci: go on with the loop this status comment records (after a restart) instead of starting at round 1. */
  resume?: { comment: { id: number; kind: 'issue' }; record: LoopRecord };
}

/** A `/spark fix-ci` loop to continue: its checks finished while no process was waiting on them. */
export interface CiResumePayload {
  repo: RepoRef;
  number: number;
  /** Spark's commit the loop waits on; the continuation commits only on it. */
  sha: string;
  comment: { id: number; kind: 'issue' };
  /** Whose comments carry the record (only this app's count). */
  botLogin: string;
  deliveryId: string;
}

/** `/spark fix` on an issue (or its label): the branch is read by the job itself. */
export interface IssuePayload extends CommandPayload {
  issueNumber: number;
  /**
   * The issue's title and body from the webhook, as they were when the command came: a later
   * edit (by anyone who can edit the issue) never reaches the model.
   */
  issueText: { title: string; body: string };
  trigger: 'comment' | 'label';
}

/** A one-off comment the acceptance path could not post itself (an invalid config on an automatic trigger). */
export interface NoticePayload {
  repo: RepoRef;
  target: ReplyTarget;
  body: string;
}

export type PullCommand = 'fix' | 'fix-ci' | 'suggest' | 'review' | 'ask' | 'describe';

type Envelope<K extends string, P> = Omit<JobData, 'kind' | 'payload'> & { kind: K; payload: P };

export type PullJob = Envelope<PullCommand, PullPayload>;
export type IssueJob = Envelope<'issue-fix', IssuePayload>;
export type NoticeJob = Envelope<'notice', NoticePayload>;
export type CiResumeJob = Envelope<'ci-resume', CiResumePayload>;

/** Every job Spark enqueues. Add a command: a member here, a case in `parseJob` and in the processor. */
export type SparkJob = PullJob | IssueJob | NoticeJob | CiResumeJob;

/**
 * A dequeued job, checked: an unknown kind or a payload without its keys (a job written by
 * another version, or by hand) is refused here rather than failing half-way through a job.
 */
export function parseJob(job: JobData): SparkJob {
  const p = job.payload;
  if (typeof p !== 'object' || p === null) throw new InvalidJobError(`\`payload\` of ${job.id} is not an object`);
  const has = (keys: Record<string, 'string' | 'number' | 'boolean' | 'object'>): void => {
    for (const [name, type] of Object.entries(keys)) {
      const value: unknown = (p as Record<string, unknown>)[name];
      if (typeof value !== type || value === null) throw new InvalidJobError(`\`payload.${name}\` of ${job.kind} job ${job.id} must be a ${type}`);
    }
  };
  const command = { repo: 'object', instruction: 'string', requester: 'object', config: 'object', deliveryId: 'string' } as const;
  switch (job.kind) {
    case 'fix':
    case 'fix-ci':
    case 'suggest':
    case 'review':
    case 'ask':
    case 'describe':
      has({ ...command, pinned: 'object', announce: 'boolean', reply: 'object' });
      return { ...job, kind: job.kind, payload: p as PullPayload };
    case 'issue-fix':
      has({ ...command, issueNumber: 'number', trigger: 'string', issueText: 'object' });
      return { ...job, kind: job.kind, payload: p as IssuePayload };
    case 'notice':
      has({ repo: 'object', target: 'object', body: 'string' });
      return { ...job, kind: job.kind, payload: p as NoticePayload };
    case 'ci-resume':
      has({ repo: 'object', number: 'number', sha: 'string', comment: 'object', botLogin: 'string', deliveryId: 'string' });
      return { ...job, kind: job.kind, payload: p as CiResumePayload };
    default:
      throw new InvalidJobError(`unknown job kind \`${job.kind}\` (job ${job.id})`);
  }
}
