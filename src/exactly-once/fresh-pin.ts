import { pinPullRequest } from '../github/pin.js';
import type { Log, Octokit } from '../github/types.js';
import type { PullJob } from '../jobs/job-data.js';
import type { JobRecords } from './job-record.js';
import { onlySparkCommitsBetween } from './spark-chain.js';

/**
 * A fix that waited behind other Spark jobs on its PR was pinned at the head it saw when it was
 * accepted; Spark's own commits have moved the branch since, so its first commit would fail
 * with STALE_DATA. When the records show that Spark's commits are the *only* new ones, the job
 * starts from the current head instead (one GraphQL read, only in that case). Anyone else's
 * commit in between keeps the original pin (the commit path then re-checks it).
 */
export async function startFromSparkHead(octokit: Octokit, records: JobRecords, job: PullJob, configPath: string, log: Pick<Log, 'debug' | 'info'>): Promise<PullJob> {
  if (job.kind !== 'fix') return job;
  const pinned = job.payload.pinned;
  const latest = await records.latestCommit(job.group);
  if (!latest || latest === pinned.headSha || !(await onlySparkCommitsBetween(records, job.group, pinned.headSha, latest))) {
    log.debug({ latest }, 'no Spark commit since the pin: starting from the pinned head');
    return job;
  }
  const fresh = await pinPullRequest(octokit, job.payload.repo, pinned.number, configPath);
  const sparkOnly = fresh.headSha === latest || (await onlySparkCommitsBetween(records, job.group, pinned.headSha, fresh.headSha));
  if (!sparkOnly || fresh.state !== 'OPEN' || fresh.headRef !== pinned.headRef) {
    log.debug({ head: fresh.headSha }, 'the branch has commits that are not Spark’s: keeping the pinned head');
    return job;
  }
  log.info({ from: pinned.headSha, to: fresh.headSha }, 'only Spark’s own commits since the pin: starting from the current head');
  return { ...job, payload: { ...job.payload, pinned: fresh } };
}
