/**
 * `npm run worker`: a job worker for the Redis-backed queue. Webhook receivers (`npm start`
 * with REDIS_URL) enqueue; any number of these processes run the jobs. SIGTERM/SIGINT stop
 * taking jobs and drain the ones in flight (graceful shutdown); a worker killed outright has
 * its job recovered by another worker (stalled-job recovery), and `expectedHeadOid` makes
 * that replay unable to push twice.
 */
import { createServer } from 'node:http';
import { loadDotEnv } from './env.js';
import { createProbot } from 'probot';
import { createSparkOctokit, requestPolicyFromEnv } from './github/octokit.js';
import { CancelRegistry } from './jobs/cancel.js';
import { createProcessor } from './jobs/processor.js';
import { observeReport, scheduleWarmUp } from './app.js';
import { createMetrics, metricsHandler, metricsHooks } from './metrics.js';
import { createModelClient, modelOptionsFromEnv } from './model/index.js';
import { redisQueueOptionsFromEnv } from './queue/index.js';
import { createRedisQueue } from './queue/redis.js';

loadDotEnv();
const env = process.env;
const probot = createProbot({ env, overrides: { Octokit: createSparkOctokit(requestPolicyFromEnv(env)) } });
// Probot 14 builds its logger (and auth) asynchronously: its `log` is null until ready.
await probot.ready();
const log = probot.log.child({ name: 'worker' });

if (!env.REDIS_URL) {
  log.fatal('REDIS_URL is not set: `npm run worker` processes jobs from Redis. Set REDIS_URL (e.g. redis://127.0.0.1:6379), or run `npm start` alone, which processes jobs in-process.');
  process.exit(2);
}

const metrics = createMetrics();
const queue = createRedisQueue({
  ...redisQueueOptionsFromEnv(env),
  url: env.REDIS_URL,
  log,
  hooks: { ...metricsHooks(metrics), onError: (err, job) => log.error({ err, job: job.id }, 'job crashed') },
});
metrics.trackQueue(queue);
const model = createModelClient({ ...modelOptionsFromEnv(env), log });
queue.process(createProcessor(probot, { model, cancels: new CancelRegistry(), onFinished: (_job, report) => observeReport(metrics, report) }));
if (env.SPARK_WARMUP !== 'false') scheduleWarmUp(log);
log.info('worker started');

// Optional Prometheus endpoint for the worker (receivers serve /metrics on Probot's port).
const metricsPort = env.METRICS_PORT ? Number(env.METRICS_PORT) : undefined;
const server = metricsPort === undefined ? undefined : createServer(metricsHandler(metrics)).listen(metricsPort, env.HOST || '0.0.0.0');

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'draining in-flight jobs');
  await queue.close();
  await model.close();
  server?.close();
  log.info('worker stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
