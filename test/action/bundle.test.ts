/**
 * The committed Action bundle (dist-action/index.js, what action.yml runs), spawned as the
 * runner would: a workflow event payload in GITHUB_EVENT_PATH (from @octokit/webhooks-examples,
 * without `installation`, as workflow payloads come), INPUT_* variables, GITHUB_API_URL and
 * GITHUB_GRAPHQL_URL at the local fake GitHub, the model at the fake Spark server. The bundle
 * must be built from the sources under test (`npm run build:action`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { generatePullFixture } from '../fakes/pr-fixture.js';
import { startFakeSpark, type FakeSpark } from '../fakes/spark-server.js';
import { issueCommentEvent, OWNER, REPO } from '../fakes/webhooks.js';
import { repoRoot } from '../helpers/built-app.js';
import { pullRequestEvent } from '../helpers/events.js';
import { issueLabeledEvent } from '../helpers/issue-app.js';

const fixture = generatePullFixture({ fileCount: 3, patchLines: 20 });
const NUMBER = 2;
const ISSUE = 7;
/** Config files the `config` input can name; `.github/spark.yml` itself is absent (the defaults). */
const STRICT = 'ci/spark-strict.yml';
const AUTOMATIC = '.github/spark-action.yaml';
const REVIEW_SUMMARY = 'The helpers are consistent with the existing panels.';
let github: FakeGitHub;
let spark: FakeSpark;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spark-action-'));
  github = await startFakeGitHub({
    owner: OWNER,
    repo: REPO,
    roles: { Codertocat: 'write' },
    pulls: [{ number: NUMBER, title: 'Metric helpers', body: 'Adds one helper per panel.', headRef: 'feature', baseRef: 'main', baseSha: 'b'.repeat(40), files: new Map(fixture.files), changed: fixture.changed, diff: fixture.diff }],
    configFiles: { [STRICT]: 'max_changed_lines: 1\n', [AUTOMATIC]: 'auto_review:\n  enabled: true\nissue_label: spark-fix\n' },
    issues: [{ number: ISSUE, title: 'Metric helpers are missing', body: fixture.instruction }],
    // The issue job branches from here: the same files, so the model's patch applies.
    defaultBranch: { name: 'main', files: new Map(fixture.files) },
  });
  // An instruction naming NOT-A-PATCH gets prose instead of an apply_patch envelope; a review (its prompt asks for FINDING lines) a summary.
  spark = await startFakeSpark({
    reply: ({ body }) => {
      const text = JSON.stringify(body);
      if (text.includes('NOT-A-PATCH')) return 'I would rather describe the change in words.';
      return text.includes('FINDING') ? `SUMMARY: ${REVIEW_SUMMARY}\nNO_CHANGES\n` : fixture.reply;
    },
    apiKey: 'sk-action',
  });
});

afterAll(async () => {
  await github.close();
  await spark.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  output: string;
}

/** One workflow step: the bundle with `event` (a webhook payload without `installation`); resolves when it exits. */
function runBundle(event: { name: string; payload: Record<string, unknown> }, runId: number, inputs: { apiKey?: string; config?: string } = {}): Promise<Run> {
  delete event.payload.installation;
  const eventPath = join(dir, `event-${runId}.json`);
  writeFileSync(eventPath, JSON.stringify(event.payload));
  const child = spawn(process.execPath, [join(repoRoot, 'dist-action', 'index.js')], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_API_URL: github.baseUrl,
      // Not the path Octokit would derive (/api/graphql): proves the runner's URL is used.
      GITHUB_GRAPHQL_URL: `http://${github.host}/graphql`,
      GITHUB_RUN_ID: String(runId),
      INPUT_OPENAI_API_KEY: inputs.apiKey ?? 'sk-action',
      INPUT_OPENAI_BASE_URL: spark.url,
      INPUT_TRANSPORT: 'sse',
      INPUT_GITHUB_TOKEN: 'ghs_workflowtoken',
      INPUT_CONFIG: inputs.config ?? '.github/spark.yml',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** `/spark fix <instruction>` on the PR by `login`, as an `issue_comment` workflow run. */
function runAction(login: string, commentId: number, apiKey = 'sk-action', instruction = fixture.instruction, config?: string): Promise<Run> {
  return runBundle(issueCommentEvent({ body: `/spark fix ${instruction}`, login, number: NUMBER, commentId }), commentId, { apiKey, ...(config ? { config } : {}) });
}

/** What an exit code 0 looks like in a failure message: the output only when the code is not 0. */
const exited = (run: Run) => ({ code: run.code, output: run.code === 0 ? '' : run.output });
const bodies = () => [...github.comments.values()].map((c) => c.body);

describe('the bundled Action', () => {
  it('a writer\'s /spark fix: one model turn, one commit on the PR branch, exit 0', async () => {
    github.reset();
    const turns = spark.stats.turns;
    const run = await runAction('Codertocat', 101);
    expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });
    expect(spark.stats.turns - turns).toBe(1);
    expect(github.commits).toHaveLength(1);
    expect(github.commits[0]).toMatchObject({ branch: 'feature' });
    expect(github.commits[0]!.headline).toMatch(/^spark:/);
    const graphql = github.requests.filter((r) => r.method === 'POST' && r.path.includes('graphql'));
    expect(graphql.length).toBeGreaterThan(0);
    expect(graphql.every((r) => r.path === '/graphql')).toBe(true);
    // The status comment ends on Done.
    expect([...github.comments.values()].some((c) => /Done/.test(c.body))).toBe(true);
  }, 60_000);

  it('a read-only commenter gets the polite reply, no model call, no commit, exit 0', async () => {
    github.reset();
    const turns = spark.stats.turns;
    const run = await runAction('reader', 102);
    expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });
    expect(spark.stats.turns - turns).toBe(0);
    expect(github.commits).toHaveLength(0);
    const bodies = [...github.comments.values()].map((c) => c.body);
    expect(bodies).toEqual([expect.stringContaining('Sorry @reader, only people with write access to this repository can run Spark commands.')]);
    expect(github.requests.some((r) => r.path.endsWith('/collaborators/reader/permission'))).toBe(true);
  }, 60_000);

  it('a job that fails (the model rejects the key): the status comment says so, no commit, exit 1', async () => {
    github.reset();
    const run = await runAction('Codertocat', 103, 'sk-revoked');
    expect(run.code).toBe(1);
    expect(github.commits).toHaveLength(0);
    const status = [...github.comments.values()].map((c) => c.body).at(-1) ?? '';
    expect(status).toMatch(/fail/i);
    expect(status).not.toContain('sk-revoked');
  }, 60_000);

  it('a reply that is not a patch: the status comment says so, no commit, exit 0 (not the bot\'s failure)', async () => {
    github.reset();
    const turns = spark.stats.turns;
    const run = await runAction('Codertocat', 104, 'sk-action', 'NOT-A-PATCH please');
    expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });
    expect(spark.stats.turns - turns).toBeGreaterThanOrEqual(1);
    expect(github.commits).toHaveLength(0);
    expect([...github.comments.values()].map((c) => c.body).at(-1)).toMatch(/fail/i);
  }, 60_000);

  it('`config` names another file: its settings apply (and its name is in the refusal), .github/spark.yml is not read', async () => {
    github.reset();
    const run = await runAction('Codertocat', 105, 'sk-action', fixture.instruction, STRICT);
    expect(exited(run)).toEqual({ code: 0, output: '' });
    expect(github.commits).toHaveLength(0);
    expect(bodies().at(-1)).toContain(`over the limit of 1. Narrow the instruction or raise \`max_changed_lines\` in ${STRICT}.`);
    const pin = github.requests.find((r) => r.operation === 'PinPullRequest');
    expect((pin?.body as { variables?: Record<string, unknown> } | undefined)?.variables?.configExpr).toBe(`HEAD:${STRICT}`);
  }, 60_000);

  it('a `config` that is not a repository YAML path: exit 1 with the reason, no request', async () => {
    github.reset();
    const run = await runAction('Codertocat', 106, 'sk-action', fixture.instruction, '../spark.yml');
    expect(run.code).toBe(1);
    expect(run.output).toContain('input `config` must be a path inside the repository to a .yml or .yaml file');
    expect(github.requests).toHaveLength(0);
  }, 60_000);
});

describe('the bundled Action on pull_request (auto-review)', () => {
  const opened = () => {
    const event = pullRequestEvent({ action: 'opened', size: 20 });
    event.payload.pull_request.number = NUMBER;
    return event;
  };

  it('auto_review.enabled in the `config` file: one model turn, the review is posted on the PR, exit 0', async () => {
    github.reset();
    const turns = spark.stats.turns;
    const run = await runBundle(opened(), 201, { config: AUTOMATIC });
    expect(exited(run)).toEqual({ code: 0, output: '' });
    expect(spark.stats.turns - turns).toBe(1);
    expect(github.reviews).toHaveLength(1);
    expect(github.reviews[0]).toMatchObject({ pull: NUMBER, comments: [] });
    expect(github.reviews[0]!.body).toContain(REVIEW_SUMMARY);
    expect(github.commits).toHaveLength(0);
    expect(github.requests.some((r) => r.method === 'GET' && r.path.includes(`/contents/${encodeURIComponent(AUTOMATIC)}`))).toBe(true);
  }, 60_000);

  it('auto-review off (no config file: the defaults): nothing is posted, no model call, exit 0', async () => {
    github.reset();
    const turns = spark.stats.turns;
    const run = await runBundle(opened(), 202);
    expect(exited(run)).toEqual({ code: 0, output: '' });
    expect(spark.stats.turns - turns).toBe(0);
    expect(github.reviews).toHaveLength(0);
    expect(github.comments.size).toBe(0);
  }, 60_000);
});

describe('the bundled Action on issues (the issue_label trigger)', () => {
  const labeled = (label: string, login = 'Codertocat') => issueLabeledEvent({ label, login, number: ISSUE, issue: { title: 'Metric helpers are missing', body: fixture.instruction } });

  it('the config\'s issue_label added by a writer: the job branches, commits and opens a draft PR, exit 0', async () => {
    github.reset();
    const turns = spark.stats.turns;
    const run = await runBundle(labeled('spark-fix'), 301, { config: AUTOMATIC });
    expect(exited(run)).toEqual({ code: 0, output: '' });
    expect(spark.stats.turns - turns).toBe(1);
    expect(github.commits).toEqual([expect.objectContaining({ branch: `spark/issue-${ISSUE}` })]);
    expect(github.opened).toEqual([expect.objectContaining({ head: `spark/issue-${ISSUE}`, base: 'main', draft: true })]);
    expect(bodies().at(-1)).toContain(`Opened draft PR [#${github.opened[0]!.number}]`);
  }, 60_000);

  it('refused per config: another label, or no issue_label configured: nothing happens, exit 0', async () => {
    for (const [runId, label, config] of [[302, 'bug', AUTOMATIC], [303, 'spark-fix', undefined]] as const) {
      github.reset();
      const run = await runBundle(labeled(label), runId, config ? { config } : {});
      expect(exited(run)).toEqual({ code: 0, output: '' });
      expect({ runId, requests: github.requests.filter((r) => r.method !== 'GET').length, opened: github.opened.length }).toEqual({ runId, requests: 0, opened: 0 });
    }
  }, 60_000);

  it('the label added by someone without write access: the polite reply, no model call, exit 0', async () => {
    github.reset();
    const turns = spark.stats.turns;
    const run = await runBundle(labeled('spark-fix', 'reader'), 304, { config: AUTOMATIC });
    expect(exited(run)).toEqual({ code: 0, output: '' });
    expect(spark.stats.turns - turns).toBe(0);
    expect(bodies()).toEqual([expect.stringContaining('only people with write access')]);
    expect(github.opened).toHaveLength(0);
  }, 60_000);
});
