import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { BranchMovedError } from '../../src/github/commit.js';
import { createSparkOctokit } from '../../src/github/octokit.js';
import type { Octokit } from '../../src/github/types.js';
import { ChangeAlreadyOnBranchError, moveOntoNewHead } from '../../src/jobs/rebase.js';
import { unifiedDiff } from '../../src/patch/index.js';
import type { PatchResult } from '../../src/patch/types.js';
import { OWNER, REPO } from '../helpers/events.js';
import { API, blobsResponse, githubMock, pinResponse, REPO_PATH } from '../helpers/github-mock.js';

const OLD = 'a'.repeat(40);
const NEW = 'c'.repeat(40);
const BASE = ['export function total(xs) {', '  let sum = 0;', '  for (const x of xs) sum += x;', '  return sum;', '}', '', 'export function mean(xs) {', '  return total(xs) / xs.length;', '}', ''].join('\n');
// Our patch: a guard in mean().
const OURS = BASE.replace('  return total(xs) / xs.length;', '  if (xs.length === 0) return 0;\n  return total(xs) / xs.length;');

const result = (before: string, after: string): PatchResult => ({
  changes: [{ path: 'src/stats.ts', before, after, diff: unifiedDiff('src/stats.ts', before, after), additions: 1, deletions: 0 }],
  additions: 1,
  deletions: 0,
});

function octokit(): Octokit {
  const Octokit = createSparkOctokit({ sleep: async () => undefined });
  return new Octokit({ auth: { token: 'ghs_test' } }) as Octokit;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/** The new head's compare lists 300 other files (GitHub's cap): our file is not among them. */
function movedBranch(theirs: string, tree = [{ path: 'src/stats.ts', mode: '100644', type: 'blob', sha: 'f'.repeat(40) }]) {
  const gh = githubMock();
  gh.graphql('PinPullRequest', () => pinResponse({ headSha: NEW, baseSha: 'b'.repeat(40), files: ['src/stats.ts'] }));
  nock(API)
    .get(`${REPO_PATH}/compare/${OLD}...${NEW}`)
    .reply(200, { status: 'ahead', files: Array.from({ length: 300 }, (_, i) => ({ filename: `gen/file-${i}.ts`, status: 'modified', patch: '@@ -1 +1 @@' })) });
  gh.graphql('BlobOids', (v) => {
    const repository: Record<string, unknown> = { id: 'R_1' };
    for (const [key, value] of Object.entries(v)) {
      const m = /^e(\d+)$/.exec(key);
      if (m) repository[`o${m[1]}`] = { oid: String(value).startsWith(NEW) && theirs !== BASE ? 'f'.repeat(40) : 'e'.repeat(40) };
    }
    return { data: { repository } };
  });
  gh.graphql('ReadBlobs', blobsResponse({ 'src/stats.ts': theirs }));
  nock(API).get(`${REPO_PATH}/git/trees/${NEW}`).query(true).reply(200, { sha: NEW, tree, truncated: false });
  return gh;
}

const input = (r: PatchResult) => ({ pullNumber: 2, configPath: '.github/spark.yml', branch: 'feature/parse', fromSha: OLD, result: r, options: {} });
const stale = new BranchMovedError('STALE_DATA');

describe('moveOntoNewHead (compare lists at most 300 files)', () => {
  it('sees a concurrent edit of our file that compare’s truncated list hides, and refuses to revert it', async () => {
    // Someone changed the very line we patch; compare's 300 files do not include our file.
    const theirs = BASE.replace('  return total(xs) / xs.length;', '  return xs.length ? total(xs) / xs.length : NaN;');
    const gh = movedBranch(theirs);
    const error = await moveOntoNewHead(octokit(), { owner: OWNER, repo: REPO }, input(result(BASE, OURS)), stale).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BranchMovedError);
    expect((error as BranchMovedError).userMessage).toContain('src/stats.ts');
    expect(gh.invalid).toEqual([]);
  });

  it('merges our change with an unrelated concurrent edit of the same file', async () => {
    const theirs = BASE.replace('  let sum = 0;', '  let sum = 0; // running total');
    const gh = movedBranch(theirs);
    const moved = await moveOntoNewHead(octokit(), { owner: OWNER, repo: REPO }, input(result(BASE, OURS)), stale);
    expect(moved.headSha).toBe(NEW);
    expect(moved.reapplied).toEqual(['src/stats.ts']);
    expect(moved.result.changes[0]?.after).toBe(OURS.replace('  let sum = 0;', '  let sum = 0; // running total'));
    expect(moved.result.changes[0]?.before).toBe(theirs);
    expect(gh.invalid).toEqual([]);
  });

  it('does not add the guard a second time when the new head already has it', async () => {
    movedBranch(OURS);
    const error = await moveOntoNewHead(octokit(), { owner: OWNER, repo: REPO }, input(result(BASE, OURS)), stale).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChangeAlreadyOnBranchError);
  });

  it('refuses a merge through a path the new head turned into a symlink', async () => {
    movedBranch(BASE.replace('  let sum = 0;', '  let sum = 0; // running total'), [{ path: 'src', mode: '120000', type: 'blob', sha: 'f'.repeat(40) }]);
    const error = await moveOntoNewHead(octokit(), { owner: OWNER, repo: REPO }, input(result(BASE, OURS)), stale).catch((e: unknown) => e);
    expect((error as { reason?: string }).reason).toBe('symlink');
  });

  it('moves on unchanged when the blob ids of our files are equal at both heads', async () => {
    const gh = movedBranch(BASE);
    const r = result(BASE, OURS);
    const moved = await moveOntoNewHead(octokit(), { owner: OWNER, repo: REPO }, input(r), stale);
    expect(moved).toEqual({ headSha: NEW, result: r, reapplied: [] });
    const blobOids = gh.graphqlCalls.find((c) => c.operation === 'BlobOids');
    expect(blobOids?.variables).toMatchObject({ e0: `${OLD}:src/stats.ts`, e1: `${NEW}:src/stats.ts` });
  });
});
