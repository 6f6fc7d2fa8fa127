/**
 * Contract of the job queue (issue #7). Job data is plain JSON so it survives Redis:
 * the worker re-creates an installation Octokit from `installationId`.
 */
export interface JobData {
  /** X-GitHub-Delivery id (plus comment id): the idempotency key. */
  id: string;
  /** Serialization key, e.g. "owner/repo#12": two jobs with one key never run at once. */
  group: string;
  /** What the job does, e.g. 'fix' | 'suggest' | 'review'. */
  kind: string;
  installationId: number;
  payload: Record<string, unknown>;
}

export interface EnqueueResult {
  /** false when a job with this id was already accepted (redelivery). */
  accepted: boolean;
  /** Jobs of the same group ahead of this one (0 = runs now). */
  waiting: number;
}

export type JobProcessor = (job: JobData, signal: AbortSignal) => Promise<void>;

export interface JobQueue {
  enqueue(job: JobData): Promise<EnqueueResult>;
  /** Start processing (receivers that only enqueue never call this). */
  process(processor: JobProcessor): void;
  /** Jobs waiting + running. */
  depth(): Promise<number>;
  /** Stop taking jobs and wait for in-flight ones (graceful shutdown). */
  close(): Promise<void>;
}
