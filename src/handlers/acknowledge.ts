import type { AppDeps } from '../app-deps.js';
import { addEyes, postComment, type ReplyTarget } from '../github/comments.js';
import type { Log, Octokit, RepoRef } from '../github/types.js';
import { queuedBehind } from './replies.js';

/**
 * After a job is queued: 👀 on the command, and a note when it has to wait for others on the
 * same PR/issue. Not awaited — the webhook response must not wait on writes that GitHub paces
 * (notifying requests) — and a failure is only logged: the job's own status comment follows.
 * The writes are handed to `deps.defer`, so a test can wait until they are done.
 */
export function acknowledge(
  context: { log: Pick<Log, 'warn'> },
  deps: Pick<AppDeps, 'defer'>,
  github: { octokit: Octokit; repo: RepoRef },
  ack: { comment?: { id: number; kind: 'issue' | 'review' }; waiting: number; reply?: ReplyTarget; subject: 'PR' | 'issue' },
): void {
  const writes: Array<Promise<unknown>> = [];
  if (ack.comment) writes.push(addEyes(github.octokit, github.repo, ack.comment));
  if (ack.waiting > 0 && ack.reply) writes.push(postComment(github.octokit, github.repo, ack.reply, queuedBehind(ack.waiting, ack.subject)));
  for (const write of writes) deps.defer(write.catch((error: unknown) => context.log.warn({ err: error }, 'acknowledgement failed')));
}
