import type { ApplicationFunction, ApplicationFunctionOptions, Probot } from 'probot';
import type { AppDeps } from './app-deps.js';
import { onPullRequestChanged } from './handlers/auto-review.js';
import { Debouncer } from './handlers/debounce.js';
import { onIssueComment } from './handlers/issue-comment.js';
import { onIssueLabeled } from './handlers/issue-labeled.js';
import { onReviewRequested } from './handlers/review-requested.js';
import { onReviewLabel } from './handlers/review-label.js';
import { onPullOpenedDescribe } from './handlers/describe-on-open.js';
import { onReviewComment } from './handlers/review-comment.js';
import { startDeliveryReconciler } from './exactly-once/delivery-reconciler.js';
import { createSharedState, type SharedState } from './exactly-once/shared-state.js';
import { CancelRegistry } from './jobs/cancel.js';
import { createCancelBus } from './jobs/cancel-bus.js';
import { createProcessor } from './jobs/processor.js';
import { CheckWaiters } from './ci/check-waiters.js';
import { CONFIG_PATH } from './config/schema.js';
import type { CiJobDeps } from './jobs/ci-workspace.js';
import { onChecksChanged, onPullClosed, onPullHeadMoved } from './handlers/ci-events.js';
import type { JobReport } from './jobs/run-job.js';
import { createMetrics, metricsHandler, metricsHooks, type Metrics } from './metrics.js';
import { createModelClient, modelOptionsFromEnv } from './model/index.js';
import { createQueue } from './queue/index.js';
import { warmUp } from './warmup.js';
import type { SparkJob } from './jobs/job-data.js';

export interface SparkAppOptions extends Partial<Omit<AppDeps, 'cancel' | 'receivedAt'>> {
  env?: NodeJS.ProcessEnv;
  metrics?: Metrics;
  /** Job outcome records and the reply limiter (default: the queue's Redis, or memory). */
  shared?: SharedState;
  /**
   * Run jobs in this process. Default: yes with the in-process queue; with REDIS_URL the
   * receivers only enqueue and `npm run worker` processes run the jobs (SPARK_PROCESS_JOBS=true
   * makes a receiver work too).
   */
  processJobs?: boolean;
  onFinished?: (job: SparkJob, report: JobReport) => void;
  /** Status edits at most this often (ms; tests use 0). */
  statusIntervalMs?: number;
  /** Auto-review debouncing (tests inject timers). */
  debouncer?: Debouncer;
  /** `/spark fix-ci` loop: poll interval and wall clock (tests inject them). */
  ci?: Omit<CiJobDeps, 'waiters'>;
}

/**
 * Wires the handlers. Handlers stay thin (guards, parse, authorize, ack, enqueue); the job
 * runs off the webhook path so GitHub gets its response before the model is even called.
 */
export function sparkApp(options: SparkAppOptions = {}): ApplicationFunction {
  return (app, { addHandler }) => {
    const env = options.env ?? process.env;
    const metrics = options.metrics ?? createMetrics();
    const queue =
      options.queue ??
      createQueue(env, {
        log: app.log,
        hooks: { ...metricsHooks(metrics), onError: (err, job) => app.log.error({ err, job: job.id }, 'job crashed') },
      });
    metrics.trackQueue(queue);
    const model = options.model ?? createModelClient({ ...modelOptionsFromEnv(env), log: app.log });
    const cancels = new CancelRegistry();
    // With Redis a cancel also reaches the worker process running the job (cancel-bus.ts).
    const cancelBus = createCancelBus(env, cancels, { log: app.log });
    const shared = options.shared ?? createSharedState(env, { log: app.log });
    // With Redis, a delivery that could not be queued is redelivered once Redis answers again.
    const reconciler = options.reconciler ?? (env.REDIS_URL ? startDeliveryReconciler(app, shared, env) : undefined);
    const arrivals = new Map<string, number>();
    const ciWaiters = options.ciWaiters ?? new CheckWaiters();
    const deps: AppDeps = {
      ciWaiters,
      queue,
      model,
      cancel: (group) => cancelBus.cancel(group),
      replies: options.replies ?? shared.replies,
      reconciler,
      receivedAt: (id) => arrivals.get(id) ?? Date.now(),
      botLogin: options.botLogin ?? botLoginOf(app),
      // Writes the webhook response does not wait for arrive here already caught (and logged).
      defer: options.defer ?? (() => undefined),
      configPath: options.configPath ?? CONFIG_PATH,
    };
    // Record arrival before any handler runs, for end-to-end latency (bounded map).
    app.onAny(async (context: { id: string }) => {
      arrivals.set(context.id, Date.now());
      if (arrivals.size > 10_000) arrivals.delete(arrivals.keys().next().value as string);
    });
    app.on('issue_comment.created', onIssueComment(deps));
    app.on('issues.labeled', onIssueLabeled(deps));
    app.on('pull_request_review_comment.created', onReviewComment(deps));
    app.on('pull_request.review_requested', onReviewRequested(deps));
    app.on('pull_request.labeled', onReviewLabel(deps));
    app.on('pull_request.opened', onPullOpenedDescribe(deps));
    app.on(['pull_request.opened', 'pull_request.ready_for_review', 'pull_request.synchronize'], onPullRequestChanged(deps, options.debouncer ?? new Debouncer()));
    app.on(['check_suite.completed', 'status'], onChecksChanged(ciWaiters, deps));
    app.on('pull_request.synchronize', onPullHeadMoved(ciWaiters));
    app.on('pull_request.closed', onPullClosed(ciWaiters));

    mountMetrics(addHandler, metricsHandler(metrics), app.log);

    const processJobs = options.processJobs ?? (!env.REDIS_URL || env.SPARK_PROCESS_JOBS === 'true');
    if (processJobs && env.SPARK_WARMUP !== 'false') scheduleWarmUp(app.log);
    if (processJobs) {
      queue.process(
        createProcessor(app, {
          model,
          cancels,
          records: shared.records,
          ci: { ...options.ci, waiters: ciWaiters },
          statusIntervalMs: options.statusIntervalMs,
          configPath: deps.configPath,
          onFinished: (job, report) => {
            observeReport(metrics, report);
            options.onFinished?.(job, report);
          },
        }),
      );
    }
  };
}

/**
 * "<slug>[bot]": the login GitHub shows for this app, to recognise review requests addressed
 * to it. One app-authenticated call, made the first time it is needed and cached (a failure
 * is not cached, so the next event retries).
 */
function botLoginOf(app: Probot): () => Promise<string> {
  let login: Promise<string> | undefined;
  return () => {
    login ??= app
      .auth()
      .then((octokit) => octokit.rest.apps.getAuthenticated())
      .then(({ data }) => `${data?.slug}[bot]`)
      .catch((error: unknown) => {
        login = undefined;
        throw error;
      });
    return login;
  };
}

/** GET /metrics on Probot's own HTTP server. A Probot loaded without a server (tests) has none. */
function mountMetrics(addHandler: ApplicationFunctionOptions['addHandler'], serve: ReturnType<typeof metricsHandler>, log: Probot['log']): void {
  try {
    addHandler((req, res) => {
      if (req.url?.split('?')[0] !== '/metrics') return false;
      serve(req, res);
      return true;
    });
  } catch (error) {
    log.debug({ err: error }, 'no HTTP server: /metrics not mounted');
  }
}

/** After start-up, off the request path: see warmup.ts. */
export function scheduleWarmUp(log: Pick<Probot['log'], 'debug' | 'warn'>): void {
  setTimeout(() => {
    const started = performance.now();
    try {
      warmUp();
      log.debug({ ms: Math.round(performance.now() - started) }, 'warm-up done');
    } catch (error) {
      log.warn({ err: error }, 'warm-up failed (harmless: only the first jobs are slower)');
    }
  }, 0).unref();
}

export function observeReport(metrics: Metrics, report: JobReport): void {
  const timings = report.model?.timings;
  if (!timings) return;
  metrics.ttft.observe(timings.ttftMs / 1000);
  if (timings.tokensPerSecond > 0 && Number.isFinite(timings.tokensPerSecond)) metrics.tokensPerSecond.observe(timings.tokensPerSecond);
}
