/**
 * The capped, linear import scanners: same specifiers as the regexes they replace on ordinary
 * code, imports still found in normal files, and a bounded read on PR-author-controlled input
 * built to make the old patterns backtrack (their cost is in `npm run bench -- context`).
 */
import { describe, expect, it } from '@jest/globals';
import { parse as parseModule } from 'es-module-lexer/js';
import fc from 'fast-check';
import { IMPORT_SCAN_CHARS, fallbackSpecifiers, goImports, importScanWindow, jsSpecifiers, pythonImports, requireSpecifiers } from '../../src/context/import-scan.js';
import { importHints, mentionsImport } from '../../src/context/hints.js';

/** The fallback regex as it was (quadratic on clauses without quotes or `;`): the reference. */
const OLD_FALLBACK = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*(['"])([^'"\n]+)\1|(?:^|[\s;(])import\s*\(?\s*(['"])([^'"\n]+)\3/gm;
const oldFallback = (text: string): string[] => [...text.matchAll(OLD_FALLBACK)].map((m) => (m[2] ?? m[4]) as string).filter(Boolean);
const OLD_REQUIRE = /(?<![\w$.])require\s*\(\s*(['"`])([^'"`\n]+)\1\s*\)/g;
const oldRequire = (text: string): string[] => [...text.matchAll(OLD_REQUIRE)].map((m) => m[2] as string);

const MB = 1024 * 1024;
const repeatTo = (unit: string, chars: number): string => unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
/** The lexer rejects this (a regex-like `/` after `<T>`), so the fallback scanner runs. */
const LEXER_REJECTS = 'const f = <T,>(x: T) => x as unknown as <U>() => U / 2 } ) ]\n';

describe('fallback scanner', () => {
  it('finds what the old regex found, in the same order (property over import-like fragments)', () => {
    const fragment = fc.constantFrom(
      'import', 'export', 'from', ' ', '\n', '\t', '\u00a0', ';', '(', ')', '{ a }', '* as ns', 'type', 'x', 'xfrom', 'reexport',
      "'./a'", '"./b.js"', "'./c", '"', "'", '`', "''", '// c\n', '/* c */',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }).map((a) => a.join('')), (text) => {
        expect(fallbackSpecifiers(text)).toEqual(oldFallback(text));
      }),
      { numRuns: 4000 },
    );
  });

  it('finds every import form of a file the lexer rejects', () => {
    const file = `${LEXER_REJECTS}import { a } from './a.js';\nexport * from "./b";\nimport './c';\nconst d = await import('./d.js');\nexport { e } from\n  './e';\nconst g = require('./g');\n`;
    expect(() => parseModule(file)).toThrow();
    expect(jsSpecifiers(file)).toEqual(['./a.js', './b', './c', './d.js', './e', './g']);
  });

  it('require: same matches as the old regex (property)', () => {
    const fragment = fc.constantFrom('require', 'x.require', '$require', ' ', '\n', '(', ')', "'./a'", '"./b"', '`./c`', "'./d", ',', 'x');
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 20 }).map((a) => a.join('')), (text) => {
        expect(requireSpecifiers(text)).toEqual(oldRequire(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Python and Go line parsers', () => {
  it('Python: absolute, relative, parenthesised, aliased and commented imports; CRLF lines too', () => {
    const file = 'import os, pkg.util as u  # stdlib\nfrom . import models\nfrom ..sub.deep import (\n  thing,\n  other as o,\n)\nfrom .x import y\r\n';
    expect(pythonImports(file)).toEqual([
      { module: 'os', level: 0, names: [] },
      { module: 'pkg.util', level: 0, names: [] },
      { module: '', level: 1, names: ['models'] },
      { module: 'sub.deep', level: 2, names: ['thing', 'other'] },
      { module: 'x', level: 1, names: ['y'] },
    ]);
  });

  it('Go: block and single-line imports, aliases, a block left open to the end', () => {
    expect(goImports('package main\n\nimport (\n\t"fmt"\n\tstore "github.com/acme/app/internal/store"\n)\n\nimport "github.com/acme/app/x"\n')).toEqual([
      'fmt',
      'github.com/acme/app/internal/store',
      'github.com/acme/app/x',
    ]);
    expect(goImports('package main\nimport (\n\t"a/b"\n\t"c/d\n\t"e/f"\n')).toEqual(['a/b', 'e/f']);
  });
});

describe('scan cap', () => {
  it('reads at most IMPORT_SCAN_CHARS characters, cut after a newline', () => {
    const head = "import { a } from './a.js';\n";
    const file = `${head}${repeatTo('// filler line\n', IMPORT_SCAN_CHARS)}import { z } from './z.js';\n`;
    const window = importScanWindow(file);
    expect(window.length).toBeLessThanOrEqual(IMPORT_SCAN_CHARS);
    expect(window.endsWith('\n')).toBe(true);
    expect(jsSpecifiers(file)).toEqual(['./a.js']); // stopped at the cap: ./z.js is past it
    expect(pythonImports(`import a\n${repeatTo('#\n', IMPORT_SCAN_CHARS)}import z\n`).map((i) => i.module)).toEqual(['a']);
    expect(goImports(`import "a/b"\n${repeatTo('//\n', IMPORT_SCAN_CHARS)}import "z/z"\n`)).toEqual(['a/b']);
    expect(importScanWindow(head)).toBe(head);
  });

  // Inputs that made the old patterns backtrack for seconds to minutes; each returns here, with
  // the imports written before the junk still found.
  const adversarial: Array<[string, string, (content: string) => unknown, unknown]> = [
    ['TS without semicolons or quotes (lexer rejects)', `${LEXER_REJECTS}import { a } from './a.js'\n${repeatTo('export const x = y\nexport function f() { return g }\n', MB)}`, jsSpecifiers, ['./a.js']],
    ['`import` before a megabyte of spaces', `${LEXER_REJECTS}import './a.js'\nimport${' '.repeat(MB)}x`, jsSpecifiers, ['./a.js']],
    ['`require` before a megabyte of spaces', `${LEXER_REJECTS}require('./a')\n${repeatTo('require   (   ', MB)}`, jsSpecifiers, ['./a']],
    ['Go block of unterminated import lines', `package main\nimport (\n\t"a/b"\n${repeatTo('\t"github.com/acme/x\n', MB)}`, goImports, ['a/b']],
    ['Go file of `import (` lines', `package main\nimport "a/b"\n${repeatTo('import (\n', MB)}`, (c: string) => goImports(c).length, 1],
    ['Python `from` with a megabyte of dots', `import a\nfrom ${'.'.repeat(MB)}x`, (c: string) => pythonImports(c).map((i) => i.module), ['a']],
    ['Python comment marks before a carriage return', `import a\n${'#'.repeat(MB)}\r`, (c: string) => pythonImports(c).map((i) => i.module), ['a']],
  ];
  it.each(adversarial)('returns on %s, imports before the junk found', (_name, content, scan, expected) => {
    expect(scan(content)).toEqual(expected);
  });

  it('the JS reverse-import pre-filter returns on a megabyte of route-like strings, and still finds a real import after them', () => {
    const hint = importHints(['src/context.ts']).js as RegExp;
    const routes = repeatTo("'/context', ", 200_000);
    expect(mentionsImport(routes, 'js', hint)).toBe(false);
    expect(mentionsImport(`${routes}\nimport { a } from './context.js';\n`, 'js', hint)).toBe(true);
    const python = importHints(['pkg/core.py']).python as RegExp;
    expect(mentionsImport(repeatTo('import import ', MB), 'python', python)).toBe(false);
  });
});
