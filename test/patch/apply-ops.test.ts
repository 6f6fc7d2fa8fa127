import { describe, expect, it } from '@jest/globals';
import { applyOps, parseReply, PatchApplyError, PatchGuardError, type FileOp } from '../../src/patch/index.js';
import { MATH, reply } from './helpers.js';

const snap = (entries: Record<string, string>): Map<string, string> => new Map(Object.entries(entries));
const update = (path: string, before: string[], after: string[], extra: object = {}): FileOp => ({ kind: 'update', path, hunks: [{ before, after, ...extra }] });

function applyError(fn: () => unknown): PatchApplyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PatchApplyError) return e;
    throw e;
  }
  throw new Error('expected a PatchApplyError');
}

describe('applyOps', () => {
  it('applies all three reply formats to the same result, with a recomputed minimal diff', () => {
    const files = snap({ 'src/math.ts': MATH });
    const sr = applyOps(parseReply(reply('search-replace.txt')), files);
    const ud = applyOps(parseReply(reply('unified.txt')), files);
    const fixed = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport function sub(a: number, b: number): number {\n  return a - b;\n}\n';
    expect(sr.changes[0]!.after).toBe(fixed);
    expect(ud.changes[0]!.after).toBe(sr.changes[0]!.after);
    expect(sr.additions).toBe(2);
    expect(sr.deletions).toBe(2);
    expect(sr.changes[0]!.diff).toMatch(/^--- a\/src\/math\.ts\n\+\+\+ b\/src\/math\.ts\n@@ -1,7 \+1,7 @@/);
  });

  it('handles add, delete and move in one patch', () => {
    const files = snap({ 'src/math.ts': MATH, 'src/old.ts': 'x\n', 'src/name.ts': "export const name = 'a';\n" });
    const result = applyOps(parseReply(reply('apply-patch-fenced.txt')), files);
    expect(result.changes.map((c) => [c.path, c.oldPath, c.before === null, c.after === null])).toEqual([
      ['src/math.ts', undefined, false, false],
      ['src/names.ts', 'src/name.ts', false, false],
      ['src/old.ts', undefined, false, true],
      ['src/util/clamp.ts', undefined, true, false],
    ]);
    expect(result.changes[3]!.diff).toMatch(/^--- \/dev\/null\n\+\+\+ b\/src\/util\/clamp\.ts/);
    expect(result.changes[2]!.diff).toMatch(/^--- a\/src\/old\.ts\n\+\+\+ \/dev\/null/);
    expect(result.changes[1]!.diff).toMatch(/^--- a\/src\/name\.ts\n\+\+\+ b\/src\/names\.ts/);
  });

  it('matches by trailing whitespace, trimmed and Unicode-normalised content, keeping the file\'s own context lines', () => {
    const files = snap({ 'a.js': 'const s = "it’s";  \n  call(s);\nend();\n' });
    const result = applyOps([update('a.js', ['const s = "it\'s";', 'call(s);'], ['const s = "it\'s";', 'call(s, 1);'])], files);
    expect(result.changes[0]!.after).toBe('const s = "it’s";  \n  call(s, 1);\nend();\n');
    expect(result.deletions).toBe(1);
  });

  it('re-indents added lines by the offset between the model and the file', () => {
    const files = snap({ 'src/indent.py': 'def total(items):\n    s = 0\n    for i in items:\n        s += i\n    return s\n' });
    const result = applyOps(parseReply(reply('whitespace-mangled.txt')), files);
    // The model lost all indentation; the changed line lands at the file's indentation.
    expect(result.changes[0]!.after).toBe('def total(items):\n    s = 0\n    for i in items:\n        s += i * 2\n    return s\n');
  });

  it('preserves CRLF endings and a missing final newline', () => {
    const files = snap({ 'w.txt': 'one\r\ntwo\r\nthree' });
    const result = applyOps([update('w.txt', ['two', 'three'], ['two', 'THREE', 'four'])], files);
    expect(result.changes[0]!.after).toBe('one\r\ntwo\r\nTHREE\r\nfour');
  });

  it('refuses an ambiguous hunk, naming the candidate lines', () => {
    const files = snap({ 'a.txt': 'x = 1\ny\nx = 1\n' });
    const error = applyError(() => applyOps([update('a.txt', ['x = 1'], ['x = 2'])], files));
    expect(error.failures[0]).toMatchObject({ path: 'a.txt', hunkIndex: 0, reason: 'ambiguous', candidates: [1, 3] });
    expect(error.retryPrompt).toContain('lines 1, 3');
  });

  it('uses an @@ anchor to pick among repeated blocks (first match after the anchor)', () => {
    const files = snap({ 'a.py': 'def a():\n    return 1\n\ndef b():\n    return 1\n' });
    const result = applyOps([update('a.py', ['    return 1'], ['    return 2'], { anchor: 'def b():' })], files);
    expect(result.changes[0]!.after).toBe('def a():\n    return 1\n\ndef b():\n    return 2\n');
  });

  it('reports the exact lines not found, the closest real lines, and a retry prompt', () => {
    const files = snap({ 'src/math.ts': MATH });
    const error = applyError(() => applyOps([update('src/math.ts', ['export function add(a: number, b: number): number {', '  return a * b;'], ['x'])], files));
    const f = error.failures[0]!;
    expect(f.reason).toBe('not_found');
    expect(f.missingLines).toEqual(['  return a * b;']);
    expect(f.closest?.line).toBe(1);
    expect(f.closest?.lines[1]).toBe('  return a - b;');
    expect(error.retryPrompt).toContain('  return a * b;');
    expect(error.retryPrompt).toContain('The closest lines in src/math.ts (from line 1)');
  });

  it('falls back to splitting a hunk when one change group has hallucinated context', () => {
    const file = ['function a() {', '  first();', '  second();', '  third();', '  fourth();', '  fifth();', '  sixth();', '}', ''].join('\n');
    // The model's trailing context "  seventh();" does not exist, so the whole hunk is not found;
    // each change group still applies on the context that does exist.
    const hunk = {
      before: ['  first();', '  second();', '  third();', '  fourth();', '  fifth();', '  seventh();'],
      after: ['  first();', '  second(1);', '  third();', '  fourth();', '  fifth(5);', '  seventh();'],
    };
    const result = applyOps([{ kind: 'update', path: 'f.js', hunks: [hunk] }], snap({ 'f.js': file }));
    expect(result.changes[0]!.after).toBe(file.replace('second()', 'second(1)').replace('fifth()', 'fifth(5)'));
  });

  it('never splits into an ambiguous guess: a lone brace is not evidence', () => {
    const file = 'if (a) {\n  x();\n}\nif (b) {\n  y();\n}\n';
    const hunk = { before: ['  nothere();', '}'], after: ['  nothere();', '}', 'done();'] };
    expect(() => applyOps([{ kind: 'update', path: 'f.js', hunks: [hunk] }], snap({ 'f.js': file }))).toThrow(PatchApplyError);
  });

  it('collects every failure, including updates of files not in the snapshot', () => {
    const error = applyError(() =>
      applyOps([update('missing.ts', ['a'], ['b']), { kind: 'delete', path: 'nope.ts' }, { kind: 'add', path: 'src/math.ts', content: 'new\n' }], snap({ 'src/math.ts': MATH })),
    );
    expect(error.failures.map((f) => f.reason)).toEqual(['missing_file', 'missing_file', 'file_exists']);
    expect(error.failures[0]!.message).toMatch(/not in the snapshot/);
  });

  it('creates a file from a SEARCH/REPLACE block with an empty SEARCH part', () => {
    const result = applyOps([update('new.md', [], ['# Title'])], snap({}));
    expect(result.changes[0]).toMatchObject({ path: 'new.md', before: null, after: '# Title\n' });
  });

  it('guards paths, protected files, size and no-ops', () => {
    const files = snap({ 'a.txt': 'a\n', '.github/workflows/ci.yml': 'on: push\n', 'link/x': 'x\n' });
    const guard = (ops: FileOp[], options = {}): string => {
      try {
        applyOps(ops, files, options);
      } catch (e) {
        if (e instanceof PatchGuardError) return e.reason;
        throw e;
      }
      return 'applied';
    };
    for (const path of ['/etc/passwd', '../x', 'a/../../x', '.git/config', 'sub/.GIT/hooks/pre-commit', 'C:/x', 'a\\b']) {
      expect(guard([{ kind: 'add', path, content: 'x\n' }])).toBe('unsafe_path');
    }
    expect(guard([update('.github/workflows/ci.yml', ['on: push'], ['on: pull_request'])])).toBe('protected_path');
    expect(guard([{ kind: 'add', path: 'docs/CODEOWNERS', content: '* @me\n' }])).toBe('protected_path');
    expect(guard([update('.github/workflows/ci.yml', ['on: push'], ['on: pull_request'])], { allowProtected: true })).toBe('applied');
    expect(guard([update('a.txt', ['a'], ['b'])], { protectedPaths: ['*.txt'] })).toBe('protected_path');
    expect(guard([update('link/x', ['x'], ['y'])], { special: new Set(['link']) })).toBe('symlink');
    expect(guard([update('a.txt', ['a'], ['b', 'c', 'd'])], { maxChangedLines: 3 })).toBe('too_many_lines');
    expect(guard([update('a.txt', ['a'], ['b', 'c'])], { maxChangedLines: 3 })).toBe('applied');
    expect(guard([{ kind: 'add', path: 'a.txt', content: 'a\n' }])).toBe('no_op');
  });
});
