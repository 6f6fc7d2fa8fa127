/**
 * `npm run worker`: a job worker for the Redis-backed queue. Webhook receivers (`npm start`
 * with REDIS_URL) enqueue; any number of these processes run the jobs. SIGTERM/SIGINT stop
 * taking jobs and drain the ones in flight (graceful shutdown); a worker killed outright has
 * its job recovered by another worker (stalled-job recovery), and `expectedHeadOid` makes
 * that replay unable to push twice. Logs at info by default, like `npm start`. A missing
 * REDIS_URL, App credentials or a bad model setting is one log line and exit code 2.
 * HEALTH_PORT serves /healthz and /readyz; METRICS_PORT serves /metrics (and nothing else).
 */
import { createServer, type Server } from 'node:http';
import { Redis } from 'ioredis';
import { createProbot } from 'probot';
import { observeReport, scheduleWarmUp } from './app.js';
import { CONFIG_PATH } from './config/schema.js';
import { loadDotEnv } from './env.js';
import { createSparkOctokit, requestPolicyFromEnv } from './github/octokit.js';
import { CancelRegistry } from './jobs/cancel.js';
import { createCancelBus } from './jobs/cancel-bus.js';
import { createProcessor } from './jobs/processor.js';
import { createMetrics, metricsHooks } from './metrics.js';
import { createModelClient } from './model/index.js';
import { appCredentials } from './ops/app-credentials.js';
import { credentialsCheck, modelCheck, redisCheck } from './ops/checks.js';
import { githubMetricsPlugin } from './ops/github-metrics.js';
import { instrumentModel } from './ops/model-metrics.js';
import { createReadiness } from './ops/readiness.js';
import { healthRoutes, metricsOnly } from './ops/routes.js';
import { checkStartupConfig } from './ops/startup-check.js';
import { createSharedState } from './exactly-once/shared-state.js';
import { redisQueueOptionsFromEnv } from './queue/index.js';
import { createRedisQueue } from './queue/redis.js';

loadDotEnv();
const env = process.env;
const credentials = appCredentials(env);
const config = checkStartupConfig(env, ['METRICS_PORT', 'HEALTH_PORT']);
const problems = [
  ...(env.REDIS_URL?.trim()
    ? []
    : ['REDIS_URL is not set: `npm run worker` processes jobs from Redis (set REDIS_URL, e.g. redis://127.0.0.1:6379, here and for `npm start`), or run `npm start` alone, which processes jobs in-process']),
  ...(credentials.kind === 'ok' ? [] : [credentials.problem]),
  ...(config.ok ? [] : config.problems),
];

if (problems.length > 0 || credentials.kind !== 'ok' || !config.ok) {
  process.stderr.write(`spark-patch worker cannot start: ${problems.join('; ')}.\n`);
  process.exitCode = 2;
} else {
  await startWorker(env.REDIS_URL!.trim(), credentials.privateKey, config.model);
}

async function startWorker(redisUrl: string, privateKey: string, modelOptions: Parameters<typeof createModelClient>[0]): Promise<void> {
  const metrics = createMetrics();
  const probot = createProbot({
    // createProbot alone defaults to `warn`, which made the worker silent.
    env: { LOG_LEVEL: 'info', LOG_FORMAT: env.NODE_ENV === 'production' ? 'json' : 'pretty', ...env },
    overrides: { Octokit: createSparkOctokit(requestPolicyFromEnv(env)).plugin(githubMetricsPlugin(metrics)) },
  });
  // Probot 14 builds its logger (and auth) asynchronously: its `log` is null until ready.
  await probot.ready();
  const log = probot.log.child({ name: 'worker' });

  const queue = createRedisQueue({
    ...redisQueueOptionsFromEnv(env),
    url: redisUrl,
    log,
    hooks: { ...metricsHooks(metrics), onError: (err, job) => log.error({ err, job: job.id }, 'job crashed') },
  });
  metrics.trackQueue(queue);
  const model = instrumentModel(createModelClient({ ...modelOptions, log }), metrics, modelOptions.model);
  const shared = createSharedState(env, { log });
  // `/spark cancel` arrives at a receiver; it reaches this worker's jobs over Redis (cancel-bus.ts).
  const cancels = new CancelRegistry();
  const cancelBus = createCancelBus(env, cancels, { log });
  queue.process(createProcessor(probot, { records: shared.records, model, cancels, configPath: CONFIG_PATH, onFinished: (_job, report) => observeReport(metrics, report) }));
  if (env.SPARK_WARMUP !== 'false') scheduleWarmUp(log);

  const host = env.HOST || 'localhost';
  const servers: Server[] = [];
  let redis: Redis | undefined;
  if (env.HEALTH_PORT) {
    redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
    redis.on('error', () => undefined); // reported by /readyz
    // Serve /readyz only once the first connection attempt has settled: a probe right after start-up
    // then reports Redis as it is, not as "not connected yet".
    await redis.connect().catch(() => undefined);
    const readiness = createReadiness([redisCheck(redis), modelCheck({ baseUrl: modelOptions.baseUrl, apiKey: modelOptions.apiKey }), credentialsCheck(env.APP_ID, privateKey)]);
    const health = healthRoutes(readiness);
    servers.push(
      createServer((req, res) => {
        if (!health(req, res)) res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found: this port serves /healthz and /readyz\n');
      }).listen(Number(env.HEALTH_PORT), host),
    );
    log.info(`health on http://${host}:${env.HEALTH_PORT}/healthz and /readyz`);
  }
  if (env.METRICS_PORT) {
    servers.push(createServer(metricsOnly(metrics)).listen(Number(env.METRICS_PORT), host));
    log.info(`Prometheus metrics on http://${host}:${env.METRICS_PORT}/metrics`);
  }
  log.info({ queue: env.SPARK_QUEUE_NAME?.trim() || 'spark-jobs' }, 'worker started');

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining in-flight jobs');
    await queue.close();
    await Promise.all([shared.close(), cancelBus.close()]);
    await model.close();
    for (const server of servers) server.close();
    redis?.disconnect();
    log.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
