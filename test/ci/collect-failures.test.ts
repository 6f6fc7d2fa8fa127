import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { CORPUS_DIR, readCorpus } from '../../bench/support/ci-corpus.js';
import { collectFailures, latestPerName } from '../../src/ci/collect-failures.js';
import { pollCheckSuites } from '../../src/github/check-suites.js';
import type { CheckRun } from '../../src/github/check-runs.js';
import { readJobLog } from '../../src/github/job-log.js';
import { createSparkOctokit } from '../../src/github/octokit.js';
import type { Octokit } from '../../src/github/types.js';

const API = 'https://api.github.com';
const BLOBS = 'https://productionresultssa0.blob.core.windows.net';
const repo = { owner: 'octo', repo: 'demo' };
const SHA = 'c'.repeat(40);
const TOKEN = `ghp_${'A1b2C3d4'.repeat(4)}wxyz`;
const jest = readCorpus().find((e) => e.log === 'jest.log')!;
const jestLog = readFileSync(join(CORPUS_DIR, 'jest.log'), 'utf8');

function octokit(): Octokit {
  const SparkOctokit = createSparkOctokit({ retries: 0 });
  return new SparkOctokit({ auth: 'ghs_installation_token' }) as Octokit;
}

/** A check run as `GET /repos/{o}/{r}/commits/{sha}/check-runs` returns it (trimmed to the fields read). */
function run(id: number, name: string, conclusion: string | null, extra: Record<string, any> = {}) {
  return {
    id,
    name,
    head_sha: SHA,
    status: conclusion === null ? 'in_progress' : 'completed',
    conclusion,
    started_at: '2026-01-01T00:00:00Z',
    completed_at: conclusion === null ? null : '2026-01-01T00:01:00Z',
    details_url: `https://github.com/octo/demo/actions/runs/1/job/${id}`,
    app: { slug: 'github-actions' },
    check_suite: { id: 9 },
    output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: '' },
    ...extra,
  };
}

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('collectFailures', () => {
  it('an Actions job: the log behind the redirect, redacted before extraction, without the token on the blob host', async () => {
    const log = jestLog.replace('discount code required', `discount code required (token ${TOKEN})`);
    nock(API)
      .get(`/repos/octo/demo/commits/${SHA}/check-runs`)
      .query({ filter: 'latest', per_page: 100 })
      .reply(200, { total_count: 2, check_runs: [run(11, 'test', 'failure'), run(12, 'lint', 'success')] })
      .get(`/repos/octo/demo/commits/${SHA}/status`)
      .query({ per_page: 100 })
      .reply(200, { state: 'success', statuses: [] })
      .get('/repos/octo/demo/actions/jobs/11/logs')
      .reply(302, '', { location: `${BLOBS}/actions-results/11/logs/job.txt?sig=abc` });
    let blobAuth: string | undefined = 'unset';
    nock(BLOBS)
      .get('/actions-results/11/logs/job.txt')
      .query(true)
      .reply(function () {
        blobAuth = this.req.headers.authorization as string | undefined;
        return [200, log, { 'content-type': 'text/plain' }];
      });

    const state = await collectFailures(octokit(), repo, SHA, { files: jest.files });

    expect(blobAuth).toBeUndefined();
    expect(state.passed).toEqual(['lint']);
    expect(state.failing.map((f) => [f.name, f.command])).toEqual([['test', 'npx jest --ci']]);
    const check = state.failing[0]!;
    expect(check.failures.map((f) => f.test)).toEqual(['cart › adds prices', 'cart › applies a discount']);
    expect(state.redactions).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(state)).not.toContain(TOKEN);
    expect(check.failures[1]?.message).toContain('[REDACTED:github-token]');
    expect(check.excerpt).toContain('[REDACTED:github-token]');
  });

  it('non-Actions CI: annotations, the run output and a failing commit status', async () => {
    const files = ['src/parse.ts', 'src/index.ts'];
    nock(API)
      .get(`/repos/octo/demo/commits/${SHA}/check-runs`)
      .query(true)
      .reply(200, {
        total_count: 1,
        check_runs: [
          run(21, 'ci/typecheck', 'failure', {
            app: { slug: 'buildkite' },
            output: { title: '2 type errors', summary: 'src/index.ts(4,24): error TS2304: Cannot find name \'subtract\'.', text: null, annotations_count: 2, annotations_url: '' },
          }),
        ],
      })
      .get(`/repos/octo/demo/commits/${SHA}/status`)
      .query(true)
      .reply(200, {
        state: 'failure',
        statuses: [
          { context: 'jenkins/unit', state: 'failure', description: 'Tests failed: src/parse.ts:12 expected 3', target_url: 'https://jenkins.example/job/1' },
          { context: 'coverage', state: 'success', description: 'ok', target_url: null },
        ],
      })
      .get('/repos/octo/demo/check-runs/21/annotations')
      .query({ per_page: 50 })
      .reply(200, [
        { path: 'src/parse.ts', start_line: 5, end_line: 5, annotation_level: 'failure', title: 'TS2561', message: "'txt' does not exist in type 'Token'" },
        { path: 'vendor/lib.ts', start_line: 1, end_line: 1, annotation_level: 'failure', title: null, message: 'outside the repository' },
        { path: '.github', start_line: 0, end_line: 0, annotation_level: 'failure', title: null, message: 'Process completed with exit code 2.' },
      ]);

    const state = await collectFailures(octokit(), repo, SHA, { files });

    expect(state.failing.map((f) => [f.name, f.source])).toEqual([
      ['ci/typecheck', 'check-run'],
      ['jenkins/unit', 'status'],
    ]);
    const typecheck = state.failing[0]!;
    expect(typecheck.failures.flatMap((f) => f.refs)).toEqual([
      { path: 'src/index.ts', line: 4, column: 24 },
      { path: 'src/parse.ts', line: 5 },
    ]);
    expect(typecheck.failures.map((f) => f.message)).toContain('outside the repository');
    expect(state.failing[1]?.failures[0]?.refs).toEqual([{ path: 'src/parse.ts', line: 12 }]);
    expect(state.passed).toEqual(['coverage']);
  });

  it('a re-run that passed hides the older failed run of the same name; queued runs are pending', () => {
    const old = { id: 1, name: 'test', status: 'completed', conclusion: 'failure', startedAt: '2026-01-01T00:00:00Z' } as CheckRun;
    const rerun = { ...old, id: 2, conclusion: 'success', startedAt: '2026-01-01T00:05:00Z' };
    expect(latestPerName([old, rerun])).toEqual([rerun]);
    expect(latestPerName([rerun, old])).toEqual([rerun]);
  });
});

describe('readJobLog', () => {
  it('a 5 MB log: streamed, only the tail kept, the failed step header put back, the failure at the end found', async () => {
    const noise = Array.from({ length: 75_000 }, (_, i) => `2026-01-01T00:00:00.0000000Z building module ${i} of 75000 ........`).join('\n');
    const text = `2026-01-01T00:00:00.0000000Z ##[group]Run npm run build\n${noise}\n2026-01-01T00:00:01.0000000Z src/a.ts(3,7): error TS2304: Cannot find name 'x'.\n2026-01-01T00:00:01.0000000Z ##[error]Process completed with exit code 2.\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(5_000_000);
    nock(API).get('/repos/octo/demo/actions/jobs/7/logs').reply(302, '', { location: `${BLOBS}/logs/7.txt` });
    nock(BLOBS).get('/logs/7.txt').reply(200, text, { 'content-type': 'text/plain' });

    const log = await readJobLog(octokit(), repo, 7, { tailBytes: 256 * 1024 });

    expect(log.bytesRead).toBe(Buffer.byteLength(text));
    expect(log.truncated).toBe(true);
    expect(log.text.length).toBeLessThan(256 * 1024 + 200);
    expect(log.text.split('\n')[0]).toMatch(/##\[group\]Run npm run build$/);
    expect(log.text).toContain("src/a.ts(3,7): error TS2304: Cannot find name 'x'.");
  });

  it('stops reading at maxReadBytes', async () => {
    nock(API).get('/repos/octo/demo/actions/jobs/8/logs').reply(302, '', { location: `${BLOBS}/logs/8.txt` });
    nock(BLOBS).get('/logs/8.txt').reply(200, 'x'.repeat(3 * 1024 * 1024), { 'content-type': 'text/plain' });
    const log = await readJobLog(octokit(), repo, 8, { tailBytes: 1024, maxReadBytes: 1024 * 1024 });
    expect(log.stoppedEarly).toBe(true);
    expect(log.truncated).toBe(true);
    expect(log.text.length).toBeLessThanOrEqual(1024);
  });
});

describe('pollCheckSuites', () => {
  it('sends the ETag back and reads 304 as "nothing changed"', async () => {
    nock(API)
      .get(`/repos/octo/demo/commits/${SHA}/check-suites`)
      .query(true)
      .reply(200, { total_count: 1, check_suites: [{ id: 9, status: 'in_progress', conclusion: null, app: { slug: 'github-actions' } }] }, { etag: 'W/"abc"' })
      .get(`/repos/octo/demo/commits/${SHA}/check-suites`)
      .query(true)
      .matchHeader('if-none-match', 'W/"abc"')
      .reply(304, '');
    const first = await pollCheckSuites(octokit(), repo, SHA);
    expect(first).toEqual({ changed: true, etag: 'W/"abc"', suites: [{ id: 9, appSlug: 'github-actions', status: 'in_progress', conclusion: null }] });
    expect(await pollCheckSuites(octokit(), repo, SHA, 'W/"abc"')).toEqual({ changed: false, etag: 'W/"abc"' });
  });
});
