import { SparkError } from '../errors.js';
import type { PinnedPullRequest } from './pin.js';

export const HEAD_REPOSITORY_GONE =
  'The repository this pull request comes from was deleted, so Spark cannot push to its branch and did nothing. Open a new pull request from an existing branch.';

/** A fork PR whose head repository was deleted: there is no branch to push to. */
export class HeadRepositoryGoneError extends SparkError {}

/**
 * "owner/repo" holding the PR's branch. A cross-repository PR whose head repository is gone is
 * refused: falling back to the base repository would push to a same-named branch there.
 */
export function pushTarget(pinned: Pick<PinnedPullRequest, 'isCrossRepository' | 'headNameWithOwner' | 'baseNameWithOwner' | 'headRef' | 'number'>): string {
  if (pinned.headNameWithOwner) return pinned.headNameWithOwner;
  if (!pinned.isCrossRepository) return pinned.baseNameWithOwner;
  throw new HeadRepositoryGoneError(`PR #${pinned.number} comes from a fork that was deleted (head ${pinned.headRef})`, {
    userMessage: HEAD_REPOSITORY_GONE,
  });
}
