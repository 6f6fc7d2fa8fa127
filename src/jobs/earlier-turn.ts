/**
 * A follow-up's reads: the Spark fix a `/spark fix` continues (see src/conversation/), found in
 * this app's own comments on the PR, and what Spark committed for it, as GitHub has it. Run
 * beside the snapshot reads. A failed read is logged and the command runs as a first one.
 */
import { pickEarlierTurn } from '../conversation/earlier-turn.js';
import { hasJobTrailer } from '../exactly-once/commit-once.js';
import { botIssueComments } from '../github/bot-issue-comments.js';
import { botReviewReplies } from '../github/bot-review-replies.js';
import { readCommitDiff } from '../github/commit-diff.js';
import type { Log, Octokit, RepoRef } from '../github/types.js';
import type { PullPayload } from './job-data.js';

export interface EarlierTurn {
  instruction: string;
  commit: { oid: string; url: string; diff: string };
  /** That turn's status comment. */
  status: { url: string };
  sameThread: boolean;
  /** The stored model response of that turn (SPARK_STORE=true), to chain to. */
  response?: string;
}

export async function readEarlierTurn(
  octokit: Octokit,
  repo: RepoRef,
  job: Pick<PullPayload, 'botLogin' | 'config' | 'reply' | 'pinned'>,
  receivedAt: number,
  log: Pick<Log, 'debug' | 'info' | 'warn'>,
): Promise<EarlierTurn | undefined> {
  const { hours } = job.config.conversation;
  if (hours === 0) return void log.debug('conversation.hours is 0: no follow-up');
  if (!job.botLogin) return void log.debug('the app login is unknown: no follow-up');
  try {
    const number = job.pinned.number;
    const [conversation, threads] = await Promise.all([
      botIssueComments(octokit, repo, number, job.botLogin),
      botReviewReplies(octokit, repo, number, job.botLogin),
    ]);
    const thread = job.reply.kind === 'thread' ? job.reply.commentId : undefined;
    const ref = pickEarlierTurn([...conversation, ...threads], { thread, receivedAt, hours });
    if (!ref) return void log.debug({ hours, thread }, 'no earlier Spark fix to continue');
    const commit = await readCommitDiff(octokit, repo, ref.record.oid);
    // The record names a commit; only one Spark made is continued (an edited record may name any).
    if (commit.oid !== ref.record.oid || !hasJobTrailer(commit.message)) {
      return void log.info({ oid: ref.record.oid, comment: ref.comment.id }, 'the earlier turn names a commit Spark did not make: not continued');
    }
    log.info({ oid: commit.oid, comment: ref.comment.id, sameThread: ref.sameThread, chained: ref.record.response !== undefined }, 'continuing an earlier Spark fix');
    return {
      instruction: ref.record.instruction,
      commit: { oid: commit.oid, url: commit.url, diff: commit.diff },
      status: { url: ref.comment.url },
      sameThread: ref.sameThread,
      ...(ref.record.response && { response: ref.record.response }),
    };
  } catch (error) {
    log.warn({ err: error }, 'could not read the earlier Spark fix; running as a first command');
    return undefined;
  }
}
