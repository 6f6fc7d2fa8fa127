import { describe, expect, it } from '@jest/globals';
import { applyOps, parseReply, PatchApplyError } from '../../src/patch/index.js';

const FILE = ['int f() {', '  int a = 1;', '  int b = 2;', '  int c = 3;', '  return a + b + c;', '}', ''].join('\n');
const run = (...hunks: string[][]): string => {
  const reply = ['*** Begin Patch', '*** Update File: f.c', ...hunks.flatMap((h) => ['@@', ...h]), '*** End Patch'].join('\n');
  return applyOps(parseReply(reply), new Map([['f.c', FILE]])).changes[0]!.after!;
};

describe('hunks written against the same original that share context lines', () => {
  it('applies both when the lines they change stay apart (each context checked against the original)', () => {
    const first = [' int f() {', '-  int a = 1;', '+  int a = 10;', '   int b = 2;', '   int c = 3;'];
    // Its context repeats the line the first hunk changes, as it was.
    const second = ['   int a = 1;', '   int b = 2;', '-  int c = 3;', '+  int c = 30;', '   return a + b + c;'];
    expect(run(first, second)).toBe(FILE.replace('a = 1;', 'a = 10;').replace('c = 3;', 'c = 30;'));
  });

  it('applies the same change sent twice once', () => {
    const change = ['   int a = 1;', '-  int b = 2;', '+  int b = 20;', '   int c = 3;'];
    expect(run(change, change)).toBe(FILE.replace('b = 2;', 'b = 20;'));
  });

  it('refuses two different changes to one line', () => {
    expect(() => run(['   int a = 1;', '-  int b = 2;', '+  int b = 20;', '   int c = 3;'], [' int f() {', '   int a = 1;', '-  int b = 2;', '+  int b = 21;'])).toThrow(/changes the same lines as hunk 1/);
  });

  it('refuses an insertion that lands right against the other hunk\'s change (which goes first is a guess)', () => {
    const change = [' int f() {', '-  int a = 1;', '+  int a = 10;', '   int b = 2;'];
    const insert = [' int f() {', '+  int z = 0;', '   int a = 1;', '   int b = 2;'];
    expect(() => run(change, insert)).toThrow(PatchApplyError);
  });
});
