import { editComment, postComment, type PostedComment, type ReplyTarget } from '../github/comments.js';
import { renderStatus, type StatusState } from './status-render.js';
import { StatusWriter } from './status-writer.js';
import type { Log, Octokit, RepoRef } from '../github/types.js';

/**
 * The job's status comment: posted when the job starts (without waiting for it — the job's
 * first reads run meanwhile), then edited in place by a throttled StatusWriter. Without
 * `announce` (auto-review) nothing is posted and updates go nowhere.
 */
export function openStatus(
  github: { octokit: Octokit; repo: RepoRef; log: Log },
  target: ReplyTarget,
  initial: StatusState,
  options: {
    announce: boolean;
    minIntervalMs?: number;
    now?: () => number;
    /** The comment an earlier attempt of this job posted: edited, no new one is posted. */
    existing?: Pick<PostedComment, 'id' | 'kind'>;
    /** Awaited before the comment is posted (the job records that it is about to post one). */
    beforePost?: () => Promise<void>;
    /** Told the new comment (the job records it for a replay). */
    onPosted?: (comment: PostedComment) => Promise<void>;
  },
): StatusWriter {
  if (!options.announce) return new StatusWriter(async () => undefined, initial, options);
  const posted = options.existing
    ? Promise.resolve(options.existing)
    : (options.beforePost?.() ?? Promise.resolve())
        .catch((error: unknown) => github.log.warn({ err: error }, 'could not record that the status comment is being posted'))
        .then(() => postComment(github.octokit, github.repo, target, renderStatus(initial)))
        .then(async (comment) => {
          await options.onPosted?.(comment).catch((error: unknown) => github.log.warn({ err: error }, 'could not record the status comment'));
          return comment;
        });
  // Observed here so a failed post is logged once, not reported as an unhandled rejection.
  posted.catch((error: unknown) => github.log.warn({ err: error }, 'could not post the status comment'));
  return new StatusWriter(
    async (body) => {
      const comment = await posted;
      await editComment(github.octokit, github.repo, comment, body);
    },
    initial,
    options,
  );
}
