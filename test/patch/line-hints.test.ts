import { describe, expect, it } from '@jest/globals';
import { applyOps, lineHintsFrom, parseReply, PatchApplyError, type LineHints } from '../../src/patch/index.js';

describe('lineHintsFrom (line numbers the maintainer named)', () => {
  it('reads "line 42", ranges, lists, L42 and path:line forms', () => {
    expect(lineHintsFrom('fix line 42 should return early')).toEqual({ anyFile: [{ start: 42, end: 42 }] });
    expect(lineHintsFrom('Lines 10-14 and 20 to 22 are wrong')).toEqual({ anyFile: [{ start: 10, end: 14 }, { start: 20, end: 22 }] });
    expect(lineHintsFrom('see lines 3, 7 and 9')).toEqual({ anyFile: [{ start: 3, end: 3 }, { start: 7, end: 7 }, { start: 9, end: 9 }] });
    expect(lineHintsFrom('the check at L42 (and L50-L52)')).toEqual({ anyFile: [{ start: 42, end: 42 }, { start: 50, end: 52 }] });
    expect(lineHintsFrom('src/parse.ts:42:7 throws; also util.c:10-12')).toEqual({
      byPath: [
        { path: 'src/parse.ts', lines: [{ start: 42, end: 42 }] },
        { path: 'util.c', lines: [{ start: 10, end: 12 }] },
      ],
    });
    expect(lineHintsFrom('test/a.test.ts:12 fails')).toEqual({ byPath: [{ path: 'test/a.test.ts', lines: [{ start: 12, end: 12 }] }] });
    expect(lineHintsFrom('line 8 of `src/a.ts` is off by one')).toEqual({ byPath: [{ path: 'src/a.ts', lines: [{ start: 8, end: 8 }] }] });
    expect(lineHintsFrom('https://github.com/o/r/blob/abc123/src/a.ts#L10-L14')).toEqual({ byPath: [{ path: 'src/a.ts', lines: [{ start: 10, end: 14 }] }] });
  });

  it('adds a review thread\'s own lines for its path', () => {
    expect(lineHintsFrom('use a guard here', { path: 'src/a.ts', startLine: 5, endLine: 7 })).toEqual({ byPath: [{ path: 'src/a.ts', lines: [{ start: 5, end: 7 }] }] });
  });

  it('names nothing for times, versions, issue numbers, backwards or huge ranges', () => {
    expect(lineHintsFrom('at 12:30 bump v1.2.3 as in #42, 2 lines too long')).toEqual({});
    expect(lineHintsFrom('lines 20-10, lines 1-5000, line 0')).toEqual({});
  });
});

/** Two functions with the same body, far apart: `return x + 1;` at lines 3 and 38. */
const FILE = [
  'function a() {',
  '  const x = load();',
  '  return x + 1;',
  '}',
  ...Array.from({ length: 30 }, (_, i) => `const filler${i} = ${i};`),
  '',
  'function b() {',
  '  const x = load();',
  '  return x + 1;',
  '}',
  '',
].join('\n');

const AMBIGUOUS = ['*** Begin Patch', '*** Update File: src/f.ts', '@@', '   const x = load();', '-  return x + 1;', '+  return x + 2;', '*** End Patch'].join('\n');
const changedLine = (text: string): number => text.split('\n').findIndex((l) => l === '  return x + 2;') + 1;

function apply(reply: string, lineHints?: LineHints): string {
  const result = applyOps(parseReply(reply), new Map([['src/f.ts', FILE]]), lineHints === undefined ? {} : { lineHints });
  return result.changes[0]!.after!;
}

function refusal(reply: string, lineHints?: LineHints): PatchApplyError {
  try {
    apply(reply, lineHints);
  } catch (error) {
    if (error instanceof PatchApplyError) return error;
    throw error;
  }
  throw new Error('expected the patch to be refused');
}

describe('applyOps with lineHints: a tie-breaker between equal spots only', () => {
  it('refuses a hunk whose context occurs twice when no line is named', () => {
    expect(refusal(AMBIGUOUS).failures[0]).toMatchObject({ reason: 'ambiguous', candidates: [2, 37] });
  });

  it('applies it at the candidate next to the line the instruction names', () => {
    expect(changedLine(apply(AMBIGUOUS, lineHintsFrom('/spark fix line 38 should add 2')))).toBe(38);
    expect(changedLine(apply(AMBIGUOUS, lineHintsFrom('fix src/f.ts:3')))).toBe(3);
    // A review thread on lines 2-3 of this file.
    expect(changedLine(apply(AMBIGUOUS, lineHintsFrom('add 2 instead', { path: 'src/f.ts', startLine: 2, endLine: 3 })))).toBe(3);
  });

  it('changes nothing when the named line is near no candidate, near both, or in another file', () => {
    expect(refusal(AMBIGUOUS, lineHintsFrom('line 20')).failures[0]!.reason).toBe('ambiguous');
    expect(refusal(AMBIGUOUS, lineHintsFrom('lines 3 and 38')).failures[0]!.reason).toBe('ambiguous');
    expect(refusal(AMBIGUOUS, lineHintsFrom('other.ts:38')).failures[0]!.reason).toBe('ambiguous');
  });

  it('picks between close copies only when the named line is inside one block and clear of the other', () => {
    const close = ['if (a) {', '  x = 1;', '}', 'if (a) {', '  x = 1;', '}', ''].join('\n');
    const reply = ['*** Begin Patch', '*** Update File: src/g.ts', '@@', ' if (a) {', '-  x = 1;', '+  x = 2;', '*** End Patch'].join('\n');
    const run = (instruction: string): string => applyOps(parseReply(reply), new Map([['src/g.ts', close]]), { lineHints: lineHintsFrom(instruction) }).changes[0]!.after!;
    expect(run('line 5').split('\n').indexOf('  x = 2;') + 1).toBe(5);
    // Line 3 is one line from either block: no tie-break.
    expect(() => run('line 3')).toThrow(PatchApplyError);
  });

  it('never moves a unique match towards a named line', () => {
    const unique = ['*** Begin Patch', '*** Update File: src/f.ts', '@@', ' function b() {', '   const x = load();', '-  return x + 1;', '+  return x + 2;', '*** End Patch'].join('\n');
    expect(changedLine(apply(unique, lineHintsFrom('fix line 3')))).toBe(38);
  });

  it('refuses when the diff\'s own @@ -n and the named line point at different candidates', () => {
    const unified = ['--- a/src/f.ts', '+++ b/src/f.ts', '@@ -2,2 +2,2 @@', '   const x = load();', '-  return x + 1;', '+  return x + 2;'].join('\n');
    expect(changedLine(apply(unified))).toBe(3);
    expect(changedLine(apply(unified, lineHintsFrom('line 3')))).toBe(3);
    expect(refusal(unified, lineHintsFrom('line 38')).failures[0]!.reason).toBe('ambiguous');
  });

  it('ignores named lines for a file an earlier operation of the reply already changed (they describe the snapshot)', () => {
    const inserted = Array.from({ length: 20 }, (_, i) => `+const extra${i} = ${i};`);
    const twice = ['*** Begin Patch', '*** Update File: src/f.ts', '@@', ' const filler0 = 0;', ...inserted, ' const filler1 = 1;', '*** Update File: src/f.ts', '@@', '   const x = load();', '-  return x + 1;', '+  return x + 2;', '*** End Patch'].join('\n');
    // Line 58 is b's return only after the first section's 20 new lines: not a tie-break.
    expect(refusal(twice, lineHintsFrom('line 58')).failures[0]!.reason).toBe('ambiguous');
  });
});
