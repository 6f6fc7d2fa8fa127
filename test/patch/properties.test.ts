import { describe, expect, it } from '@jest/globals';
import { applyPatch } from 'diff';
import fc from 'fast-check';
import { applyOps, parseReply, PatchApplyError, PatchGuardError, PatchParseError, unifiedDiff } from '../../src/patch/index.js';
import { reply } from './helpers.js';

const lineArb = fc.constantFrom('a', 'b', 'c', '  x = 1;', '', '}', 'return y;', '\tz', 'é');
const fileArb = fc.record({ lines: fc.array(lineArb, { minLength: 1, maxLength: 25 }), crlf: fc.boolean(), finalNewline: fc.boolean() });
const render = (f: { lines: string[]; crlf: boolean; finalNewline: boolean }): string =>
  f.lines.join(f.crlf ? '\r\n' : '\n') + (f.finalNewline ? (f.crlf ? '\r\n' : '\n') : '');

describe('patch engine properties', () => {
  it('applying our recomputed diff to the snapshot reproduces the result exactly', () => {
    fc.assert(
      fc.property(fileArb, fc.nat(), fc.nat(), fc.array(lineArb, { maxLength: 4 }), (file, a, b, added) => {
        const content = render(file);
        const n = file.lines.length;
        const start = a % n;
        const len = 1 + (b % Math.min(4, n - start));
        const before = file.lines.slice(start, start + len);
        let result;
        try {
          result = applyOps([{ kind: 'update', path: 'f.txt', hunks: [{ before, after: added }] }], new Map([['f.txt', content]]));
        } catch (e) {
          // Ambiguity and no-ops are legitimate refusals, never other errors.
          expect(e instanceof PatchApplyError || e instanceof PatchGuardError).toBe(true);
          return;
        }
        const change = result.changes[0]!;
        expect(applyPatch(content, change.diff)).toBe(change.after);
        expect(unifiedDiff('f.txt', content, change.after)).toBe(change.diff);
        // Line endings and the final newline follow the original file.
        if (content.includes('\r\n') && change.after!.includes('\n')) expect(change.after!.replace(/\r\n/g, '').includes('\n')).toBe(false);
        // (When the last remaining line is empty, "no final newline" and "final newline" read the same: skip.)
        // The hunk's block is unique (else it would have been refused), so it was replaced where it was generated.
        const remaining = [...file.lines.slice(0, start), ...added, ...file.lines.slice(start + len)];
        const lastLine = remaining[remaining.length - 1] ?? '';
        if (content !== '' && lastLine !== '') expect(change.after!.endsWith('\n')).toBe(content.endsWith('\n'));
      }),
      { numRuns: 300 },
    );
  });

  it('fuzzed replies only ever raise the engine\'s own errors', () => {
    const seeds = ['apply-patch-fenced.txt', 'search-replace.txt', 'unified.txt', 'malformed.txt'].map(reply);
    const files = new Map([['src/math.ts', 'export function add(a: number, b: number): number {\n  return a - b;\n}\n']]);
    const mutate = fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.string({ maxLength: 8 })), { maxLength: 6 }));
    fc.assert(
      fc.property(mutate, ([seed, edits]) => {
        let text = seed;
        for (const [at, del, ins] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + ins + text.slice(i + del);
        }
        try {
          applyOps(parseReply(text), files);
        } catch (e) {
          expect(e instanceof PatchParseError || e instanceof PatchApplyError || e instanceof PatchGuardError).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
