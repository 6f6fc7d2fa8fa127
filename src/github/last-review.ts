import type { Octokit, RepoRef } from './types.js';

/**
 * The head SHA of the newest review this app posted on the PR, so a re-requested review can
 * cover only what changed since. Reviews come oldest first; all pages are read because a
 * busy PR can have more than 100.
 */
export async function lastReviewedSha(octokit: Octokit, repo: RepoRef, pullNumber: number, botLogin: string): Promise<string | undefined> {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { ...repo, pull_number: pullNumber, per_page: 100 });
  for (let i = reviews.length - 1; i >= 0; i--) {
    const review = reviews[i]!;
    if (review.user?.login === botLogin && review.commit_id) return review.commit_id;
  }
  return undefined;
}
