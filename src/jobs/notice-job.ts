import { postComment } from '../github/comments.js';
import type { Octokit } from '../github/types.js';
import type { NoticeJob } from './job-data.js';

/** Posts one comment. Queued (not posted by the handler) so the queue's dedupe makes it "once". */
export async function runNotice(octokit: Octokit, job: NoticeJob): Promise<void> {
  await postComment(octokit, job.payload.repo, job.payload.target, job.payload.body);
}
