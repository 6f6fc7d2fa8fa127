/**
 * A real Probot with the issue handlers wired the way the lead wires them in src/app.ts
 * (onIssueComment's `onIssue` callback, `issues.labeled`, and a processor that runs
 * 'issue-fix' jobs with runIssueJob), the real model client against the fake Spark server,
 * and GitHub mocked with nock.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import nock from 'nock';
import { Probot } from 'probot';
import type { AppDeps } from '../../src/app-deps.js';
import { createSparkOctokit } from '../../src/github/octokit.js';
import { onIssueCommand, onIssueLabeled } from '../../src/handlers/issue-command.js';
import { onIssueComment } from '../../src/handlers/issue-comment.js';
import { CancelRegistry } from '../../src/jobs/cancel.js';
import { runIssueJob, type IssueJobReport } from '../../src/jobs/issue-job.js';
import { ISSUE_FIX_KIND, type IssueJobPayload } from '../../src/jobs/issue-payload.js';
import { createModelClient } from '../../src/model/index.js';
import { createMemoryQueue } from '../../src/queue/memory.js';
import type { JobData } from '../../src/queue/types.js';
import { startFakeSpark, type FakeSpark, type FakeSparkOptions } from '../fakes/spark-server.js';
import { INSTALLATION_ID, OWNER, REPO } from './events.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

export interface IssueTestApp {
  probot: Probot;
  spark: FakeSpark;
  reports: IssueJobReport[];
  jobs: JobData[];
  finished(count?: number): Promise<IssueJobReport[]>;
  close(): Promise<void>;
}

export async function startIssueTestApp(sparkOptions: FakeSparkOptions): Promise<IssueTestApp> {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const spark = await startFakeSpark({ apiKey: 'sk-test', ...sparkOptions });
  const model = createModelClient({ apiKey: 'sk-test', baseUrl: spark.url, model: 'gpt-5.3-codex-spark', transport: 'websocket', backoffBaseMs: 1, maxRetries: 1 });
  const queue = createMemoryQueue();
  const cancels = new CancelRegistry();
  const reports: IssueJobReport[] = [];
  const jobs: JobData[] = [];
  const waiters: Array<{ count: number; resolve: (r: IssueJobReport[]) => void }> = [];
  const probot = new Probot({
    appId: 1,
    privateKey,
    logLevel: (process.env.TEST_LOG_LEVEL as 'fatal' | undefined) ?? 'fatal',
    logFormat: process.env.TEST_LOG_LEVEL ? 'json' : undefined,
    Octokit: createSparkOctokit().defaults({ retry: { enabled: false } }),
  });
  await probot.load((app) => {
    const deps: AppDeps = {
      queue,
      model,
      cancel: (group) => cancels.cancel(group),
      receivedAt: () => Date.now(),
      botLogin: async () => 'spark-patch[bot]',
      statusIntervalMs: 0,
    };
    app.on('issue_comment.created', onIssueComment(deps, onIssueCommand(deps)));
    app.on('issues.labeled', onIssueLabeled(deps));
    queue.process(async (job, signal) => {
      jobs.push(job);
      if (job.kind !== ISSUE_FIX_KIND) throw new Error(`unexpected job kind ${job.kind}`);
      const tracked = cancels.track(job.group, signal);
      try {
        const report = await runIssueJob(job.payload as unknown as IssueJobPayload, {
          octokit: await app.auth(job.installationId),
          model,
          log: app.log.child({ job: job.id }),
          signal: tracked.signal,
          statusIntervalMs: 0,
        });
        reports.push(report);
        for (const w of waiters.filter((w) => reports.length >= w.count)) w.resolve(reports);
      } finally {
        tracked.done();
      }
    });
  });
  return {
    probot,
    spark,
    reports,
    jobs,
    finished: (count = 1) => (reports.length >= count ? Promise.resolve(reports) : new Promise((resolve) => waiters.push({ count, resolve }))),
    async close() {
      await queue.close();
      await model.close();
      await spark.close();
      nock.cleanAll();
    },
  };
}

export interface LabeledOptions {
  label: string;
  login?: string;
  userType?: 'User' | 'Bot';
  number?: number;
  state?: 'open' | 'closed';
}

/** `issues.labeled`, from @octokit/webhooks-examples, with an installation. */
export function issueLabeledEvent(options: LabeledOptions): { name: 'issues'; payload: any } {
  const examples = issuesExamples();
  const payload = structuredClone(examples.find((e) => e.action === 'labeled')!);
  payload.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMjMxMTIxMw==' };
  payload.repository.owner.login = OWNER;
  payload.repository.name = REPO;
  payload.label = { ...payload.label, name: options.label };
  payload.sender.login = options.login ?? 'Codertocat';
  payload.sender.type = options.userType ?? 'User';
  payload.issue.number = options.number ?? 5;
  payload.issue.state = options.state ?? 'open';
  delete payload.issue.pull_request;
  return { name: 'issues', payload };
}

const require = createRequire(import.meta.url);
let cached: Array<Record<string, any>> | undefined;
function issuesExamples(): Array<Record<string, any>> {
  cached ??= (require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{ name: string; examples: Array<Record<string, any>> }>).find(
    (e) => e.name === 'issues',
  )!.examples;
  return cached;
}
