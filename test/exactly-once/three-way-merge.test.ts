import { describe, expect, it } from '@jest/globals';
import { mergeThreeWay } from '../../src/exactly-once/three-way-merge.js';

const base = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((l) => `${l}\n`).join('');
const withGuard = base.replace('b\n', 'b\nif (!x) return;\n');

describe('mergeThreeWay', () => {
  it('recognises a pure insertion that is already on the branch (no duplicated lines)', () => {
    // The replayed-job case: the new head is our own earlier commit of the same change.
    expect(mergeThreeWay(base, withGuard, withGuard)).toEqual({ kind: 'already-applied' });
    // …also when someone else changed an unrelated line on top of it.
    expect(mergeThreeWay(base, withGuard, withGuard.replace('g\n', 'G\n'))).toEqual({ kind: 'already-applied' });
  });

  it('merges our change with an unrelated change of theirs', () => {
    const theirs = base.replace('g\n', 'G\n');
    expect(mergeThreeWay(base, withGuard, theirs)).toEqual({ kind: 'merged', text: withGuard.replace('g\n', 'G\n') });
  });

  it('refuses overlapping or touching changes instead of guessing', () => {
    expect(mergeThreeWay(base, base.replace('c\n', 'C1\n'), base.replace('c\n', 'C2\n')).kind).toBe('conflict');
    // Their edit right next to our insertion point.
    expect(mergeThreeWay(base, withGuard, base.replace('c\n', 'C\n')).kind).toBe('conflict');
    // Both insert different lines at one point.
    expect(mergeThreeWay(base, withGuard, base.replace('b\n', 'b\nother();\n')).kind).toBe('conflict');
  });

  it('keeps line endings byte-exact', () => {
    const crlf = 'a\r\nb\r\nc\r\nd\r\ne\r\n';
    const ours = crlf.replace('b\r\n', 'B\r\n');
    const theirs = crlf.replace('e\r\n', 'E\r\n');
    expect(mergeThreeWay(crlf, ours, theirs)).toEqual({ kind: 'merged', text: 'a\r\nB\r\nc\r\nd\r\nE\r\n' });
  });
});
