import { describe, expect, it } from '@jest/globals';
import { applyOps, parseReply, PatchApplyError, PatchParseError, StreamingPatchParser, type FileOp } from '../../src/patch/index.js';
import { checkWholeFile } from '../../src/patch/whole-file.js';
import { locateFuzzy, MAX_FUZZY_LINE, similarity } from '../../src/patch/fuzzy-context.js';
import { LineIndex } from '../../src/patch/locate.js';
import { MATH, reply } from './helpers.js';

const snap = (entries: Record<string, string>): Map<string, string> => new Map(Object.entries(entries));

function applyError(fn: () => unknown): PatchApplyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PatchApplyError) return e;
    throw e;
  }
  throw new Error('expected a PatchApplyError');
}

describe('two-block (ORIGINAL/CHANGED) replies', () => {
  it('reads fenced blocks as one search/replace hunk on the path named before them', () => {
    const ops = parseReply(reply('two-block.txt'));
    expect(ops).toEqual([{ kind: 'update', path: 'src/math.ts', hunks: [{ before: ['  return a - b;'], after: ['  return a + b;'] }] }]);
    const result = applyOps(ops, snap({ 'src/math.ts': MATH }));
    expect(result.changes[0]!.after).toContain('  return a + b;\n}\n\nexport function sub');
  });

  it('reads bare blocks (the CHANGED block ends at a blank line), strips "NN |" listings, and uses defaultPath', () => {
    const text = 'ORIGINAL LINES:\n12 |   return a - b;\n\nCHANGED LINES:\n12 |   return a + b;\n\nThat fixes it.\n';
    expect(parseReply(text, { defaultPath: 'src/math.ts' })).toEqual([
      { kind: 'update', path: 'src/math.ts', hunks: [{ before: ['  return a - b;'], after: ['  return a + b;'] }] },
    ]);
  });

  it('gives the same ops whatever the delta split', () => {
    const text = reply('two-block.txt');
    const parser = new StreamingPatchParser();
    const ops: FileOp[] = [];
    for (let i = 0; i < text.length; i += 3) ops.push(...parser.push(text.slice(i, i + 3)));
    ops.push(...parser.end());
    expect(ops).toEqual(parseReply(text));
  });

  it('treats an incomplete layout as prose: a later patch still parses, identical blocks change nothing', () => {
    const text = 'Before: we had a bug.\n\n*** Begin Patch\n*** Update File: a.txt\n-x\n+y\n*** End Patch\n';
    expect(parseReply(text)).toEqual([{ kind: 'update', path: 'a.txt', hunks: [{ before: ['x'], after: ['y'], kinds: '-+' }] }]);
    expect(() => parseReply('ORIGINAL LINES:\nx\nCHANGED LINES:\nx\n', { defaultPath: 'a.txt' })).toThrow(/identical/);
  });

  it('refuses blocks without any path', () => {
    expect(() => parseReply('ORIGINAL LINES:\nx\nCHANGED LINES:\ny\n')).toThrow(/without a file path/);
  });
});

describe('whole-file replies', () => {
  it('replaces the file named before the only fenced block when it is clearly complete', () => {
    const ops = parseReply(reply('whole-file-fenced.txt'));
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ kind: 'update', path: 'src/math.ts', hunks: [] });
    const result = applyOps(ops, snap({ 'src/math.ts': MATH.replace(/\n/g, '\r\n') }));
    // The file's CRLF endings survive; only the changed line is in the diff.
    expect(result.changes[0]!.after).toBe(MATH.replace('a - b', 'a + b').replace(/\n/g, '\r\n'));
    expect([result.additions, result.deletions]).toEqual([1, 1]);
  });

  it('refuses elided files, naming the marker line', () => {
    const ops = parseReply(reply('whole-file-elided.txt'));
    expect(ops[0]).toMatchObject({ path: 'src/math.ts' });
    const err = applyError(() => applyOps(ops, snap({ 'src/math.ts': MATH })));
    expect(err.failures[0]!.message).toMatch(/line 5 .*rest of the file unchanged/);
    expect(err.retryPrompt).toMatch(/send a patch instead/);
  });

  it('refuses truncated files and fragments', () => {
    const truncated = MATH.split('\n').slice(0, 6);
    expect(checkWholeFile(MATH, truncated)).toMatchObject({ ok: false, reason: expect.stringMatching(/start and end/) });
    expect(checkWholeFile(MATH, ['export function add(a: number, b: number): number {', 'totally', 'different', 'body', '}'])).toMatchObject({ ok: false, reason: expect.stringMatching(/keeps only/) });
    expect(checkWholeFile(MATH, MATH.replace('a - b', 'a + b').split('\n'))).toEqual({ ok: true });
  });

  it('needs exactly one possible target: several blocks, no path, or an unterminated block give no op', () => {
    const two = '```\na\n```\n\n```\nb\n```\n';
    expect(() => parseReply(two, { defaultPath: 'a.txt' })).toThrow(PatchParseError);
    expect(() => parseReply('```\na\n```\n')).toThrow(PatchParseError);
    expect(() => parseReply('src/a.ts\n```\na\n', { defaultPath: 'a.txt' })).toThrow(PatchParseError);
    // Bare text is a whole-file candidate only when the caller said which file the job is about.
    expect(() => parseReply('just prose')).toThrow(PatchParseError);
    expect(parseReply('just prose', { defaultPath: 'a.txt' })).toEqual([{ kind: 'update', path: 'a.txt', hunks: [], wholeFile: 'just prose\n' }]);
  });

  it('is not used when the reply contains a patch', () => {
    const ops = parseReply('src/math.ts\n```\n<<<<<<< SEARCH\n  return a - b;\n=======\n  return a + b;\n>>>>>>> REPLACE\n```\n');
    expect(ops[0]).not.toHaveProperty('wholeFile');
  });

  it('reports a whole file for a path outside the snapshot as missing', () => {
    const err = applyError(() => applyOps(parseReply('other.ts\n```\nx\n```\n'), snap({ 'src/math.ts': MATH })));
    expect(err.failures[0]!.reason).toBe('missing_file');
  });
});

describe('fuzzy-context fallback', () => {
  const file = [
    'function tokenize(input) {',
    '  let i = 0;',
    '  while (i < input.length) {',
    '    const c = input[i];',
    '    if (isDigit(c)) push(c);',
    '    i++;',
    '  }',
    '}',
    '',
  ].join('\n');

  it('places a hunk whose context lost a character when every changed line is real', () => {
    // The model dropped "<" from a context line (a common corruption), but quotes the changed line exactly.
    const op: FileOp = {
      kind: 'update',
      path: 't.js',
      hunks: [{ before: ['  let i = 0;', '  while (i  input.length) {', '    const c = input[i];', '    if (isDigit(c)) push(c);'], after: ['  let i = 0;', '  while (i  input.length) {', '    const c = input[i];', '    if (isDigit(c)) push(Number(c));'] }],
    };
    const result = applyOps([op], snap({ 't.js': file }));
    // The drifted context line is kept from the file, never rewritten with the model's typo.
    expect(result.changes[0]!.after).toBe(file.replace('push(c)', 'push(Number(c))'));
  });

  it('never rewrites a changed line that is not in the file, and refuses a window found twice', () => {
    const wrongDel: FileOp = { kind: 'update', path: 't.js', hunks: [{ before: ['  let i = 0;', '  while (i  input.length) {', '    const c = input[i];', '    if (isdigit(c)) push(c);'], after: ['x'] }] };
    expect(applyError(() => applyOps([wrongDel], snap({ 't.js': file }))).failures[0]!.reason).toBe('not_found');
    const twice = file + file;
    const idx = new LineIndex(twice.split('\n'));
    const before = ['  let i = 0;', '  while (i  input.length) {', '    const c = input[i];', '    if (isDigit(c)) push(c);'];
    expect(locateFuzzy(idx, before, [false, false, false, true], 0)).toMatchObject({ kind: 'ambiguous', candidates: [1, 9] });
  });

  it('measures similarity as an edit-distance ratio', () => {
    expect(similarity('while (i < n) {', 'while (i  n) {')).toBeCloseTo(1 - 1 / 15);
    expect(similarity('abc', 'xyz')).toBe(0);
  });

  it('never fuzzy-matches lines over MAX_FUZZY_LINE: a drifted 200,000-character context line is refused, not searched for minutes', () => {
    const long = `export const blob = '${'ab'.repeat(100_000)}';`;
    expect(similarity(long, `${long.slice(0, 1000)}${long.slice(1001)}`)).toBe(0);
    expect(similarity('x'.repeat(MAX_FUZZY_LINE), `${'x'.repeat(MAX_FUZZY_LINE - 1)}y`)).toBeGreaterThan(0.99);
    const code = Array.from({ length: 20 }, (_, i) => `export const value${i} = compute(${i}, 'item-${i}');`).join('\n');
    const file = `${code}\n${long}\n${code}\n`;
    const drifted = `${long.slice(0, 1000)}${long.slice(1001)}`;
    const op: FileOp = {
      kind: 'update',
      path: 'src/a.ts',
      hunks: [{ before: ["export const value19 = compute(19, 'item-19');", drifted, "export const value0 = compute(0, 'item-0');"], after: ["export const value19 = compute(19, 'item-19');", drifted, "export const value0 = compute(1, 'item-0');"] }],
    };
    expect(() => applyOps([op], snap({ 'src/a.ts': file }))).toThrow(PatchApplyError);
  });
});
