/**
 * A `/spark fix-ci` loop that outlived its process: the status comment's record (src/ci/rounds.ts)
 * says which round pushed which commit and which commit the loop waits on, so a continuation
 * goes on from there as the same command, in the same comment, pinned to that commit.
 */
import { parseRounds } from '../ci/rounds.js';
import { waitingLoop } from '../ci/waiting-loop.js';
import { ConfigError } from '../config/schema.js';
import { loadConfig } from '../config/load.js';
import type { JobRecords } from '../exactly-once/job-record.js';
import { botIssueComments } from '../github/bot-issue-comments.js';
import { issueCommentBody } from '../github/issue-comment-body.js';
import { pinPullRequest } from '../github/pin.js';
import type { Log, Octokit } from '../github/types.js';
import type { CiResumeJob, PullJob } from './job-data.js';

/**
 * The fix-ci job a `ci-resume` job stands for, or undefined when the loop is no longer waiting
 * on that commit (it went on, ended, or a newer comment of this app superseded it): then nothing
 * is written. A push after Spark's commit is judged by the job itself (it stops and says so).
 */
export async function continuationJob(octokit: Octokit, job: CiResumeJob, configPath: string, log: Pick<Log, 'info'>): Promise<PullJob | undefined> {
  const { repo, number, sha, comment, botLogin } = job.payload;
  const loop = waitingLoop(await botIssueComments(octokit, repo, number, botLogin), sha);
  if (!loop || loop.comment.id !== comment.id || !loop.record.command) {
    log.info({ sha, comment: comment.id }, 'ci: the loop no longer waits on this commit; nothing to continue');
    return undefined;
  }
  const pinned = await pinPullRequest(octokit, repo, number, configPath);
  const config = await loadConfig(octokit, repo, configPath, pinned.configText);
  if (config instanceof ConfigError) {
    log.info({ err: config }, 'ci: the config is invalid now; the loop is not continued');
    return undefined;
  }
  const { instruction, requester, commentUrl } = loop.record.command;
  return {
    ...job,
    kind: 'fix-ci',
    payload: { repo, instruction, requester, commentUrl, config, deliveryId: job.payload.deliveryId, pinned, announce: true, reply: { kind: 'issue', number }, resume: { comment: loop.comment, record: loop.record } },
  };
}

/**
 * A replayed fix-ci job (its worker died during a wait, or after the loop's last word) goes on
 * from its status comment's record instead of starting again from round 1's reads; a job whose
 * comment has no record runs as it is.
 */
export async function replayedCiJob(octokit: Octokit, records: JobRecords, job: PullJob, configPath: string, log: Pick<Log, 'info'>): Promise<PullJob> {
  const status = (await records.get(job.id)).status;
  if (!status || status.kind !== 'issue') return job;
  const record = parseRounds(await issueCommentBody(octokit, job.payload.repo, status.id));
  if (!record || !(record.waitingOn || record.end) || !record.rounds.some((r) => r.commit)) return job;
  log.info({ sha: record.waitingOn, round: record.rounds.length, ended: !!record.end }, 'ci: a replay goes on with its recorded loop');
  const pinned = await pinPullRequest(octokit, job.payload.repo, job.payload.pinned.number, configPath);
  return { ...job, kind: 'fix-ci', payload: { ...job.payload, pinned, resume: { comment: { id: status.id, kind: 'issue' }, record } } };
}
