import type { Probot } from 'probot';
import type { ModelClient } from '../model/types.js';
import type { JobData, JobProcessor } from '../queue/types.js';
import type { CancelRegistry } from './cancel.js';
import { runIssueJob } from './issue-job.js';
import { ISSUE_FIX_KIND, type IssueJobPayload } from './issue-payload.js';
import { runPatchJob, type JobReport } from './patch-job.js';
import type { PatchJobPayload } from './payload.js';

export interface ProcessorDeps {
  model: ModelClient;
  cancels: CancelRegistry;
  statusIntervalMs?: number;
  onFinished?: (job: JobData, report: JobReport) => void;
}

/**
 * Turns queued JSON back into a running job: a fresh installation token per job (Probot
 * caches and refreshes them, so long jobs do not outlive their token) and a child logger.
 */
export function createProcessor(app: Probot, deps: ProcessorDeps): JobProcessor {
  return async (job, signal) => {
    const octokit = await app.auth(job.installationId);
    const log = app.log.child({ job: job.id, group: job.group });
    const tracked = deps.cancels.track(job.group, signal);
    try {
      const jobDeps = { octokit, model: deps.model, log, signal: tracked.signal, statusIntervalMs: deps.statusIntervalMs };
      const report =
        job.kind === ISSUE_FIX_KIND
          ? await runIssueJob(job.payload as unknown as IssueJobPayload, jobDeps)
          : await runPatchJob(job.payload as unknown as PatchJobPayload, jobDeps);
      deps.onFinished?.(job, report);
    } finally {
      tracked.done();
    }
  };
}
