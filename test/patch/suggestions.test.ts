import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { applyOps, hunkRanges, toSuggestions, type FileOp, type PatchResult } from '../../src/patch/index.js';
import { prDiff } from './helpers.js';

// Head content of src/app.ts consistent with fixtures/diffs/several-hunks.diff (head numbering).
const APP = [
  "import { a } from './a.js';", "import { b } from './b.js';", '', 'export function one(): number {', '  return 1;', '}', '',
  'export function two(): number {', '  return 2;', '}', 'export function three(): number {', '  const x = 3;', '  return x;', '}', '',
  'export function four(): number {', '  return 4;', '}', '', '', '', 'export function five(): number {',
  'export function six(): number {', '  return 66;', '}',
].join('\n') + '\n';

function result(ops: FileOp[], files: Record<string, string>): PatchResult {
  return applyOps(ops, new Map(Object.entries(files)));
}

describe('hunkRanges', () => {
  it('lists RIGHT-side lines of each hunk, skipping deleted files', () => {
    const ranges = hunkRanges(prDiff('several-hunks.diff'));
    expect([...ranges.keys()]).toEqual(['src/app.ts', 'src/new.ts', 'src/after.ts']);
    expect(ranges.get('src/app.ts')!.map((r) => [r.start, r.end])).toEqual([[1, 5], [11, 16], [23, 25]]);
    expect(ranges.get('src/new.ts')![0]!.lines).toEqual(new Set([1, 2]));
  });
});

describe('toSuggestions', () => {
  const diff = prDiff('several-hunks.diff');

  it('anchors a replacement inside one hunk, omitting start_line for a single line', () => {
    const r = result([{ kind: 'update', path: 'src/app.ts', hunks: [{ before: ['  return 66;'], after: ['  return 6;'] }] }], { 'src/app.ts': APP });
    const s = toSuggestions(r, diff);
    expect(s.comments).toEqual([{ path: 'src/app.ts', line: 24, side: 'RIGHT', body: '```suggestion\n  return 6;\n```' }]);
    expect(s.skipped).toBe(0);
    expect(s.bodyDiff).toBe('');
  });

  it('uses start_line for a multi-line range and an empty suggestion for a deletion', () => {
    const r = result([{ kind: 'update', path: 'src/app.ts', hunks: [{ before: ['  const x = 3;', '  return x;'], after: [] }] }], { 'src/app.ts': APP });
    const s = toSuggestions(r, diff);
    expect(s.comments).toEqual([{ path: 'src/app.ts', start_line: 12, start_side: 'RIGHT', line: 13, side: 'RIGHT', body: '```suggestion\n```' }]);
  });

  it('widens a pure insertion to a neighbouring line of the same hunk', () => {
    const r = result([{ kind: 'update', path: 'src/app.ts', hunks: [{ before: ['export function four(): number {'], after: ['// four', 'export function four(): number {'] }] }], { 'src/app.ts': APP });
    const s = toSuggestions(r, diff);
    expect(s.comments).toHaveLength(1);
    expect(s.comments[0]).toMatchObject({ line: 15, body: '```suggestion\n\n// four\n```' });
  });

  it('sends changes outside the PR hunks, added files and the overflow to the body diff', () => {
    const r = result(
      [
        { kind: 'update', path: 'src/app.ts', hunks: [{ before: ['  return 4;'], after: ['  return 44;'] }, { before: ['  return 66;'], after: ['  return 6;'] }] },
        { kind: 'add', path: 'src/extra.ts', content: 'x\n' },
      ],
      { 'src/app.ts': APP },
    );
    const s = toSuggestions(r, diff);
    expect(s.comments.map((c) => c.line)).toEqual([24]);
    expect(s.skipped).toBe(2);
    expect(s.bodyDiff).toContain('-  return 4;\n+  return 44;');
    expect(s.bodyDiff).toContain('+++ b/src/extra.ts');
    expect(s.bodyDiff).not.toContain('return 66');
    const capped = toSuggestions(r, diff, { maxComments: 0 });
    expect(capped.comments).toEqual([]);
    expect(capped.bodyDiff).toContain('return 66');
  });

  it('never places a comment off-hunk or overlapping (property)', () => {
    const head = APP.split('\n').slice(0, -1);
    const ranges = hunkRanges(diff).get('src/app.ts')!;
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: head.length }), del: fc.integer({ min: 0, max: 3 }), add: fc.array(fc.constantFrom('x();', '', 'y();'), { maxLength: 3 }) }), { minLength: 1, maxLength: 6 }),
        (edits) => {
          const lines = [...head];
          for (const e of [...edits].sort((a, b) => b.at - a.at)) lines.splice(e.at, e.del, ...e.add);
          const after = lines.join('\n') + '\n';
          if (after === APP) return;
          const r = result([{ kind: 'update', path: 'src/app.ts', hunks: [{ before: head, after: lines }] }], { 'src/app.ts': APP });
          const { comments } = toSuggestions(r, diff);
          expect(comments.length).toBeLessThanOrEqual(100);
          const used = new Set<number>();
          for (const c of comments) {
            const start = c.start_line ?? c.line;
            expect(c.start_line === undefined || c.start_line < c.line).toBe(true);
            expect(ranges.some((h) => start >= h.start && c.line <= h.end)).toBe(true);
            for (let l = start; l <= c.line; l++) {
              expect(used.has(l)).toBe(false);
              used.add(l);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
