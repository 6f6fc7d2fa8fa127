/**
 * `npm start`. With no GitHub App configured (no APP_ID or private key) it is Probot's setup
 * mode: Probot's setup app registers the App from app.yml (the manifest flow) and writes .env,
 * behind a front (src/ops/setup-front.ts) whose page after registration, like the terminal,
 * says what is still missing and links to the App's install page. Once configured, the
 * configuration is checked first (one log line and exit code 2 on a problem), then the
 * receiver starts on its own HTTP server: Probot's webhook middleware behind a 25 MB body cap
 * (src/ops/receiver.ts; Probot's server offers no hook in front of its middleware, which
 * buffers whole bodies before checking the signature), /healthz, /readyz and /metrics
 * (src/ops/routes.ts), and smee.io forwarding with WEBHOOK_PROXY_URL.
 */
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { createNodeMiddleware, createProbot, run } from 'probot';
import { sparkApp } from './app.js';
import { loadDotEnv, updateDotEnv } from './env.js';
import { createSparkOctokit, requestPolicyFromEnv } from './github/octokit.js';
import { createMetrics } from './metrics.js';
import { createModelClient } from './model/index.js';
import { appCredentials } from './ops/app-credentials.js';
import { credentialsCheck, modelCheck, probeModelEndpoint, redisCheck } from './ops/checks.js';
import { freePort } from './ops/free-port.js';
import { githubMetricsPlugin } from './ops/github-metrics.js';
import { instrumentModel } from './ops/model-metrics.js';
import { createReadiness, type ReadinessCheck } from './ops/readiness.js';
import { receiverHandler } from './ops/receiver.js';
import { healthRoutes, metricsExposureFromEnv, metricsOnly, tokenMetricsRoute } from './ops/routes.js';
import { setupFront } from './ops/setup-front.js';
import { setupNotice } from './ops/setup-notice.js';
import { checkStartupConfig } from './ops/startup-check.js';

loadDotEnv();
const env = process.env;
const credentials = appCredentials(env);

if (credentials.kind === 'missing') {
  await startSetup();
} else if (credentials.kind === 'unreadable') {
  process.stderr.write(`spark-patch cannot start: ${credentials.problem}.\n`);
  process.exitCode = 2;
} else {
  await startReceiver(credentials.privateKey);
}

/**
 * Probot's setup server on a loopback port (its own info lines would name that port: only its
 * warnings are logged), our front on HOST:PORT.
 */
async function startSetup(): Promise<void> {
  const upstream = { host: '127.0.0.1', port: await freePort() };
  await run(sparkApp(), {
    env: { ...env, HOST: upstream.host, PORT: String(upstream.port), LOG_LEVEL: env.LOG_LEVEL ?? 'warn' },
    Octokit: createSparkOctokit(() => requestPolicyFromEnv(env)),
    updateEnv: setupNotice(updateDotEnv, console),
  });
  const port = Number(env.PORT) || 3000;
  const host = env.HOST || 'localhost';
  const front = createServer(setupFront({ upstream, env }));
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(port, host, () => resolve());
  });
  process.stdout.write(`spark-patch is in setup mode: open http://${host}:${port} to register the GitHub App (from app.yml); webhooks are received once .env holds its credentials and npm start is restarted.\n`);
}

async function startReceiver(key: string): Promise<void> {
  const metrics = createMetrics();
  const probot = createProbot({
    // Probot's createProbot defaults to `warn`; `npm start` has always logged at info.
    env: { LOG_LEVEL: 'info', LOG_FORMAT: env.NODE_ENV === 'production' ? 'json' : 'pretty', ...env },
    overrides: { Octokit: createSparkOctokit(() => requestPolicyFromEnv(env)).plugin(githubMetricsPlugin(metrics)) },
  });
  await probot.ready();
  const log = probot.log;

  const config = checkStartupConfig(env);
  if (!config.ok) {
    log.fatal(`spark-patch cannot start: ${config.problems.join('; ')}.`);
    process.exitCode = 2;
    return;
  }

  const model = instrumentModel(createModelClient({ ...config.model, log }), metrics, config.model.model);
  const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true }) : undefined;
  redis?.on('error', () => undefined); // reported by /readyz, not as unhandled 'error' events
  void redis?.connect().catch(() => undefined);
  const endpoint = { baseUrl: config.model.baseUrl, apiKey: config.model.apiKey };
  const checks: ReadinessCheck[] = [...(redis ? [redisCheck(redis)] : []), modelCheck(endpoint), credentialsCheck(env.APP_ID, key)];
  const readiness = createReadiness(checks);
  const exposure = metricsExposureFromEnv(env);

  const webhookPath = env.WEBHOOK_PATH || '/api/github/webhooks';
  const middleware = await createNodeMiddleware(sparkApp({ metrics, model, env }), { probot, webhooksPath: webhookPath });
  const server = createServer(receiverHandler({ middleware, routes: [healthRoutes(readiness), tokenMetricsRoute(metrics, exposure)], webhookPath, log }));

  const port = Number(env.PORT) || 3000;
  const host = env.HOST || 'localhost';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  log.info(`Listening on http://${host}:${port} (webhooks at ${webhookPath})`);

  const metricsServer = exposure.kind === 'port' ? createServer(metricsOnly(metrics)).listen(exposure.port, host) : undefined;
  if (exposure.kind === 'port') log.info(`Prometheus metrics on http://${host}:${exposure.port}/metrics`);
  else if (exposure.kind === 'token') log.info('Prometheus metrics at /metrics with Authorization: Bearer $METRICS_TOKEN');
  else log.info('Prometheus metrics off: set METRICS_PORT (a separate port) or METRICS_TOKEN (bearer token on this port)');

  if (env.WEBHOOK_PROXY_URL) await forwardFromSmee(env.WEBHOOK_PROXY_URL, `http://${host}:${port}${webhookPath}`, log);
  void probeModelEndpoint(endpoint, AbortSignal.timeout(2_000)).then((result) => {
    if (!result.ok) log.warn(`model endpoint check failed at start (jobs will fail until it answers): ${result.detail}`);
  });

  const stop = (signal: string): void => {
    log.info({ signal }, 'stopping');
    server.close();
    metricsServer?.close();
    redis?.disconnect();
    void model.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/** Local development: webhooks sent to a smee.io channel are replayed to this server. */
async function forwardFromSmee(source: string, target: string, log: Pick<Console, 'info' | 'warn'>): Promise<void> {
  try {
    const { SmeeClient } = await import('smee-client');
    await new SmeeClient({ source, target, logger: { info: (m: string) => log.info(m), error: (m: string) => log.warn(m) } }).start();
  } catch (error) {
    log.warn(`WEBHOOK_PROXY_URL is set but smee forwarding did not start (${error instanceof Error ? error.message : String(error)}); run \`npm install --save-dev smee-client\``);
  }
}
