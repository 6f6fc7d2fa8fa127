/**
 * The commit mutation of a job, made at most once per job id even across worker crashes.
 *
 * Before `createCommitOnBranch` is sent, the job's record says which head it is sent against;
 * after it returns, the record holds the commit. A replay (BullMQ re-runs a job whose worker
 * died) calls `priorCommit` first: a recorded commit is the job's outcome; a commit that was
 * sent but whose answer was lost is looked up on the branch by its `Spark-Job:` trailer on
 * top of the recorded head. Only when neither exists does the replay do the work again.
 */
import type { CommitRequest, CommitResult } from '../github/commit.js';
import { recentBranchCommits } from '../github/recent-commits.js';
import type { Octokit } from '../github/types.js';
import type { JobRecords, RecordedCommit } from './job-record.js';

export interface JobKey {
  id: string;
  group: string;
}

/** `Spark-Job: <id>` trailer: lets a replay recognise the commit its first attempt made. */
export function jobTrailer(jobId: string): string {
  return `Spark-Job: ${jobId}`;
}

export function withJobTrailer(request: CommitRequest, jobId: string): CommitRequest {
  const trailer = jobTrailer(jobId);
  return { ...request, body: request.body ? `${request.body}\n${trailer}` : trailer };
}

export interface CommitOnceHooks {
  /** Last chance to stop: throws (e.g. `signal.throwIfAborted()`) to send nothing. */
  beforeSend?: () => void;
  /** The mutation is on the wire: from here a cancel can no longer prevent the commit. */
  onSent?: () => void;
}

export async function commitOnce(
  records: JobRecords,
  job: JobKey,
  request: CommitRequest,
  send: (request: CommitRequest) => Promise<CommitResult>,
  hooks: CommitOnceHooks = {},
): Promise<CommitResult> {
  hooks.beforeSend?.();
  await records.update(job.id, { commitSentOn: request.expectedHeadOid });
  hooks.beforeSend?.();
  hooks.onSent?.();
  const result = await send(withJobTrailer(request, job.id));
  const commit: RecordedCommit = { oid: result.oid, url: result.url, parent: request.expectedHeadOid };
  await Promise.all([records.update(job.id, { commit }), records.addCommit(job.group, commit)]);
  return result;
}

/**
 * What an earlier attempt of this job already pushed, if anything. One GitHub read, and only
 * when a previous attempt sent the mutation without recording its answer.
 */
export async function priorCommit(
  octokit: Octokit,
  records: JobRecords,
  job: JobKey,
  branch: { nameWithOwner: string; name: string },
): Promise<RecordedCommit | undefined> {
  const record = await records.get(job.id);
  if (record.commit) return record.commit;
  if (!record.commitSentOn) return undefined;
  const [owner, repo] = branch.nameWithOwner.split('/') as [string, string];
  const trailer = jobTrailer(job.id);
  const landed = (await recentBranchCommits(octokit, { owner, repo }, branch.name)).find(
    (c) => c.parent === record.commitSentOn && c.message.split('\n').some((line) => line.trim() === trailer),
  );
  if (!landed) return undefined;
  const commit: RecordedCommit = { oid: landed.oid, url: landed.url, parent: record.commitSentOn };
  await Promise.all([records.update(job.id, { commit }), records.addCommit(job.group, commit)]);
  return commit;
}
