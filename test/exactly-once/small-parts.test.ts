import { describe, expect, it } from '@jest/globals';
import { createMemoryJobRecords } from '../../src/exactly-once/job-record.js';
import { createMemoryReplyLimiter } from '../../src/exactly-once/reply-limiter.js';
import { onlySparkCommitsBetween } from '../../src/exactly-once/spark-chain.js';
import { HeadRepositoryGoneError, pushTarget } from '../../src/github/push-target.js';

const sha = (c: string) => c.repeat(40);

describe('onlySparkCommitsBetween', () => {
  it('follows Spark’s recorded commits back to the pinned head', async () => {
    const records = createMemoryJobRecords();
    await records.addCommit('o/r#1', { oid: sha('b'), parent: sha('a') });
    await records.addCommit('o/r#1', { oid: sha('c'), parent: sha('b') });
    expect(await onlySparkCommitsBetween(records, 'o/r#1', sha('a'), sha('c'))).toBe(true);
    // A human commit in between (d is not Spark's), another PR, or no move at all.
    await records.addCommit('o/r#1', { oid: sha('e'), parent: sha('d') });
    expect(await onlySparkCommitsBetween(records, 'o/r#1', sha('a'), sha('e'))).toBe(false);
    expect(await onlySparkCommitsBetween(records, 'o/r#2', sha('a'), sha('c'))).toBe(false);
    expect(await onlySparkCommitsBetween(records, 'o/r#1', sha('a'), sha('a'))).toBe(false);
  });
});

describe('reply limiter', () => {
  it('answers a key once per window', async () => {
    let now = 0;
    const limiter = createMemoryReplyLimiter({ windowMs: 3_600_000, now: () => now });
    expect(await limiter.firstInWindow('o/r#1:7')).toBe(true);
    expect(await limiter.firstInWindow('o/r#1:7')).toBe(false);
    expect(await limiter.firstInWindow('o/r#2:7')).toBe(true);
    now = 3_600_001;
    expect(await limiter.firstInWindow('o/r#1:7')).toBe(true);
  });
});

describe('pushTarget', () => {
  const pr = { number: 4, headRef: 'patch-1', baseNameWithOwner: 'octo/repo' };
  it('pushes to the head repository, and refuses a fork PR whose head repository is gone', () => {
    expect(pushTarget({ ...pr, isCrossRepository: true, headNameWithOwner: 'fork/repo' })).toBe('fork/repo');
    expect(pushTarget({ ...pr, isCrossRepository: false, headNameWithOwner: null })).toBe('octo/repo');
    expect(() => pushTarget({ ...pr, isCrossRepository: true, headNameWithOwner: null })).toThrow(HeadRepositoryGoneError);
  });
});
