/**
 * The committed Action bundle (dist-action/index.js, what action.yml runs), spawned as the
 * runner would: a workflow event payload in GITHUB_EVENT_PATH (from @octokit/webhooks-examples,
 * without `installation`, as workflow payloads come), INPUT_* variables, GITHUB_API_URL and
 * GITHUB_GRAPHQL_URL at the local fake GitHub, the model at the fake Spark server.
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

const fixture = generatePullFixture({ fileCount: 3, patchLines: 20 });
const NUMBER = 2;
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
  });
  // An instruction naming NOT-A-PATCH gets prose instead of an apply_patch envelope.
  spark = await startFakeSpark({ reply: ({ body }) => (JSON.stringify(body).includes('NOT-A-PATCH') ? 'I would rather describe the change in words.' : fixture.reply), apiKey: 'sk-action' });
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

/** One workflow step: the bundle with the comment event by `login`; resolves when it exits. */
function runAction(login: string, commentId: number, apiKey = 'sk-action', instruction = fixture.instruction): Promise<Run> {
  const { payload } = issueCommentEvent({ body: `/spark fix ${instruction}`, login, number: NUMBER, commentId });
  delete payload.installation;
  const eventPath = join(dir, `event-${commentId}.json`);
  writeFileSync(eventPath, JSON.stringify(payload));
  const child = spawn(process.execPath, [join(repoRoot, 'dist-action', 'index.js')], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      GITHUB_EVENT_NAME: 'issue_comment',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_API_URL: github.baseUrl,
      // Not the path Octokit would derive (/api/graphql): proves the runner's URL is used.
      GITHUB_GRAPHQL_URL: `http://${github.host}/graphql`,
      GITHUB_RUN_ID: String(commentId),
      INPUT_OPENAI_API_KEY: apiKey,
      INPUT_OPENAI_BASE_URL: spark.url,
      INPUT_TRANSPORT: 'sse',
      INPUT_GITHUB_TOKEN: 'ghs_workflowtoken',
      INPUT_CONFIG: '.github/spark.yml',
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
});
