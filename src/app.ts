import type { ApplicationFunction, Context } from 'probot';
import type { AppDeps } from './app-deps.js';
import { onIssueComment } from './handlers/issue-comment.js';
import { onReviewComment } from './handlers/review-comment.js';
import { CancelRegistry } from './jobs/cancel.js';
import { createProcessor } from './jobs/processor.js';
import type { JobReport } from './jobs/patch-job.js';
import { createModelClient, modelOptionsFromEnv } from './model/index.js';
import { createQueue } from './queue/index.js';
import type { JobData } from './queue/types.js';

export interface SparkAppOptions extends Partial<Omit<AppDeps, 'cancel' | 'receivedAt'>> {
  env?: NodeJS.ProcessEnv;
  /** Receivers only enqueue (a separate `npm run worker` processes). Default: process in-process. */
  processJobs?: boolean;
  onFinished?: (job: JobData, report: JobReport) => void;
}

/**
 * Wires the handlers. Handlers stay thin (guards, parse, authorize, ack, enqueue); the job
 * runs off the webhook path so GitHub gets its response before the model is even called.
 */
export function sparkApp(options: SparkAppOptions = {}): ApplicationFunction {
  return (app) => {
    const env = options.env ?? process.env;
    const queue = options.queue ?? createQueue(env);
    const model = options.model ?? createModelClient({ ...modelOptionsFromEnv(env), log: app.log });
    const cancels = new CancelRegistry();
    const arrivals = new Map<string, number>();
    const deps: AppDeps = {
      queue,
      model,
      cancel: (group) => cancels.cancel(group),
      receivedAt: (id) => arrivals.get(id) ?? Date.now(),
      statusIntervalMs: options.statusIntervalMs,
    };
    // Record arrival before any handler runs, for end-to-end latency (bounded: deleted after).
    app.onAny(async (context: { id: string }) => {
      arrivals.set(context.id, Date.now());
      if (arrivals.size > 10_000) arrivals.delete(arrivals.keys().next().value as string);
    });
    app.on('issue_comment.created', onIssueComment(deps) as (c: Context<'issue_comment.created'>) => Promise<void>);
    app.on('pull_request_review_comment.created', onReviewComment(deps));
    if (options.processJobs !== false) {
      queue.process(createProcessor(app, { model, cancels, statusIntervalMs: options.statusIntervalMs, onFinished: options.onFinished }));
    }
  };
}
