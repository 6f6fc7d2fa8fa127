import { describe, expect, it } from '@jest/globals';
import { codeComparer } from '../../src/patch/line-comments.js';

describe('codeComparer', () => {
  const c = codeComparer('src/eval.c');

  it('takes a line retyped with a trailing comment of its own, on either side, as the same code', () => {
    expect(c('    return current.value; // Added return statement', 'return current.value;')).toBe(true);
    expect(c('return current.value;', 'return current.value; // the value')).toBe(true);
  });

  it('keeps two different comments, or different code, apart', () => {
    expect(c('x = 1; // one', 'x = 1; // two')).toBe(false);
    expect(c('x = 1; // one', 'x = 2;')).toBe(false);
  });

  it('does not read // inside a string or character literal as a comment', () => {
    expect(c('const url = "http://example.com";', 'const url = "http:')).toBe(false);
    expect(c("char c = '/'; // slash", "char c = '/';")).toBe(true);
    expect(codeComparer('a.ts')('const u = `a//b`;', 'const u = `a')).toBe(false);
  });

  it('takes a line whose quotes do not close as code, without a comment', () => {
    expect(c('printf("unterminated // not a comment', 'printf("unterminated')).toBe(false);
  });

  it('never strips a whole-line comment to nothing', () => {
    expect(c('// a note', '')).toBe(false);
  });

  it('reads no comments in files of other languages', () => {
    expect(codeComparer('half.py')('total = a // 2', 'total = a')).toBe(false);
    expect(codeComparer('notes.md')('see http://x // y', 'see http://x')).toBe(false);
    expect(codeComparer(undefined)('x; // y', 'x;')).toBe(false);
    expect(codeComparer('half.py')('  total = a ', 'total = a')).toBe(true);
  });
});
