import type { ModelClient } from './model/types.js';

/** A model client that can open its connection ahead of the first turn. */
export type WarmableModel = ModelClient & { warm?: (signal?: AbortSignal) => Promise<void> };
import type { JobQueue } from './queue/types.js';

/** Collaborators of the app, injected so tests and the benchmark can swap them. */
export interface AppDeps {
  queue: JobQueue;
  model: WarmableModel;
  /** Abort the running job of a group ("owner/repo#n"); true when one was running. */
  cancel: (group: string) => boolean;
  /** When the webhook with this delivery id arrived (epoch ms), for end-to-end latency. */
  receivedAt: (deliveryId: string) => number;
  /** This app's bot login ("<slug>[bot]"), resolved once. */
  botLogin: () => Promise<string>;
  /** Status edits at most this often (ms). */
  statusIntervalMs?: number;
}
