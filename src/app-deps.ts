import type { CheckWaiters } from './ci/check-waiters.js';
import type { ModelClient } from './model/types.js';
import type { JobQueue } from './queue/types.js';

/** A model client that can open its connection ahead of the first turn. */
export type WarmableModel = ModelClient & { warm?: (signal?: AbortSignal) => Promise<void> };

/** Collaborators of the handlers, injected so tests and the benchmark can swap them. */
export interface AppDeps {
  queue: JobQueue;
  model: WarmableModel;
  /** Abort the running job of a group ("owner/repo#n"); true when one was running. */
  cancel: (group: string) => boolean;
  /** When the webhook with this delivery id arrived (epoch ms), for end-to-end latency. */
  receivedAt: (deliveryId: string) => number;
  /** This app's bot login ("<slug>[bot]"), resolved once. */
  botLogin: () => Promise<string>;
  /** Where `/spark fix-ci` loops wait for checks; a newly accepted command on the PR ends its loop. */
  ciWaiters?: CheckWaiters;
  /** Takes work the webhook response does not wait for (already caught): tests await it via `settled()`. */
  defer: (work: Promise<unknown>) => void;
}
