import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import type { Octokit } from '../../src/github/types.js';
import { applyToSnapshot } from '../../src/jobs/apply-snapshot.js';
import { issueJobSpec } from '../../src/jobs/issue-job.js';
import type { IssueJob, PullJob } from '../../src/jobs/job-data.js';
import { pullJobSpec } from '../../src/jobs/pull-job.js';
import { parseReply, PatchApplyError } from '../../src/patch/index.js';

const repo = { owner: 'acme', repo: 'app' };
const command = { repo, requester: { login: 'octo', id: 1 }, config: DEFAULT_CONFIG, deliveryId: 'd1' };
const pinned = {
  number: 2, title: 't', body: '', state: 'OPEN', isDraft: false, baseNameWithOwner: 'acme/app', headNameWithOwner: 'acme/app', headRef: 'feature', headSha: 'a'.repeat(40),
  baseRef: 'main', baseSha: 'b'.repeat(40), isCrossRepository: false, maintainerCanModify: true, author: 'octo', files: [], filesTruncated: false, configText: { repo: null, owner: null },
};
const envelope = { id: 'j1', group: 'acme/app#2', installationId: 7, receivedAt: 1 };

describe('line hints from the job to the patch engine', () => {
  it('a review-thread fix carries the thread\'s lines for its path and the lines its instruction names', () => {
    const job: PullJob = {
      ...envelope,
      kind: 'fix',
      payload: { ...command, instruction: 'also line 40', pinned, announce: true, reply: { kind: 'thread', pullNumber: 2, commentId: 9 }, focus: { path: 'src/f.ts', startLine: 2, endLine: 3 } },
    };
    expect(pullJobSpec(job).lineHints).toEqual({ byPath: [{ path: 'src/f.ts', lines: [{ start: 2, end: 3 }] }], anyFile: [{ start: 40, end: 40 }] });
  });

  it('an issue fix carries the lines its instruction names', () => {
    const job: IssueJob = { ...envelope, kind: 'issue-fix', payload: { ...command, instruction: 'src/f.ts:38 adds 1', issueNumber: 5, issueText: { title: 't', body: '' }, trigger: 'comment' } };
    expect(issueJobSpec(job).lineHints).toEqual({ byPath: [{ path: 'src/f.ts', lines: [{ start: 38, end: 38 }] }] });
  });

  it('applyToSnapshot hands them to the engine: an ambiguous hunk lands at the named candidate, and is refused without them', async () => {
    const file = ['function a() {', '  const x = load();', '  return x + 1;', '}', ...Array.from({ length: 30 }, (_, i) => `const f${i} = ${i};`), 'function b() {', '  const x = load();', '  return x + 1;', '}', ''].join('\n');
    const ops = parseReply(['*** Begin Patch', '*** Update File: src/f.ts', '@@', '   const x = load();', '-  return x + 1;', '+  return x + 2;', '*** End Patch'].join('\n'));
    const snapshot = () => ({ tree: { paths: ['src/f.ts'], special: new Set<string>(), truncated: false }, files: new Map([['src/f.ts', file]]), sha: 'abc' });
    // Every file the ops touch is in the snapshot: GitHub is never asked.
    const github = { octokit: {} as Octokit, repo };
    await expect(applyToSnapshot(ops, snapshot(), github, DEFAULT_CONFIG)).rejects.toBeInstanceOf(PatchApplyError);
    const result = await applyToSnapshot(ops, snapshot(), github, DEFAULT_CONFIG, { byPath: [{ path: 'src/f.ts', lines: [{ start: 37, end: 37 }] }] });
    expect(result.changes[0]!.after!.split('\n').indexOf('  return x + 2;') + 1).toBe(37);
  });
});
