import type { SparkConfig } from '../config/schema.js';

/** Job kind on the queue for `/spark fix` on an issue (or the configured label). */
export const ISSUE_FIX_KIND = 'issue-fix';

/**
 * What an issue job needs, as plain JSON (it crosses Redis). The issue text and the branch
 * heads are read by the job itself, in one round trip, so they are current when it runs.
 */
export interface IssueJobPayload {
  /** The maintainer's words after `/spark fix` ('' for a bare command or a label). */
  instruction: string;
  owner: string;
  repo: string;
  issueNumber: number;
  /** Who asked: the commenter, or whoever added the label. */
  commenter: { login: string; id: number };
  commentUrl?: string;
  trigger: 'comment' | 'label';
  config: SparkConfig;
  deliveryId: string;
  /** Epoch ms when the webhook arrived, for end-to-end latency. */
  receivedAt: number;
}
