/**
 * Prometheus metrics. Each call builds its own Registry instead of prom-client's global one,
 * so tests and several apps in one process never collide on metric names. Names and units
 * follow Prometheus conventions: counters end in `_total`, durations are `_seconds`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobQueue, QueueHooks } from './queue/types.js';

export interface MetricsOptions {
  /** Also export Node process metrics (CPU, memory, event-loop lag, GC); default true. */
  defaultMetrics?: boolean;
}

/** Values of the `outcome` label of spark_jobs_total. */
export type JobMetricOutcome = 'enqueued' | 'duplicate' | 'completed' | 'failed' | 'aborted';

export interface Metrics {
  registry: Registry;
  /** spark_jobs_total{outcome,kind}: every enqueue, dropped redelivery and finished job. */
  jobs: Counter<'outcome' | 'kind'>;
  /** spark_queue_depth: jobs waiting + running, read from the tracked queue at scrape time. */
  queueDepth: Gauge;
  /** spark_queue_oldest_job_age_seconds: age of the oldest job not finished (0 when empty). */
  queueOldestAge: Gauge;
  /** spark_queue_wait_seconds{kind}: enqueue → start (includes waiting for the PR lock). */
  queueWait: Histogram<'kind'>;
  /** spark_job_duration_seconds{kind,outcome}: processor run time. */
  jobDuration: Histogram<'kind' | 'outcome'>;
  /** spark_model_ttft_seconds: request sent → first output token. */
  ttft: Histogram;
  /** spark_model_tokens_per_second: output tokens / generation time. */
  tokensPerSecond: Histogram;
  /** spark_end_to_end_seconds{kind}: webhook received → commit/suggestions posted. */
  endToEnd: Histogram<'kind'>;
  /** spark_model_tokens_total{model,direction=in|out}: tokens the model read and wrote. */
  modelTokens: Counter<'model' | 'direction'>;
  /** spark_model_errors_total{kind}: failed model turns by ModelError code (auth, rate_limited, …). */
  modelErrors: Counter<'kind'>;
  /** spark_github_requests_total{status,route}: GitHub API requests by HTTP status and routeClass(). */
  githubRequests: Counter<'status' | 'route'>;
  /** Point the queue gauges at a queue (read lazily, on each scrape). */
  trackQueue(queue: TrackedQueue): void;
}

/** What the queue gauges read; `oldestAgeMs` is optional (a queue that cannot tell reports none). */
export type TrackedQueue = Pick<JobQueue, 'depth'> & { oldestAgeMs?(): Promise<number> };

// Spark streams >1000 tokens/s and answers in well under a second; the buckets reach down
// far enough to see that and up far enough to see a slow fallback model or a long queue.
const SECOND_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300];
const TTFT_BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10];
const TPS_BUCKETS = [10, 25, 50, 100, 200, 400, 600, 800, 1000, 1200, 1500, 2000, 3000];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  let source: TrackedQueue | undefined;

  return {
    registry,
    jobs: new Counter({
      name: 'spark_jobs_total',
      help: 'Jobs by outcome (enqueued, duplicate, completed, failed, aborted) and kind.',
      labelNames: ['outcome', 'kind'] as const,
      registers,
    }),
    queueDepth: new Gauge({
      name: 'spark_queue_depth',
      help: 'Jobs waiting or running.',
      registers,
      async collect() {
        if (source) this.set(await source.depth());
      },
    }),
    queueOldestAge: new Gauge({
      name: 'spark_queue_oldest_job_age_seconds',
      help: 'Age of the oldest job waiting or running (0 when the queue is empty).',
      registers,
      async collect() {
        if (source?.oldestAgeMs) this.set((await source.oldestAgeMs()) / 1000);
      },
    }),
    queueWait: new Histogram({
      name: 'spark_queue_wait_seconds',
      help: 'Time from enqueue to start, including waiting for the per-PR lock.',
      labelNames: ['kind'] as const,
      buckets: SECOND_BUCKETS,
      registers,
    }),
    jobDuration: new Histogram({
      name: 'spark_job_duration_seconds',
      help: 'Processor run time.',
      labelNames: ['kind', 'outcome'] as const,
      buckets: SECOND_BUCKETS,
      registers,
    }),
    ttft: new Histogram({
      name: 'spark_model_ttft_seconds',
      help: 'Time to first output token from the model.',
      buckets: TTFT_BUCKETS,
      registers,
    }),
    tokensPerSecond: new Histogram({
      name: 'spark_model_tokens_per_second',
      help: 'Model output tokens per second of generation.',
      buckets: TPS_BUCKETS,
      registers,
    }),
    endToEnd: new Histogram({
      name: 'spark_end_to_end_seconds',
      help: 'Webhook received to result delivered.',
      labelNames: ['kind'] as const,
      buckets: SECOND_BUCKETS,
      registers,
    }),
    modelTokens: new Counter({
      name: 'spark_model_tokens_total',
      help: 'Model tokens by model and direction (in = prompt, out = completion).',
      labelNames: ['model', 'direction'] as const,
      registers,
    }),
    modelErrors: new Counter({
      name: 'spark_model_errors_total',
      help: 'Failed model turns by kind (auth, rate_limited, server, connection, deadline, incomplete, …).',
      labelNames: ['kind'] as const,
      registers,
    }),
    githubRequests: new Counter({
      name: 'spark_github_requests_total',
      help: 'GitHub API requests by HTTP status ("error" when no response) and route class.',
      labelNames: ['status', 'route'] as const,
      registers,
    }),
    trackQueue(queue) {
      source = queue;
    },
  };
}

/**
 * Queue hooks that feed the job metrics; pass as `hooks` to createQueue(). End-to-end latency
 * is observed here when the job carries `receivedAt`, so the worker needs no extra wiring.
 */
export function metricsHooks(metrics: Metrics, now: () => number = Date.now): Required<Omit<QueueHooks, 'onError'>> {
  return {
    onEnqueued(job, result) {
      metrics.jobs.inc({ outcome: result.accepted ? 'enqueued' : 'duplicate', kind: job.kind });
    },
    onStart(job, waitedMs) {
      metrics.queueWait.observe({ kind: job.kind }, Math.max(0, waitedMs) / 1000);
    },
    onSettled(job, outcome, durationMs) {
      metrics.jobs.inc({ outcome, kind: job.kind });
      metrics.jobDuration.observe({ kind: job.kind, outcome }, durationMs / 1000);
      if (outcome === 'completed' && job.receivedAt !== undefined) {
        metrics.endToEnd.observe({ kind: job.kind }, Math.max(0, now() - job.receivedAt) / 1000);
      }
    },
  };
}

/**
 * Route class of a GitHub request, a bounded label: `graphql`, `app` (JWT-authenticated app
 * routes, e.g. installation tokens), `repos.<resource>` (`repos.issues`, `repos.pulls`,
 * `repos.git`, …) or the first path segment. `url` is Octokit's template or a full URL.
 */
export function routeClass(url: string): string {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/^\/api\/v3(?=\/)/, '').split('?')[0] ?? '';
  const segments = path.split('/').filter(Boolean);
  const first = segments[0] ?? 'root';
  if (first === 'graphql') return 'graphql';
  if (first === 'app' || first === 'app-manifests') return 'app';
  if (first === 'repos') return `repos.${segments[3] ?? 'repo'}`;
  return /^[a-z-]+$/.test(first) ? first : 'other';
}

/** GET /metrics in the Prometheus text format. See src/ops/routes.ts for where it is served. */
export function metricsHandler(metrics: Pick<Metrics, 'registry'>): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Method Not Allowed: use GET /metrics\n');
      return;
    }
    metrics.registry.metrics().then(
      (body) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`metrics collection failed: ${error instanceof Error ? error.message : String(error)}\n`);
      },
    );
  };
}
