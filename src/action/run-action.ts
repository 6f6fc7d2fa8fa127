/**
 * The Action, in process: the event of this workflow run goes through the app's own wiring
 * (sparkApp: the same handlers, guards, config loader, context builder, model client and
 * patch engine; the config file named by the `config` input) on a Probot authenticated with the workflow token instead of an App key.
 * The in-process queue runs the job at once and the run waits for it (in-flight.ts): no
 * Redis, no server. GitHub is reached at GITHUB_API_URL / GITHUB_GRAPHQL_URL (GHES works).
 *
 * Exit code: 0 when the command was answered, refused, or nothing applied (a reply or the
 * status comment says why, also for a job that ended on a reply that does not apply or a
 * guard refusal); 1 when the bot failed: bad inputs, a handler or job that threw, or a job
 * that failed on an outage, the operator's setup (e.g. a rejected key) or a bug.
 */
import { Probot } from 'probot';
import { sparkApp } from '../app.js';
import { createSharedState } from '../exactly-once/shared-state.js';
import { SparkError } from '../errors.js';
import { createSparkOctokit } from '../github/octokit.js';
import { Debouncer } from '../handlers/debounce.js';
import type { JobReport } from '../jobs/run-job.js';
import { createModelClient, modelOptionsFromEnv } from '../model/index.js';
import { createMemoryQueue } from '../queue/memory.js';
import { readEvent } from './event.js';
import { graphqlEndpoint } from './graphql-endpoint.js';
import { createInFlight } from './in-flight.js';
import { readInputs } from './inputs.js';

/** The login GitHub shows for comments made with the workflow token. */
export const WORKFLOW_BOT_LOGIN = 'github-actions[bot]';

/** Auto-review runs once per workflow run: no debounce window to wait out. */
const immediately = new Debouncer({ set: (fn) => fn(), clear: () => undefined });

export interface ActionIo {
  stderr: (text: string) => void;
}

export async function runAction(env: NodeJS.ProcessEnv, io: ActionIo): Promise<number> {
  let inputs: ReturnType<typeof readInputs>;
  let modelOptions: ReturnType<typeof modelOptionsFromEnv>;
  let read: Awaited<ReturnType<typeof readEvent>>;
  try {
    inputs = readInputs(env);
    modelOptions = modelOptionsFromEnv(inputs.modelEnv);
    read = await readEvent(env);
  } catch (error) {
    if (!(error instanceof SparkError)) throw error;
    io.stderr(`spark-patch: ${error.userMessage}\n`);
    return 1;
  }
  if (read.kind === 'unsupported') {
    io.stderr(`spark-patch: nothing to do for the "${read.name}" event (handled: issue_comment, pull_request_review_comment, pull_request, issues)\n`);
    return 0;
  }

  const base = createSparkOctokit();
  const probot = new Probot({
    githubToken: inputs.githubToken,
    baseUrl: inputs.apiUrl,
    Octokit: inputs.graphqlUrl ? base.plugin(graphqlEndpoint(inputs.graphqlUrl)) : base,
    logLevel: env.RUNNER_DEBUG === '1' ? 'debug' : 'info',
  });
  await probot.ready();
  const inFlight = createInFlight();
  const queue = createMemoryQueue({ hooks: inFlight.hooks });
  const model = createModelClient({ ...modelOptions, log: probot.log });
  const reports: JobReport[] = [];
  await probot.load(
    sparkApp({
      env: { SPARK_WARMUP: 'false' },
      queue,
      model,
      shared: createSharedState({}),
      processJobs: true,
      configPath: inputs.configPath,
      botLogin: () => Promise.resolve(WORKFLOW_BOT_LOGIN),
      debouncer: immediately,
      defer: inFlight.defer,
      onFinished: (_job, report) => reports.push(report),
    }),
  );

  let received = true;
  try {
    await probot.receive(read.event as Parameters<Probot['receive']>[0]);
  } catch (error) {
    received = false;
    probot.log.error({ err: error }, 'the event handler failed');
  }
  try {
    await inFlight.settled();
  } finally {
    await queue.close();
    await model.close();
  }
  // A job that failed on its own terms (a reply that does not apply, a guard refusal) said so in its status comment.
  const failed = reports.filter((r) => r.outcome === 'failed' && r.failure !== 'warn');
  for (const report of failed) probot.log.error({ error: report.error }, 'the job failed (its status comment says why)');
  return received && inFlight.crashes.length === 0 && failed.length === 0 ? 0 : 1;
}
