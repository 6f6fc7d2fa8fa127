/**
 * A job shaped like the real commit path (pin → commit with expectedHeadOid → move onto a newer
 * head on STALE_DATA), against a fake branch kept in Redis so a crashed worker process and the
 * test share it. Used by the crash-worker fixture and by the test's surviving worker.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CommitRequest, CommitResult } from '../../src/github/commit.js';
import { BranchMovedError } from '../../src/github/commit.js';
import type { Octokit } from '../../src/github/types.js';
import { commitOnce, priorCommit } from '../../src/exactly-once/commit-once.js';
import type { JobRecords } from '../../src/exactly-once/job-record.js';
import type { JobData } from '../../src/queue/types.js';

/** KEYS: head, commits. ARGV: expected, new oid, message. */
const COMMIT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('RPUSH', KEYS[2], ARGV[2] .. ' ' .. ARGV[1] .. ' ' .. ARGV[3])
return 1
`;

export interface FakeBranch {
  head(): Promise<string>;
  commits(): Promise<string[]>;
  send(request: CommitRequest): Promise<CommitResult>;
}

export function fakeBranch(redis: Redis, ns: string): FakeBranch {
  return {
    async head() {
      return (await redis.get(`${ns}:head`)) ?? '';
    },
    async commits() {
      return redis.lrange(`${ns}:commits`, 0, -1);
    },
    async send(request) {
      const oid = randomUUID().replace(/-/g, '').padEnd(40, '0');
      const ok = await redis.eval(COMMIT, 2, `${ns}:head`, `${ns}:commits`, request.expectedHeadOid, oid, JSON.stringify(request.body ?? ''));
      if (ok !== 1) throw new BranchMovedError('STALE_DATA');
      return { oid, url: `https://github.com/octo/repo/commit/${oid}` };
    },
  };
}

/** No GitHub read happens while the record holds the commit (the case these tests crash in). */
const noGitHub = {} as Octokit;

export async function runReplayableJob(
  job: JobData,
  deps: { records: JobRecords; branch: FakeBranch; pinnedHead: string; afterCommit?: () => Promise<void> },
): Promise<{ outcome: 'committed' | 'replayed'; oid: string }> {
  const prior = await priorCommit(noGitHub, deps.records, job, { nameWithOwner: 'octo/repo', name: 'feature' });
  if (prior) return { outcome: 'replayed', oid: prior.oid };
  let head = deps.pinnedHead;
  for (;;) {
    try {
      const request: CommitRequest = { nameWithOwner: 'octo/repo', branch: 'feature', expectedHeadOid: head, headline: 'spark: add a guard', files: [] };
      const commit = await commitOnce(deps.records, job, request, (r) => deps.branch.send(r));
      await deps.afterCommit?.();
      return { outcome: 'committed', oid: commit.oid };
    } catch (error) {
      // Today's job moves onto the new head and re-applies: for a replay that is its own commit.
      if (!(error instanceof BranchMovedError)) throw error;
      head = await deps.branch.head();
    }
  }
}
