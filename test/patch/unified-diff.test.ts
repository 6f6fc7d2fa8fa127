import { describe, expect, it } from '@jest/globals';
import { applyPatch } from 'diff';
import { countChanges, unifiedDiff } from '../../src/patch/unified-diff.js';

const lines = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => `${line(i)}\n`).join('');

describe('the published diff', () => {
  it('is minimal for scattered edits within the edit bound', () => {
    const before = lines(2000, (i) => `v${i}=${i};`);
    const after = lines(2000, (i) => (i % 200 === 0 ? `v${i}=${i + 1};` : `v${i}=${i};`));
    expect(countChanges(before, after)).toEqual({ additions: 10, deletions: 10 });
    expect(applyPatch(before, unifiedDiff('v.ts', before, after))).toBe(after);
  });

  it('past the bound is one replaced region that still turns before into after', () => {
    const before = lines(3000, (i) => `v${i}=${i};`);
    const after = lines(3000, (i) => (i % 2 === 0 ? `v${i}=${i + 1};` : `v${i}=${i};`));
    const diff = unifiedDiff('v.ts', before, after);
    expect(applyPatch(before, diff)).toBe(after);
    // One region from the first change to the last: every line between counted on both sides.
    expect(countChanges(before, after)).toEqual({ additions: 2999, deletions: 2999 });
  });

  it('reordered lines (nothing unmatched) still get an exact diff', () => {
    const before = lines(600, (i) => `line ${i}`);
    const after = lines(600, (i) => `line ${i % 2 === 0 ? i + 1 : i - 1}`);
    expect(applyPatch(before, unifiedDiff('r.txt', before, after))).toBe(after);
  });
});
