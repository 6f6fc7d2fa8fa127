import { describe, expect, it } from '@jest/globals';
import parseDiff from 'parse-diff';
import { applyOps, parseReply } from '../../src/patch/index.js';
import { generatePullFixture } from './pr-fixture.js';

describe('generatePullFixture', () => {
  it.each([1, 10, 50])('builds %i modules of 50–200 lines with a diff that lists each of them', (fileCount) => {
    const pr = generatePullFixture({ fileCount });
    expect(pr.changed).toHaveLength(fileCount);
    for (const path of pr.changed) {
      const lines = pr.files.get(path)!.split('\n').length;
      expect(lines).toBeGreaterThanOrEqual(50);
      expect(lines).toBeLessThanOrEqual(200);
    }
    const parsed = parseDiff(pr.diff);
    expect(parsed.map((f) => f.to)).toEqual(pr.changed);
    expect(parsed.every((f) => f.additions === 9 && f.deletions === 0)).toBe(true);
  });

  it.each([1, 10, 50])('produces an apply_patch reply of ~200 lines that applies to the %i-file head', (fileCount) => {
    const pr = generatePullFixture({ fileCount });
    expect(pr.replyLines).toBeGreaterThanOrEqual(200);
    expect(pr.replyLines).toBeLessThan(215);
    const result = applyOps(parseReply(pr.reply), pr.files);
    // Every hunk adds a guard and rewrites the return: 2 additions, 1 deletion once minimised.
    const hunks = pr.replyLines / 10;
    expect(result.additions).toBe(2 * hunks);
    expect(result.deletions).toBe(hunks);
    const first = result.changes[0]!;
    expect(first.path).toBe('src/metrics/panel0.ts');
    expect(first.after).toContain('if (!Number.isFinite(value)) continue;');
  });

  it('builds one-function replies that apply independently, in any order', () => {
    const pr = generatePullFixture({ fileCount: 2 });
    expect(pr.functionCounts[0]).toBe(21);
    let files: Map<string, string> = pr.files;
    for (const index of [5, 0, 20]) {
      const result = applyOps(parseReply(pr.replyForFunction(0, index)), files);
      expect(result.changes.map((c) => [c.path, c.additions, c.deletions])).toEqual([['src/metrics/panel0.ts', 2, 1]]);
      files = new Map(files).set('src/metrics/panel0.ts', result.changes[0]!.after!);
    }
    expect(files.get('src/metrics/panel0.ts')!.match(/Number\.isFinite/g)).toHaveLength(3);
    expect(() => pr.replyForFunction(0, 21)).toThrow(RangeError);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generatePullFixture({ fileCount: 3, seed: 7 }).reply).toBe(generatePullFixture({ fileCount: 3, seed: 7 }).reply);
    expect(generatePullFixture({ fileCount: 3, seed: 7 }).diff).not.toBe(generatePullFixture({ fileCount: 3, seed: 8 }).diff);
  });
});
