/**
 * A real Probot instance running the real app, with the real model client pointed at the
 * fake Spark server on 127.0.0.1, and GitHub mocked with nock at the HTTP layer.
 */
import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { Probot } from 'probot';
import { createSparkOctokit } from '../../src/github/octokit.js';
import { sparkApp, type SparkAppOptions } from '../../src/app.js';
import type { SparkJob } from '../../src/jobs/job-data.js';
import type { JobReport } from '../../src/jobs/run-job.js';
import { createModelClient } from '../../src/model/index.js';
import { createMemoryQueue } from '../../src/queue/memory.js';
import { startFakeSpark, type FakeSpark, type FakeSparkOptions } from '../fakes/spark-server.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

export interface TestApp {
  probot: Probot;
  spark: FakeSpark;
  reports: JobReport[];
  /** Resolves when `count` jobs have finished. */
  finished(count?: number): Promise<JobReport[]>;
  /**
   * Resolves once nothing is left in flight: every queued job (notices too) has run, and every
   * write the webhook response did not wait for (👀, the queued-behind note) has been answered.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions extends Partial<SparkAppOptions> {
  /** Sees every job as it finishes (kind, id, payload). */
  onJob?: (job: SparkJob) => void;
  /** The model client's Responses `store` (SPARK_STORE; default false). */
  store?: boolean;
}

export async function startTestApp(sparkOptions: FakeSparkOptions, { onJob, store, ...appOptions }: TestAppOptions = {}): Promise<TestApp> {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const spark = await startFakeSpark({ apiKey: 'sk-test', ...sparkOptions });
  const model = createModelClient({ apiKey: 'sk-test', baseUrl: spark.url, model: 'gpt-5.3-codex-spark', transport: 'websocket', backoffBaseMs: 1, maxRetries: 1, store });
  // In flight: accepted jobs not yet settled, and deferred writes not yet answered.
  let running = 0;
  const deferred = new Set<Promise<unknown>>();
  const idle: Array<() => void> = [];
  const queue = createMemoryQueue({
    hooks: {
      onEnqueued: (_job, result) => {
        if (result.accepted) running++;
      },
      onSettled: () => {
        running--;
        if (running === 0) for (const resolve of idle.splice(0)) resolve();
      },
    },
  });
  const reports: JobReport[] = [];
  const waiters: Array<{ count: number; resolve: (r: JobReport[]) => void }> = [];
  const probot = new Probot({
    appId: 1,
    privateKey,
    logLevel: (process.env.TEST_LOG_LEVEL as 'fatal' | undefined) ?? 'fatal',
    logFormat: process.env.TEST_LOG_LEVEL ? 'json' : undefined,
    // The production Octokit (with its pacing lane), retries off so a mocked error stays one request.
    Octokit: createSparkOctokit(),
  });
  await probot.load(
    sparkApp({
      env: { SPARK_WARMUP: 'false' },
      ...appOptions,
      queue,
      model,
      statusIntervalMs: 0,
      defer: (work) => {
        deferred.add(work);
        void work.finally(() => deferred.delete(work));
      },
      onFinished: (job, report) => {
        onJob?.(job);
        reports.push(report);
        for (const w of waiters.filter((w) => reports.length >= w.count)) w.resolve(reports);
      },
    }),
  );
  return {
    probot,
    spark,
    reports,
    finished: (count = 1) =>
      reports.length >= count ? Promise.resolve(reports) : new Promise((resolve) => waiters.push({ count, resolve })),
    async settled() {
      for (;;) {
        if (running === 0 && deferred.size === 0) return;
        await Promise.all([...deferred, running === 0 ? undefined : new Promise<void>((resolve) => idle.push(resolve))]);
      }
    },
    async close() {
      await queue.close();
      await model.close();
      await spark.close();
      nock.cleanAll();
      // nock's patch of http is shared by every test file in this Jest worker: re-allow the network.
      nock.enableNetConnect();
    },
  };
}
