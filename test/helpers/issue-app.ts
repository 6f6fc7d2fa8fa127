/**
 * The real app (`sparkApp`, as `npm start` wires it: `issue_comment.created` on issues,
 * `issues.labeled`, and the processor running 'issue-fix' jobs), with the
 * real model client against the fake Spark server and GitHub mocked with nock.
 */
import { createRequire } from 'node:module';
import type { SparkJob } from '../../src/jobs/job-data.js';
import type { JobReport } from '../../src/jobs/run-job.js';
import type { FakeSpark, FakeSparkOptions } from '../fakes/spark-server.js';
import { startTestApp } from './app.js';
import { INSTALLATION_ID, OWNER, REPO } from './events.js';
import type { Probot } from 'probot';

export interface IssueTestApp {
  probot: Probot;
  spark: FakeSpark;
  reports: JobReport[];
  jobs: SparkJob[];
  finished(count?: number): Promise<JobReport[]>;
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startIssueTestApp(sparkOptions: FakeSparkOptions): Promise<IssueTestApp> {
  const jobs: SparkJob[] = [];
  const app = await startTestApp(sparkOptions, { onJob: (job) => jobs.push(job) });
  return {
    probot: app.probot,
    spark: app.spark,
    reports: app.reports,
    jobs,
    finished: (count) => app.finished(count),
    settled: () => app.settled(),
    close: () => app.close(),
  };
}

export interface LabeledOptions {
  label: string;
  login?: string;
  userType?: 'User' | 'Bot';
  number?: number;
  state?: 'open' | 'closed';
  /** The issue's title and body as the webhook carries them (default: the example's). */
  issue?: { title?: string; body?: string | null };
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
  if (options.issue?.title !== undefined) payload.issue.title = options.issue.title;
  if (options.issue?.body !== undefined) payload.issue.body = options.issue.body;
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
