import { describe, expect, it } from '@jest/globals';
import { parseReply, PatchParseError } from '../../src/patch/index.js';
import { reply } from './helpers.js';

describe('parseReply', () => {
  it('reads a fenced apply_patch envelope with prose around, all four operations', () => {
    const ops = parseReply(reply('apply-patch-fenced.txt'));
    expect(ops).toEqual([
      {
        kind: 'update',
        path: 'src/math.ts',
        hunks: [{ before: ['  return a - b;', '}'], after: ['  return a + b;', '}'], anchor: 'export function add(a: number, b: number): number {', kinds: '-+ ' }],
      },
      { kind: 'add', path: 'src/util/clamp.ts', content: 'export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));\n' },
      { kind: 'delete', path: 'src/old.ts' },
      { kind: 'update', path: 'src/name.ts', moveTo: 'src/names.ts', hunks: [{ before: ["export const name = 'a';"], after: ["export const name = 'b';"], kinds: '-+' }] },
    ]);
  });

  it('reads SEARCH/REPLACE blocks, reusing the previous path for a block without one', () => {
    const ops = parseReply(reply('search-replace.txt'));
    expect(ops.map((o) => o.path)).toEqual(['src/math.ts', 'src/math.ts']);
    expect(ops[1]).toMatchObject({ kind: 'update', hunks: [{ before: ['export function sub(a: number, b: number): number {', '  return a + b;'] }] });
  });

  it('reads a git unified diff, ignoring counts and keeping the section text as an anchor', () => {
    const ops = parseReply(reply('unified.txt'));
    expect(ops).toHaveLength(1);
    const op = ops[0]!;
    expect(op.kind === 'update' && op.hunks.map((h) => [h.before.length, h.after.length, h.lineHint, h.anchor])).toEqual([
      [3, 3, 1, undefined],
      [3, 3, 5, 'export function sub(a: number, b: number): number {'],
    ]);
  });

  it('reads unified add, delete and rename sections', () => {
    const text = [
      '--- /dev/null', '+++ b/new.txt', '@@ -0,0 +1,2 @@', '+one', '+two',
      '--- a/old.txt', '+++ /dev/null', '@@ -1 +0,0 @@', '-bye',
      'diff --git a/x.txt b/y.txt', 'similarity index 100%', 'rename from x.txt', 'rename to y.txt',
    ].join('\n');
    expect(parseReply(text)).toEqual([
      { kind: 'add', path: 'new.txt', content: 'one\ntwo\n' },
      { kind: 'delete', path: 'old.txt' },
      { kind: 'update', path: 'x.txt', moveTo: 'y.txt', hunks: [] },
    ]);
  });

  it('treats a "--- " line inside a hunk as a removed line unless "+++ " follows', () => {
    const ops = parseReply(['--- a/f.md', '+++ b/f.md', '@@ -1,2 +1,1 @@', '--- old rule', ' keep'].join('\n'));
    expect(ops).toEqual([{ kind: 'update', path: 'f.md', hunks: [{ before: ['-- old rule', 'keep'], after: ['keep'], lineHint: 1, kinds: '- ' }] }]);
  });

  it('keeps consecutive @@ anchors as a chain and marks *** End of File', () => {
    const ops = parseReply('*** Begin Patch\n*** Update File: a.py\n@@ class A\n@@   def m(self):\n-  pass\n+  return 1\n*** End of File\n*** End Patch\n');
    expect(ops[0]).toEqual({
      kind: 'update', path: 'a.py',
      hunks: [{ before: ['  pass'], after: ['  return 1'], anchor: 'def m(self):', anchors: ['class A', 'def m(self):'], atEof: true, kinds: '-+' }],
    });
  });

  it('names the reply line of a malformed hunk line', () => {
    expect(() => parseReply(reply('malformed.txt'))).toThrow(PatchParseError);
    try {
      parseReply(reply('malformed.txt'));
    } catch (e) {
      expect((e as PatchParseError).line).toBe(5);
      expect((e as Error).message).toMatch(/must start with " " \(context\), "-" \(remove\) or "\+" \(add\)/);
    }
  });

  it('rejects a reply without any patch, saying which formats are accepted', () => {
    expect(() => parseReply(reply('prose-only.txt'))).toThrow(/No patch found.*Begin Patch.*SEARCH\/REPLACE.*unified diff/);
  });

  it('rejects an unterminated SEARCH/REPLACE block and a block without a path', () => {
    expect(() => parseReply('a.ts\n<<<<<<< SEARCH\nx\n=======\ny\n')).toThrow(/not terminated/);
    expect(() => parseReply('<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n')).toThrow(/without a file path/);
  });

  it('rejects an update that changes nothing', () => {
    expect(() => parseReply('*** Begin Patch\n*** Update File: a\n@@\n same\n*** End Patch')).toThrow(/changes nothing/);
  });

  it('forgives a missing *** End Patch and headerless unified hunks when a default path is given', () => {
    expect(parseReply('*** Begin Patch\n*** Delete File: x\n')).toEqual([{ kind: 'delete', path: 'x' }]);
    expect(parseReply('@@ -1 +1 @@\n-a\n+b\n', { defaultPath: 'f.txt' })).toEqual([
      { kind: 'update', path: 'f.txt', hunks: [{ before: ['a'], after: ['b'], lineHint: 1, kinds: '-+' }] },
    ]);
  });
});
