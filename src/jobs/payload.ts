import type { SparkConfig } from '../config/schema.js';
import type { FocusRange } from '../context/types.js';
import type { ReplyTarget } from '../github/comments.js';
import type { PinnedPullRequest } from '../github/pin.js';

/**
 * Everything a worker needs, as plain JSON (it crosses Redis). The head SHA in `pinned`
 * was fixed when the command was accepted; nothing later re-reads the branch tip.
 */
export interface PatchJobPayload {
  command: 'fix' | 'suggest' | 'review';
  instruction: string;
  owner: string;
  repo: string;
  pullNumber: number;
  commenter: { login: string; id: number };
  commentUrl?: string;
  pinned: PinnedPullRequest;
  /** Post a status comment (at `reply`) and keep it current; false for auto-review. */
  announce: boolean;
  reply: ReplyTarget;
  focus?: FocusRange;
  /** Review: the head Spark reviewed last time; only what changed since is reviewed. */
  since?: string;
  config: SparkConfig;
  deliveryId: string;
  /** Epoch ms when the webhook arrived, for end-to-end latency. */
  receivedAt: number;
}
