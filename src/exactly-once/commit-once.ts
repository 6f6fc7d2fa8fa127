/**
 * The commit mutation of a job, made at most once per job id even across worker crashes.
 *
 * Before `createCommitOnBranch` is sent, the job's record says which head it is sent against;
 * after it returns, the record holds the commit. A replay (BullMQ re-runs a job whose worker
 * died) calls `priorCommit` first: a recorded commit is the job's outcome; a commit that was
 * sent but whose answer was lost is looked up on the branch by its `Spark-Job:` trailer on
 * top of the recorded head. Only when neither exists does the replay do the work again.
 */
import { createCommit, type CommitRequest, type CommitResult } from '../github/commit.js';
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

/** Whether a commit message carries a `Spark-Job:` trailer line, i.e. Spark made the commit. */
export function hasJobTrailer(message: string): boolean {
  return /^Spark-Job: \S+$/m.test(message);
}

export function withJobTrailer(request: CommitRequest, jobId: string): CommitRequest {
  const trailer = jobTrailer(jobId);
  return { ...request, body: request.body ? `${request.body}\n${trailer}` : trailer };
}

export interface CommitOnceHooks {
  /** Last chance to stop: throws (e.g. `signal.throwIfAborted()`) to send nothing. */
  beforeSend?: () => void;
  /** The mutation is on the wire: from here a cancel can no longer prevent the commit. */
  onSent?: (inFlight: Promise<CommitResult>) => void;
}

/** What a job needs to commit at most once: its records and its identity. */
export interface OnceDeps {
  records: JobRecords;
  job: JobKey;
  /** Told when the mutation is sent (so `/spark cancel` can say whether the commit landed). */
  onSent?: (inFlight: Promise<CommitResult>) => void;
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
  const inFlight = send(withJobTrailer(request, job.id));
  hooks.onSent?.(inFlight);
  const result = await inFlight;
  const commit: RecordedCommit = { oid: result.oid, url: result.url, parent: request.expectedHeadOid };
  await Promise.all([records.update(job.id, { commit }), records.addCommit(job.group, commit)]);
  return result;
}

/**
 * The job's commit mutation: never sent once the job's signal aborted (a `/spark cancel` that
 * arrives first stops it), and made at most once per job id when the job has records.
 */
export async function commitForJob(deps: { octokit: Octokit; signal?: AbortSignal; once?: OnceDeps }, request: CommitRequest): Promise<CommitResult> {
  const send = (r: CommitRequest) => createCommit(deps.octokit, r);
  const beforeSend = () => deps.signal?.throwIfAborted();
  if (!deps.once) {
    beforeSend();
    return send(request);
  }
  return commitOnce(deps.once.records, deps.once.job, request, send, { beforeSend, onSent: deps.once.onSent });
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
