import type { Probot } from 'probot';
import { startFromSparkHead } from '../exactly-once/fresh-pin.js';
import type { JobRecords } from '../exactly-once/job-record.js';
import { inWriteLane } from '../github/pace.js';
import type { ModelClient } from '../model/types.js';
import type { JobData, JobProcessor } from '../queue/types.js';
import type { CancelRegistry } from './cancel.js';
import { ciJobSpec } from './ci-job.js';
import { continuationJob, replayedCiJob } from './ci-continuation.js';
import type { CiJobDeps } from './ci-workspace.js';
import { CheckWaiters } from '../ci/check-waiters.js';
import { issueJobSpec } from './issue-job.js';
import { parseJob, type PullJob, type SparkJob } from './job-data.js';
import { runNotice } from './notice-job.js';
import { pullJobSpec } from './pull-job.js';
import { runJob, type JobReport } from './run-job.js';

export interface ProcessorDeps {
  model: ModelClient;
  cancels: CancelRegistry;
  /** Job outcome records: a replayed job ends with its first commit and status comment. */
  records?: JobRecords;
  statusIntervalMs?: number;
  /** The config file the app reads (a fix-ci continuation reloads it; re-pins read it with the PR). */
  configPath: string;
  /**
   * `/spark fix-ci`: where its rounds wait for the checks, fed by the check_suite/status webhooks
   * of this process. A worker without webhooks gets its own and relies on the poll.
   */
  ci?: CiJobDeps;
  /** Every command job's report (notices have none). */
  onFinished?: (job: SparkJob, report: JobReport) => void;
}

/**
 * Turns queued JSON back into a running job: checked (`parseJob`), a fresh installation token
 * per job (Probot caches and refreshes them, so long jobs do not outlive their token), a child
 * logger, and the one switch over job kinds. A job's writes go in the `job` pacing lane (a
 * notice is a reply, in the `reply` lane).
 */
export function createProcessor(app: Probot, deps: ProcessorDeps): JobProcessor {
  const ci = deps.ci ?? { waiters: new CheckWaiters() };
  return async (data: JobData, signal) => {
    const job = parseJob(data);
    const octokit = await app.auth(job.installationId);
    if (job.kind === 'notice') return runNotice(octokit, job);
    const log = app.log.child({ job: job.id, group: job.group });
    const tracked = deps.cancels.track(job.group, signal);
    try {
      const { records } = deps;
      const once = records && { records, job: { id: job.id, group: job.group }, onSent: tracked.onSent };
      const { configPath } = deps;
      const jobDeps = { octokit, model: deps.model, log, signal: tracked.signal, statusIntervalMs: deps.statusIntervalMs, once, configPath };
      // A replayed fix-ci job (a crash during its wait) goes on from its status comment's loop record.
      const runCi = (pull: PullJob) => (records ? replayedCiJob(octokit, records, pull, configPath, log).catch(() => pull) : Promise.resolve(pull)).then((current) => runJob(ciJobSpec(current, ci), jobDeps));
      const report = await inWriteLane('job', () => {
        switch (job.kind) {
          case 'fix-ci':
            return runCi(job);
          case 'ci-resume':
            return continuationJob(octokit, job, configPath, log).then((pull) => (pull ? runJob(ciJobSpec(pull, ci), jobDeps) : undefined));
          case 'fix':
          case 'suggest':
          case 'review':
          case 'ask':
          case 'describe':
            // A bare `/spark fix` on a PR whose head is red fixes the checks (a plain fix otherwise).
            if (job.kind === 'fix' && job.payload.instruction === '' && !job.payload.focus) return runCi(job);
            return (records ? startFromSparkHead(octokit, records, job, configPath, log).catch(() => job) : Promise.resolve(job)).then((current) => runJob(pullJobSpec(current), jobDeps));
          case 'issue-fix':
            return runJob(issueJobSpec(job), jobDeps);
        }
      });
      if (report) deps.onFinished?.(job, report);
    } finally {
      tracked.done();
    }
  };
}
