import type { DeliveryReconciler } from './exactly-once/delivery-reconciler.js';
import type { ReplyLimiter } from './exactly-once/reply-limiter.js';
import type { CancelOutcome } from './jobs/cancel.js';
import type { CheckWaiters } from './ci/check-waiters.js';
import type { ModelClient } from './model/types.js';
import type { JobQueue } from './queue/types.js';

/** A model client that can open its connection ahead of the first turn. */
export type WarmableModel = ModelClient & { warm?: (signal?: AbortSignal) => Promise<void> };

/** Collaborators of the handlers, injected so tests and the benchmark can swap them. */
export interface AppDeps {
  queue: JobQueue;
  model: WarmableModel;
  /** Abort the running job of a group ("owner/repo#n") and say what really happened. */
  cancel: (group: string) => Promise<CancelOutcome>;
  /** One no-access reply per user × PR an hour (👎 after that). */
  replies: ReplyLimiter;
  /** Receivers note deliveries they could not queue; it redelivers them once the queue is back. */
  reconciler?: Pick<DeliveryReconciler, 'noteFailure'>;
  /** When the webhook with this delivery id arrived (epoch ms), for end-to-end latency. */
  receivedAt: (deliveryId: string) => number;
  /** This app's bot login ("<slug>[bot]"), resolved once. */
  botLogin: () => Promise<string>;
  /** Where `/spark fix-ci` loops wait for checks; a newly accepted command on the PR ends its loop. */
  ciWaiters?: CheckWaiters;
  /** The repository config file every trigger reads (`.github/spark.yml`; the Action's `config` input). */
  configPath: string;
  /** Takes work the webhook response does not wait for (already caught): tests await it via `settled()`. */
  defer: (work: Promise<unknown>) => void;
}
