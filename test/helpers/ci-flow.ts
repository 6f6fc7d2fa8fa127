/**
 * nock answers for `/spark fix-ci` flows: check runs, statuses, Actions job logs behind their
 * redirect, the tree and snapshot of Spark's commit, commits, and check_suite webhooks shaped
 * like @octokit/webhooks-examples.
 */
import { createRequire } from 'node:module';
import nock from 'nock';
import { INSTALLATION_ID, pullRequestEvent } from './events.js';
import { API, blobsResponse, REPO_PATH } from './github-mock.js';
import { acceptedPr, FILES } from './pr-flow.js';
import { BASE, PARSE_TS, PR_DIFF } from '../fixtures/api/parse-pr.js';

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{ name: string; examples: Array<Record<string, any>> }>;

export const C1 = 'c1'.repeat(20);
export const C2 = 'c2'.repeat(20);
const BLOBS = 'https://productionresultssa0.blob.core.windows.net';
export const TOKEN = `ghp_${'Zq9x'.repeat(9)}`;
export const PATCHED = PARSE_TS.replace("    throw new Error('empty input');", '    return [];');
export const ROUND2_REPLY = `*** Begin Patch
*** Update File: src/parse.ts
@@
-  return input.split(',');
+  return input.split(',').map((part) => part.trim());
*** End Patch
`;

/** A GitHub Actions job log (timestamps, step groups) of a failing Jest run. */
export function jestLog(test: string, message: string, line: number): string {
  const t = '2026-01-01T00:00:00.0000000Z';
  return [
    `${t} ##[group]Run npm test`,
    `${t} npm test`,
    `${t} ##[endgroup]`,
    `${t}  FAIL  src/parse.test.ts`,
    `${t}   ● parse › ${test}`,
    `${t} `,
    `${t}     ${message}`,
    `${t} `,
    `${t}       at parse (/home/runner/work/Hello-World/Hello-World/src/parse.ts:${line}:11)`,
    `${t}       at Object.<anonymous> (/home/runner/work/Hello-World/Hello-World/src/parse.test.ts:4:10)`,
    `${t} Tests:       1 failed, 1 total`,
    `${t} ##[error]Process completed with exit code 1.`,
  ].join('\n');
}

export function checkRun(id: number, name: string, sha: string, conclusion: string | null) {
  return {
    id,
    name,
    head_sha: sha,
    status: conclusion === null ? 'in_progress' : 'completed',
    conclusion,
    started_at: '2026-01-01T00:00:00Z',
    completed_at: conclusion === null ? null : '2026-01-01T00:02:00Z',
    details_url: `https://github.com/Codertocat/Hello-World/actions/runs/1/job/${id}`,
    app: { slug: 'github-actions' },
    check_suite: { id: 5 },
    output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: '' },
  };
}

/** The checks of one commit: its check runs, no commit statuses, and the logs of the failed Actions jobs. */
export function checks(sha: string, runs: Array<ReturnType<typeof checkRun>>, logs: Record<number, string> = {}, answered?: () => void) {
  nock(API)
    .get(`${REPO_PATH}/commits/${sha}/check-runs`)
    .query(true)
    .reply(200, () => {
      answered?.();
      return { total_count: runs.length, check_runs: runs };
    })
    .get(`${REPO_PATH}/commits/${sha}/status`)
    .query(true)
    .reply(200, { state: 'pending', statuses: [] });
  for (const [id, text] of Object.entries(logs)) {
    nock(API).get(`${REPO_PATH}/actions/jobs/${id}/logs`).reply(302, '', { location: `${BLOBS}/logs/${id}.txt?sig=x` });
    nock(BLOBS).get(`/logs/${id}.txt`).query(true).reply(200, text, { 'content-type': 'text/plain' });
  }
}

/** readCi's own tree read of the pinned head (for resolving the log's paths). */
export function ciTree(sha: string) {
  nock(API)
    .get(`${REPO_PATH}/git/trees/${sha}`)
    .query({ recursive: '1' })
    .reply(200, {
      sha,
      truncated: false,
      tree: Object.keys(FILES).map((path, i) => ({ path, mode: '100644', type: 'blob', sha: String(i).repeat(40), size: 100 })),
    });
}

/** Round 2 reads the snapshot at Spark's commit. */
export function snapshotAt(gh: ReturnType<typeof acceptedPr>['gh'], sha: string, files: Record<string, string>) {
  gh.graphql('ReadBlobs', blobsResponse(files));
  ciTree(sha);
  gh.scope.get(`${REPO_PATH}/compare/${BASE}...${sha}`).reply(200, PR_DIFF, { 'content-type': 'application/vnd.github.diff; charset=utf-8' });
  gh.graphql('ReadBlobs', blobsResponse(files));
}

export function commits(gh: ReturnType<typeof acceptedPr>['gh'], ...oids: string[]) {
  for (const oid of oids) {
    gh.graphql('CreateCommitOnBranch', () => ({ data: { createCommitOnBranch: { commit: { oid, url: `https://github.com/Codertocat/Hello-World/commit/${oid}` } } } }));
  }
}

/** The suite of `sha` finished; the example's PR #2 lists `prHead` as its head (default: `sha`). */
export function checkSuiteCompleted(sha: string, prHead = sha) {
  const payload = structuredClone(examples.find((e) => e.name === 'check_suite')!.examples.find((e) => e.action === 'completed')!);
  payload.check_suite.head_sha = sha;
  payload.check_suite.pull_requests[0].head.sha = prHead;
  payload.repository.full_name = 'Codertocat/Hello-World';
  payload.installation = { id: INSTALLATION_ID };
  return { name: 'check_suite', payload };
}

export function synchronize(sha: string) {
  const event = pullRequestEvent({ action: 'synchronize', headSha: sha });
  event.payload.pull_request.number = 2;
  event.payload.repository.full_name = 'Codertocat/Hello-World';
  return event;
}
