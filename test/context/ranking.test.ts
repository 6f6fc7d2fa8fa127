import { describe, expect, it } from '@jest/globals';
import { buildContext, planContext } from '../../src/context/index.js';
import type { PlanInput } from '../../src/context/index.js';
import { gitDiff, request, sourceFile } from './helpers.js';

function related(overrides: Partial<PlanInput>): PlanInput {
  return { mode: 'pr', instruction: '', diff: '', changedPaths: [], tree: [], files: new Map(), ...overrides };
}

describe('import neighbours', () => {
  it('TS/JS: follows imports forward (nodenext .js → .ts, index, require, dynamic import) and backward', () => {
    const files = new Map([
      ['src/app.ts', "import { a } from './util/a.js';\nimport type { T } from './types';\nconst b = require('./lib/b');\nconst c = await import('./lazy.js');\nimport x from 'external-pkg';\n"],
      ['src/uses-app.ts', "export { run } from './app.js';\n"],
      ['src/unrelated.ts', "import { z } from './zzz.js';\n"],
    ]);
    const tree = ['src/app.ts', 'src/util/a.ts', 'src/types/index.ts', 'src/lib/b.js', 'src/lazy.ts', 'src/uses-app.ts', 'src/unrelated.ts', 'src/zzz.ts'];
    const ranked = planContext(related({ tree, files, changedPaths: ['src/app.ts'] })).candidates;
    const reasons = Object.fromEntries(ranked.map((c) => [c.path, c.reason]));
    expect(reasons).toMatchObject({
      'src/app.ts': 'changed',
      'src/util/a.ts': 'import',
      'src/types/index.ts': 'import',
      'src/lib/b.js': 'import',
      'src/lazy.ts': 'import',
      'src/uses-app.ts': 'imported-by',
    });
    expect(reasons['src/zzz.ts']).toBeUndefined();
  });

  it('Python: absolute, relative and from-imports both ways', () => {
    const files = new Map([
      ['pkg/core.py', 'import os\nfrom pkg.util import helper\nfrom . import models\nfrom .sub.deep import (\n  thing,\n  other as o,\n)\n'],
      ['pkg/cli.py', 'from pkg.core import run\n'],
    ]);
    const tree = ['pkg/__init__.py', 'pkg/core.py', 'pkg/util.py', 'pkg/models.py', 'pkg/sub/deep.py', 'pkg/cli.py', 'pkg/other.py'];
    const ranked = planContext(related({ tree, files, changedPaths: ['pkg/core.py'] })).candidates;
    const reasons = Object.fromEntries(ranked.map((c) => [c.path, c.reason]));
    expect(reasons['pkg/util.py']).toBe('import');
    expect(reasons['pkg/models.py']).toBe('import');
    expect(reasons['pkg/sub/deep.py']).toBe('import');
    expect(reasons['pkg/cli.py']).toBe('imported-by');
    expect(reasons['pkg/other.py']).toBeUndefined();
  });

  it('Go: resolves module import paths to package directories, and importers back', () => {
    const files = new Map([
      ['cmd/server/main.go', 'package main\n\nimport (\n\t"fmt"\n\tstore "github.com/acme/app/internal/store"\n)\n'],
      ['internal/api/api.go', 'package api\n\nimport "github.com/acme/app/cmd/server"\n'],
    ]);
    const tree = ['go.mod', 'cmd/server/main.go', 'internal/store/store.go', 'internal/store/store_test.go', 'internal/api/api.go'];
    const ranked = planContext(related({ tree, files, changedPaths: ['cmd/server/main.go'] })).candidates;
    const reasons = Object.fromEntries(ranked.map((c) => [c.path, c.reason]));
    expect(reasons['internal/store/store.go']).toBe('import');
    expect(reasons['internal/store/store_test.go']).toBeUndefined();
    expect(reasons['internal/api/api.go']).toBe('imported-by');
  });
});

describe('test counterparts', () => {
  it('pairs foo.ts ↔ foo.test.ts / test mirror, test_foo.py, foo_test.go, both ways', () => {
    const tree = [
      'src/context/pack.ts', 'test/context/pack.test.ts', 'src/other/pack.ts',
      'app/models.py', 'tests/test_models.py',
      'store/store.go', 'store/store_test.go',
      'lib/widget.js', 'lib/__tests__/widget.js',
    ];
    const out = planContext(related({ tree, changedPaths: ['src/context/pack.ts', 'app/models.py', 'store/store.go', 'lib/widget.js'] })).fetch;
    expect(out).toEqual(expect.arrayContaining(['test/context/pack.test.ts', 'tests/test_models.py', 'store/store_test.go', 'lib/__tests__/widget.js']));
    expect(out).not.toContain('src/other/pack.ts');
    expect(planContext(related({ tree, changedPaths: ['tests/test_models.py'] })).fetch).toContain('app/models.py');
  });
});

describe('ranking order', () => {
  const tree = ['README.md', 'src/a.ts', 'src/b.ts', 'src/config/loader.ts', 'src/parse-config.ts', 'src/z.ts', 'test/a.test.ts'];
  it('puts focus, then changed, then instruction-named files first, then neighbours', () => {
    const files = new Map([['src/a.ts', "import './z.js';\n"], ['src/b.ts', '']]);
    const ranked = planContext(
      related({
        tree,
        files,
        changedPaths: ['src/a.ts', 'src/b.ts'],
        focus: { path: 'src/b.ts', startLine: 1, endLine: 1 },
        instruction: 'also update src/config/loader.ts and `parseConfig`',
      }),
    ).candidates.map((c) => `${c.reason}:${c.path}`);
    expect(ranked.slice(0, 4)).toEqual(['focus:src/b.ts', 'changed:src/a.ts', 'named:src/config/loader.ts', 'named:src/parse-config.ts']);
    expect(ranked).toContain('import:src/z.ts');
    expect(ranked).toContain('test:test/a.test.ts');
  });

  it('changed and named files come first in the packed prompt too', () => {
    const files = new Map(tree.map((p, i) => [p, sourceFile(`m${i}`, 30, i + 1)]));
    const packed = buildContext(
      request({ files, tree, changedPaths: ['src/z.ts'], diff: gitDiff('src/z.ts', 2, ['y']), instruction: 'see README.md' }),
    );
    expect(packed.included.slice(0, 2).map((f) => [f.path, f.reason])).toEqual([
      ['src/z.ts', 'changed'],
      ['README.md', 'named'],
    ]);
  });

  it('issue mode: BM25 over paths and identifiers finds the relevant files', () => {
    const big = ['docs/intro.md', 'src/http/retry.ts', 'src/http/client.ts', 'src/ui/button.tsx', 'src/queue/worker.ts', 'test/http/retry.test.ts'];
    const files = new Map([['src/queue/worker.ts', 'export function backoffDelay(attempt: number) { return 2 ** attempt; }\n']]);
    const out = planContext(
      related({ mode: 'issue', tree: big, files: new Map(), title: 'HTTP client retry is broken', body: 'Retries never back off.', instruction: '' }),
    ).fetch;
    expect(out[0]).toBe('src/http/retry.ts');
    expect(out).toContain('src/http/client.ts');
    expect(out).not.toContain('src/ui/button.tsx');
    const withIds = planContext(related({ mode: 'issue', tree: big, files, instruction: 'fix backoff delay' })).candidates;
    expect(withIds.find((c) => c.path === 'src/queue/worker.ts')?.reason).toBe('retrieved');
  });

  it('the plan\'s fetch list excludes changed and already-fetched paths, respects the limit, and is deterministic', () => {
    const many = Array.from({ length: 100 }, (_, i) => `src/util${i}.ts`);
    const content = many.map((p) => `import './${p.slice(4, -3)}.js';`).join('\n');
    const req = related({ tree: ['src/main.ts', ...many], files: new Map([['src/main.ts', content], ['src/util0.ts', '']]), changedPaths: ['src/main.ts'], limit: 10 });
    const out = planContext(req).fetch;
    expect(out).toHaveLength(10);
    expect(out).not.toContain('src/main.ts');
    expect(out).not.toContain('src/util0.ts');
    expect(planContext({ ...req, tree: [...req.tree].reverse() }).fetch).toEqual(out);
  });
});

describe('prompt layout', () => {
  it('orders repo files, description, diff, focus, left-out, instruction; lists what was left out', () => {
    const files = new Map([
      ['src/a.ts', sourceFile('a', 20)],
      ['src/big.ts', sourceFile('big', 3000)],
      ['.env', 'SECRET=1\n'],
    ]);
    const packed = buildContext(
      request({
        files,
        tree: [...files.keys()],
        changedPaths: ['src/a.ts'],
        diff: gitDiff('src/a.ts', 3, ['z']),
        title: 'Add a',
        body: 'Body text',
        focus: { path: 'src/a.ts', startLine: 3, endLine: 4 },
        instruction: 'rename a_3',
        budget: { contextWindow: 12_000, reservedOutput: 2_000 },
      }),
    );
    const order = ['# Repository files', '# Pull request description', '# Pull request diff', '# Commented lines', '# Left out', '# Instruction'].map((h) =>
      packed.input.indexOf(h),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(packed.input.endsWith('# Instruction\nrename a_3\n')).toBe(true);
    expect(packed.instructions).toBe(request().systemInstructions);
    const leftOutSection = packed.input.slice(packed.input.indexOf('# Left out'));
    expect(leftOutSection).toContain('- .env: sensitive path');
    const big = packed.included.find((f) => f.path === 'src/big.ts');
    if (big) expect(big.whole).toBe(false);
    else expect(leftOutSection).toContain('src/big.ts');
  });
});
