import { createReview } from '../../github/review.js';
import { toSuggestions } from '../../patch/index.js';
import type { PullPayload } from '../job-data.js';
import type { Delivery } from '../run-job.js';
import type { PullWorkspace } from '../workspaces.js';

/**
 * Delivers a patch as one COMMENT review: suggestions on lines of the PR diff, other changes as a
 * diff in the body (`/spark suggest`, and a fix Spark may not push). `/spark review` has its own
 * delivery that explains each finding (explained-review.ts).
 */
export function reviewDelivery(job: PullPayload, command: string, options: { note?: string } = {}): Delivery<PullWorkspace> {
  return async (run, workspace, generated) => {
    const { result } = generated;
    const { pr } = workspace;
    // Suggestions anchor on the whole PR diff at the pinned head, whatever the model was shown.
    const mapped = toSuggestions(result, pr.diff);
    const lines = [`Spark suggestions for: ${job.instruction || `/spark ${command}`}`];
    if (mapped.bodyDiff) {
      lines.push('', 'Changes outside the PR diff (apply them locally):', '', '```diff', mapped.bodyDiff.trimEnd(), '```');
    }
    const sentAt = run.now();
    const review = await createReview(run.deps.octokit, run.repo, {
      pullNumber: job.pinned.number,
      commitId: job.pinned.headSha,
      body: lines.join('\n'),
      comments: mapped.comments,
    });
    return { outcome: { kind: 'review', url: review.url, suggestions: mapped.comments.length, inBody: mapped.skipped }, note: options.note, sentAt };
  };
}
