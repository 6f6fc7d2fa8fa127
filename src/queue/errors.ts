import { SparkError } from '../errors.js';

/** enqueue() after close(): the process is shutting down. */
export class QueueClosedError extends SparkError {
  constructor(jobId: string) {
    super(
      `Job ${jobId} was not enqueued: the queue is closed (the process is shutting down). ` +
        'GitHub can redeliver the webhook from the App settings → Advanced once a receiver is up.',
      { userMessage: 'spark-patch is restarting; please repeat the command in a minute.' },
    );
  }
}

/** A job whose id or group cannot be used as a key. */
export class InvalidJobError extends SparkError {
  constructor(detail: string) {
    super(
      `Invalid job: ${detail}. Pass the X-GitHub-Delivery id (plus comment id) as \`id\` and ` +
        '"owner/repo#number" as `group`.',
    );
  }
}

/** Redis refused or dropped a command the queue cannot do without. */
export class RedisUnavailableError extends SparkError {
  constructor(action: string, cause: unknown) {
    super(
      `Redis failed while ${action}. Check that REDIS_URL points at a running Redis ` +
        '(e.g. `redis-server --appendonly yes`) or unset REDIS_URL to use the in-process queue.',
      { cause, userMessage: 'spark-patch could not queue this command; please try again shortly.' },
    );
  }
}

/** A processor was aborted because the queue shut down or lost the per-PR lock. */
export class JobAbortedError extends SparkError {
  constructor(jobId: string, reason: string) {
    super(`Job ${jobId} aborted: ${reason}.`, {
      userMessage: 'spark-patch stopped this command before it finished; please repeat it.',
    });
  }
}
