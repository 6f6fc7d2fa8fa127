import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { buildContext, ContextBudgetError, countTokens } from '../../src/context/index.js';
import { gitDiff, request, sourceFile } from './helpers.js';

const lineArb = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('', '  ', '}', '```', '\t\treturn x;', '// ghp_notreallyatoken', '#!/bin/sh', '<|endoftext|>', 'ü€😀 unicode'),
);
const fileArb = fc.array(lineArb, { minLength: 0, maxLength: 120 }).map((lines) => lines.join('\n'));

describe('buildContext budget', () => {
  it('never exceeds the budget, counts exactly, and cuts only at line boundaries (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-z]{1,6}\/[a-z]{1,8}\.(ts|py|go|md)$/), fileArb, { minKeys: 1, maxKeys: 8 }),
        fc.integer({ min: 400, max: 6000 }),
        fc.integer({ min: 0, max: 300 }),
        fc.string({ maxLength: 80 }),
        (dict, window, reserve, instruction) => {
          const files = new Map(Object.entries(dict));
          const paths = [...files.keys()].sort();
          const changed = paths.slice(0, 2);
          const req = request({
            files,
            tree: paths,
            changedPaths: changed,
            instruction,
            diff: changed.map((p) => gitDiff(p, 1, ['added line'])).join(''),
            budget: { contextWindow: window, reservedOutput: reserve },
          });
          let packed;
          try {
            packed = buildContext(req);
          } catch (error) {
            expect(error).toBeInstanceOf(ContextBudgetError);
            return;
          }
          expect(packed.tokens.total).toBeLessThanOrEqual(window);
          expect(packed.tokens.input).toBe(countTokens(packed.input));
          expect(packed.tokens.instructions).toBe(countTokens(packed.instructions));
          expect(packed.tokens.total).toBe(packed.tokens.instructions + packed.tokens.input + reserve);
          // Every line sent from a file is a whole line of that file (no mid-line cuts).
          for (const inc of packed.included) {
            const source = files.get(inc.path) as string;
            const sourceLines = new Set(source.split('\n'));
            const block = blockFor(packed.input, inc.path);
            for (const line of block) if (!line.includes('[REDACTED:')) expect(sourceLines.has(line)).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('fills at least 95% of the budget when there is more material than room', () => {
    const files = new Map<string, string>();
    for (let i = 0; i < 30; i++) files.set(`src/mod${String(i).padStart(2, '0')}.ts`, sourceFile(`f${i}`, 400, i + 1));
    const paths = [...files.keys()];
    for (const window of [16_000, 64_000, 128_000]) {
      const packed = buildContext(
        request({
          files,
          tree: paths,
          changedPaths: ['src/mod03.ts'],
          diff: gitDiff('src/mod03.ts', 10, ['export const extra = 1;']),
          budget: { contextWindow: window, reservedOutput: 4_000 },
        }),
      );
      expect(packed.tokens.total).toBeLessThanOrEqual(window);
      expect(packed.tokens.total / window).toBeGreaterThanOrEqual(0.95);
      expect(packed.leftOut.length).toBeGreaterThan(0);
      expect(packed.included.some((f) => !f.whole)).toBe(true);
    }
  });

  it('sends a huge changed file as windows around its hunks', () => {
    const big = sourceFile('big', 6000);
    const files = new Map([['src/big.ts', big]]);
    const packed = buildContext(
      request({
        files,
        tree: ['src/big.ts'],
        changedPaths: ['src/big.ts'],
        diff: gitDiff('src/big.ts', 3000, ['export const added = 1;']),
        budget: { contextWindow: 20_000, reservedOutput: 2_000 },
      }),
    );
    const inc = packed.included.find((f) => f.path === 'src/big.ts');
    expect(inc?.whole).toBe(false);
    expect(inc?.windows?.some((w) => w.startLine <= 3000 && w.endLine >= 3000)).toBe(true);
    expect(packed.input).toContain('big_3000(');
    expect(packed.tokens.total).toBeLessThanOrEqual(20_000);
  });

  it('throws a ContextBudgetError that says how to fix it when the instruction cannot fit', () => {
    expect(() => buildContext(request({ instruction: 'x '.repeat(5000), budget: { contextWindow: 2000, reservedOutput: 500 } }))).toThrow(
      /context\.window/,
    );
  });

  it('is deterministic: same input, same output, regardless of map insertion order', () => {
    const entries: Array<[string, string]> = [
      ['src/a.ts', "import { b } from './b.js';\n" + sourceFile('a', 50)],
      ['src/b.ts', sourceFile('b', 80)],
      ['src/c.ts', sourceFile('c', 80)],
      ['test/a.test.ts', sourceFile('t', 20)],
    ];
    const one = buildContext(request({ files: new Map(entries), tree: entries.map((e) => e[0]), changedPaths: ['src/a.ts'], diff: gitDiff('src/a.ts', 1, ['x']) }));
    const two = buildContext(
      request({ files: new Map([...entries].reverse()), tree: entries.map((e) => e[0]).reverse(), changedPaths: ['src/a.ts'], diff: gitDiff('src/a.ts', 1, ['x']) }),
    );
    expect(two).toEqual(one);
  });
});

/** Lines of the fenced block(s) sent for `path`. */
function blockFor(input: string, path: string): string[] {
  const out: string[] = [];
  const lines = input.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]?.startsWith(`## ${path} (`)) continue;
    const fence = /^(`{3,})/.exec(lines[i + 1] ?? '')?.[1] as string;
    for (let j = i + 2; j < lines.length && lines[j] !== fence; j++) out.push(lines[j] as string);
  }
  return out;
}
