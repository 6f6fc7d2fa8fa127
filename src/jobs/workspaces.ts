/** What each job kind reads before the model: the shared `Workspace` plus what its delivery needs. */
import type { IssueBranchSnapshot } from '../github/issue-branch.js';
import type { ReviewGroup } from '../review/pack-groups.js';
import type { Workspace } from './run-job.js';
import type { Snapshot } from './snapshot.js';

export interface PullWorkspace extends Workspace {
  /** The PR at the pinned head: its whole diff (suggestions anchor on it) and what changed since the last review. */
  pr: Snapshot;
  /** A review too big for one window: its file groups, each reviewed by its own turn (review-turns.ts). */
  groups?: ReviewGroup[];
}

export interface IssueWorkspace extends Workspace {
  /** Default head, `spark/issue-<n>`, its open PR and the issue text, pinned in one round trip. */
  pinned: IssueBranchSnapshot;
}
