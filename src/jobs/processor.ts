import type { Probot } from 'probot';
import { inWriteLane } from '../github/pace.js';
import type { ModelClient } from '../model/types.js';
import type { JobData, JobProcessor } from '../queue/types.js';
import type { CancelRegistry } from './cancel.js';
import { issueJobSpec } from './issue-job.js';
import { parseJob, type SparkJob } from './job-data.js';
import { runNotice } from './notice-job.js';
import { pullJobSpec } from './pull-job.js';
import { runJob, type JobReport } from './run-job.js';

export interface ProcessorDeps {
  model: ModelClient;
  cancels: CancelRegistry;
  statusIntervalMs?: number;
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
  return async (data: JobData, signal) => {
    const job = parseJob(data);
    const octokit = await app.auth(job.installationId);
    if (job.kind === 'notice') return runNotice(octokit, job);
    const log = app.log.child({ job: job.id, group: job.group });
    const tracked = deps.cancels.track(job.group, signal);
    try {
      const jobDeps = { octokit, model: deps.model, log, signal: tracked.signal, statusIntervalMs: deps.statusIntervalMs };
      const report = await inWriteLane('job', () => {
        switch (job.kind) {
          case 'fix':
          case 'suggest':
          case 'review':
            return runJob(pullJobSpec(job), jobDeps);
          case 'issue-fix':
            return runJob(issueJobSpec(job), jobDeps);
        }
      });
      deps.onFinished?.(job, report);
    } finally {
      tracked.done();
    }
  };
}
