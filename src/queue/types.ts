/**
 * Contract of the job queue. Job data is plain JSON so it survives Redis: the worker
 * re-creates an installation Octokit from `installationId`. The queue never looks inside
 * `payload`; the app's job type (src/jobs/job-data.ts) gives it its shape per `kind`.
 */
export interface JobData {
  /** X-GitHub-Delivery id (plus comment id): the idempotency key. */
  id: string;
  /** Serialization key, e.g. "owner/repo#12": two jobs with one key never run at once. */
  group: string;
  /** What the job does, e.g. 'fix' | 'suggest' | 'review' (a metrics label, and the payload's discriminant). */
  kind: string;
  installationId: number;
  /** JSON; checked by the processor when the job is taken (`parseJob`). */
  payload: unknown;
  /** ms since epoch when the webhook arrived: lets the worker observe end-to-end latency. */
  receivedAt?: number;
}

export interface EnqueueResult {
  /** false when a job with this id was already accepted (redelivery). */
  accepted: boolean;
  /** Jobs of the same group ahead of this one (0 = runs now). */
  waiting: number;
}

/** How a job ended, as counted by `spark_jobs_total{outcome}`. */
export type JobOutcome = 'completed' | 'failed' | 'aborted';

/**
 * Optional observers shared by both backends, so metrics and error reporting do not depend
 * on which queue is configured.
 */
export interface QueueHooks {
  /** A processor threw: the queue keeps running; report it here (the job is not retried). */
  onError?(error: unknown, job: JobData): void;
  /** Enqueue outcome: `accepted: false` means a redelivery was dropped. */
  onEnqueued?(job: JobData, result: EnqueueResult): void;
  /** A job is about to run; `waitedMs` = time since enqueue. */
  onStart?(job: JobData, waitedMs: number): void;
  /** A job finished; `durationMs` = processor run time. */
  onSettled?(job: JobData, outcome: JobOutcome, durationMs: number): void;
}

export type JobProcessor = (job: JobData, signal: AbortSignal) => Promise<void>;

export interface JobQueue {
  enqueue(job: JobData): Promise<EnqueueResult>;
  /** Start processing (receivers that only enqueue never call this). */
  process(processor: JobProcessor): void;
  /** Jobs waiting + running. */
  depth(): Promise<number>;
  /** Age in ms of the oldest job waiting or running, 0 when there is none (a metrics gauge). */
  oldestAgeMs?(): Promise<number>;
  /** Stop taking jobs and wait for in-flight ones (graceful shutdown). */
  close(): Promise<void>;
}
