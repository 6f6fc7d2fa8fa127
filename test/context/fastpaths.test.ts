/**
 * The shortcuts that keep ranking and packing fast must not change results: the early count,
 * the loop-based word splitter, the reverse-import pre-filter, and the plan → fetch → pack split
 * (each content read once) against one ranking with every file in hand.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { buildContext, countTokens, countTokensWithin, packContext, planContext } from '../../src/context/index.js';
import { importHints, mentionsImport } from '../../src/context/hints.js';
import { importsOf, indexTree } from '../../src/context/imports.js';
import { words } from '../../src/context/paths.js';
import { gitDiff, request, sourceFile } from './helpers.js';

const textArb = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ maxLength: 60, unit: 'grapheme' }),
  fc.array(fc.constantFrom('const x = 1;\n', '<|endoftext|>', 'ü€', '😀', '\uD800', '    \n', 'aaaaaaaa', '"/a"'), { maxLength: 40 }).map((a) => a.join('')),
);

describe('countTokensWithin', () => {
  it('returns the exact count when within the limit, else false (property, incl. the byte-bound fast path)', () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: -2, max: 20 }), fc.boolean(), (text, delta, scaled) => {
        const exact = countTokens(text);
        // Limits around the exact count, and limits far above it (the fast path).
        const limit = scaled ? text.length * 3 + delta : exact + delta;
        const got = countTokensWithin(text, limit);
        if (text.length === 0) expect(got).toBe(0);
        else expect(got).toBe(limit >= 0 && exact <= limit ? exact : false);
      }),
      { numRuns: 400 },
    );
  });
});

/** The splitter as it was written with regexes (the reference for the character loop). */
function referenceWords(text: string): string[] {
  const out: string[] = [];
  for (const chunk of text.split(/[^A-Za-z0-9]+/)) {
    if (chunk === '') continue;
    for (const w of chunk.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)) if (w.length > 1 || /\d/.test(w)) out.push(w.toLowerCase());
  }
  return out;
}

describe('words', () => {
  it('splits camelCase, acronyms, snake_case and paths', () => {
    expect(words('parseHTTPConfig_v2.ts')).toEqual(['parse', 'http', 'config', 'v2', 'ts']);
    expect(words('XMLHttpRequest')).toEqual(['xml', 'http', 'request']);
    expect(words('src/a/B9x-y.go')).toEqual(['src', 'b9x', 'go']);
  });

  it('matches the regex reference on arbitrary text (property)', () => {
    const chars = fc.constantFrom(...'aAbBzZ09_-./ $éXx\n');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }).map((a) => a.join('')), (text) => {
        expect(words(text)).toEqual(referenceWords(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('reverse-import pre-filter', () => {
  const target = 'src/context.ts';
  const importer = 'src/user.ts';
  const tree = [target, importer, 'src/probot.ts'];
  const index = indexTree(tree);
  const hint = importHints([target]).js as RegExp;
  const passes = (content: string): boolean => mentionsImport(content, 'js', hint);
  const imports = (content: string): boolean => importsOf(importer, content, index).includes(target);

  it('keeps every form the lexer or the require regex reports', () => {
    const forms = [
      "import { a } from './context.js';",
      'export * from "./context";',
      "import './context';",
      "const m = await import('./context.js');",
      "const c = require('./context');",
      "import c = require('./context');",
      "import { a } from /* why */ './context.js';",
      "import { a } from // why\n  './context.js';",
      "import {\n  a,\n} from\n  './context.js';",
      "import type { A } from'./context.js';",
      "import { a } from\u00a0'./context.js';",
      "const x = f<T>(y) as unknown as <U>() => U;\nimport { a } from './context.js';",
    ];
    for (const content of forms) {
      expect(imports(content)).toBe(true);
      expect(passes(content)).toBe(true);
    }
  });

  it('rejects strings that cannot be import sources (routes, token tables)', () => {
    for (const content of ["const table = [\"a\",\"/context\",\"b\"];", "app.get(x, '/context');", "const url = base + '/context';"]) {
      expect(imports(content)).toBe(false);
      expect(passes(content)).toBe(false);
    }
  });

  it('never rejects a real importer (property over generated sources)', () => {
    const fragment = fc.constantFrom(
      'import', 'export', 'from', 'require', '(', ')', '{ a }', '* as ns', ' ', '\n', '\t', ';', ',', '=', '[', ']',
      "'./context'", '"./context.js"', '`./context`', "'../src/context'", "'/context'", "'./context.d'", '"./probot.js"',
      '/* c */', '// c\n', '\\', "'", '"', 'x', 'await', 'type', 'as',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }).map((a) => a.join('')), (content) => {
        if (imports(content)) expect(passes(content)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('plan, fetch, pack', () => {
  const shared = "import { run } from './core.js';\nexport const x = run();\n";
  const files = new Map<string, string>([
    ['src/core.ts', `${sourceFile('core', 40)}export function run(): number { return 1; }\n`],
    ['src/a.ts', shared],
    ['lib/b.ts', shared],
    ['src/unrelated.ts', "const routes = ['/core', \"/a\"];\n"],
    ['src/named.ts', "import { helper } from './helper.js';\nexport function backoff() {}\n"],
    ['src/helper.ts', 'export function helper() {}\n'],
    ['test/core.test.ts', "import { run } from '../src/core.js';\n"],
    ['pkg/mod.py', 'from pkg import core\n'],
  ]);
  const req = request({
    files,
    tree: [...files.keys()],
    changedPaths: ['src/core.ts'],
    diff: gitDiff('src/core.ts', 3, ['// more']),
    instruction: 'make run return 2 and see src/named.ts backoff',
    budget: { contextWindow: 6_000, reservedOutput: 1_000 },
  });

  it('packing what the plan fetched equals one ranking with every file in hand', () => {
    const inHand = new Map([['src/core.ts', files.get('src/core.ts') as string]]);
    const plan = planContext({ ...req, files: inHand });
    expect(plan.fetch).toEqual(expect.arrayContaining(['src/named.ts', 'test/core.test.ts']));
    // The bot's flow: fetch everything the plan names (here: every other file), then pack.
    const fetched = new Map([...inHand, ...[...files].filter(([p]) => p !== 'src/core.ts')]);
    const twoStep = packContext(plan, { files: fetched, systemInstructions: req.systemInstructions, budget: req.budget });
    const oneStep = buildContext(req);
    expect(JSON.stringify(twoStep)).toBe(JSON.stringify(oneStep));
    const reasons = Object.fromEntries(planContext(req).candidates.map((c) => [c.path, c.reason]));
    // Found only from fetched contents: an importer (the test file) and the named file's import.
    expect(reasons['test/core.test.ts']).toBe('imported-by');
    expect(reasons['src/helper.ts']).toBe('import');
    expect(reasons['src/a.ts']).toBe('imported-by');
    expect(reasons['lib/b.ts']).not.toBe('imported-by');
    expect(reasons['src/unrelated.ts']).not.toBe('imported-by');
    expect(Object.fromEntries(twoStep.included.map((f) => [f.path, f.reason]))['test/core.test.ts']).toBe('imported-by');
  });

  it('ranks what was fetched even when the caller adds it to the map the plan was given', () => {
    // The issue job plans with an empty map, then fills that same map with what it read.
    const same = new Map([['src/core.ts', files.get('src/core.ts') as string]]);
    const plan = planContext({ ...req, files: same });
    for (const [path, content] of files) same.set(path, content);
    const packed = packContext(plan, { files: same, systemInstructions: req.systemInstructions, budget: req.budget });
    expect(JSON.stringify(packed)).toBe(JSON.stringify(buildContext(req)));
  });

  it('does not change the plan it packs, and gives the same result for fresh string copies', () => {
    const plan = planContext(req);
    const before = JSON.stringify(plan.candidates);
    const copies = new Map([...files].map(([p, c]): [string, string] => [p, Buffer.from(c).toString()]));
    const one = packContext(plan, { files: copies, systemInstructions: req.systemInstructions, budget: req.budget });
    const two = packContext(plan, { files: copies, systemInstructions: req.systemInstructions, budget: req.budget });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(JSON.stringify(plan.candidates)).toBe(before);
    expect(JSON.stringify(one)).toBe(JSON.stringify(buildContext(req)));
  });

  it('renders the instruction the pack step is given, ranking on the plan\'s words', () => {
    const plan = planContext(req);
    const packed = packContext(plan, { files, systemInstructions: req.systemInstructions, budget: req.budget, instruction: 'Review the changes.' });
    expect(packed.input.endsWith('# Instruction\nReview the changes.\n')).toBe(true);
    expect(packed.included.map((f) => f.path)).toContain('src/named.ts');
  });
});
