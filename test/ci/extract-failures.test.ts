import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { CORPUS_DIR, readCorpus, scoreCorpus } from '../../bench/support/ci-corpus.js';
import { cleanLine } from '../../src/ci/clean-log.js';
import { extractFailures } from '../../src/ci/extract-failures.js';
import { createPathResolver } from '../../src/ci/resolve-path.js';
import { countTokens } from '../../src/context/tokens.js';

const corpus = readCorpus();
const entry = (log: string) => {
  const e = corpus.find((c) => c.log === log);
  if (!e) throw new Error(`${log} is not in the corpus`);
  return { ...e, text: readFileSync(join(CORPUS_DIR, log), 'utf8') };
};
const extract = (log: string) => {
  const e = entry(log);
  return extractFailures(e.text, { files: e.files });
};

describe('the real-log corpus (scripts/ci-logs/generate.mjs)', () => {
  it('recovers the broken file:line for at least 95% of the expected places', () => {
    const score = scoreCorpus(corpus);
    console.log(`ci-extract: ${score.recovered}/${score.expected} places recovered (${(score.recall * 100).toFixed(1)}%) in ${score.logs} logs; ${score.extra} extra places; missed: ${score.missed.join(', ') || 'none'}`);
    expect(score.logs).toBeGreaterThanOrEqual(15);
    expect(score.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('covers every tool the extractor claims', () => {
    const tools = new Set(corpus.map((c) => c.tool));
    for (const tool of ['tsc', 'eslint', 'jest', 'vitest', 'node:test', 'pytest', 'go test', 'go vet', 'rustc', 'cargo test', 'gcc', 'javac', 'maven surefire', 'generic']) {
      expect(tools).toContain(tool);
    }
  });

  it('names the command of the failed Actions step', () => {
    for (const e of corpus) expect(extractFailures(readFileSync(join(CORPUS_DIR, e.log), 'utf8'), { files: e.files }).command).toBe(e.command);
  });

  it('Jest: test names with the suite, the assertion, places in the test and in the code', () => {
    const { failures } = extract('jest.log');
    expect(failures.map((f) => f.test)).toEqual(['cart › adds prices', 'cart › applies a discount']);
    expect(failures[0]?.message).toBe('expect(received).toBe(expected) // Object.is equality');
    expect(failures[1]?.message).toBe('discount code required');
    expect(failures[1]?.refs).toContainEqual({ path: 'src/cart.js', line: 6, column: 20 });
  });

  it('pytest: one failure per test although the short summary repeats it, with the E line as cause', () => {
    const { failures } = extract('pytest.log');
    expect(failures.map((f) => [f.test, f.message])).toEqual([
      ['test_add', 'assert 4 == 5'],
      ['test_ratio_zero', 'ValueError: b must not be zero'],
    ]);
  });

  it('go test: a bare file name is resolved through the file list, a panic stack too', () => {
    const { failures } = extract('go-test.log');
    const max = failures.find((f) => f.test === 'TestMax');
    expect(max?.refs).toEqual([{ path: 'pkg/calc/calc_test.go', line: 7 }]);
    expect(max?.message).toBe('Max(1, 2) = 1; want 2');
    expect(failures.find((f) => f.test === 'TestFirstEmpty')?.refs[0]).toEqual({ path: 'internal/text/text.go', line: 4 });
  });

  it('cargo: rustc errors take the place from the `-->` line; a panicking test from `panicked at`', () => {
    expect(extract('cargo-build.log').failures.map((f) => [f.message, f.refs[0]?.path])).toEqual([
      ['error[E0609]: no field `sides` on type `&Square`', 'src/shapes.rs'],
      ['error[E0308]: mismatched types', 'src/lib.rs'],
    ]);
    const test = extract('cargo-test.log').failures.find((f) => f.test === 'tests::parses_port');
    expect(test?.message).toMatch(/^called `Result::unwrap\(\)` on an `Err` value/);
    expect(test?.refs[0]).toEqual({ path: 'src/lib.rs', line: 6, column: 15 });
  });

  it('ESLint stylish output: the file header applies to the rows under it; the summary is no failure', () => {
    const { failures } = extract('eslint.log');
    expect(failures).toHaveLength(4);
    expect(failures.every((f) => f.tool === 'eslint')).toBe(true);
    expect(failures[3]).toEqual({ tool: 'eslint', message: "error: 'tmp' is assigned a value but never used (no-unused-vars)", refs: [{ path: 'src/helper.js', line: 2, column: 9 }] });
  });

  it('Surefire: class names and JVM frames resolve to the source files', () => {
    const { failures } = extract('maven-surefire.log');
    expect(failures.map((f) => f.test)).toEqual(['TemperatureTest.freezing', 'TemperatureTest.parsesEmptyAsZero']);
    expect(failures[1]?.refs[0]).toEqual({ path: 'src/main/java/demo/Temperature.java', line: 11 });
  });

  it('a generic Node error: the message, not the code frame, and the stack places', () => {
    const { failures } = extract('generic-node-error.log');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.message).toBe('Error: BUILD_TARGET is not set');
    expect(failures[0]?.refs.map((r) => r.path)).toEqual(['scripts/config.mjs', 'scripts/build.mjs']);
  });

  it('the excerpt: cleaned lines of the failed step only, within the token budget, ending with its last output', () => {
    const e = entry('cargo-test.log');
    const result = extractFailures(e.text, { files: e.files, excerptTokens: 300 });
    expect(countTokens(result.excerpt)).toBeLessThanOrEqual(300);
    expect(countTokens(result.excerpt)).toBeGreaterThan(200);
    expect(result.excerpt).not.toContain('\u001b');
    expect(result.excerpt).not.toMatch(/^\d{4}-\d\d-\d\dT/m);
    expect(result.excerpt).not.toContain('actions/checkout');
    expect(result.excerpt.split('\n').at(-1)).toBe('error: test failed, to rerun pass `--lib`');
    expect(result.omittedLines).toBeGreaterThan(0);
  });
});

describe('cleaning', () => {
  it('drops the Actions timestamp, colours, erase-line codes and carriage-return redraws', () => {
    expect(cleanLine('2024-01-01T00:00:00.0000000Z \u001b[31mFAIL\u001b[39m \u001b[Ksrc/a.ts')).toBe('FAIL src/a.ts');
    expect(cleanLine('2024-01-01T00:00:00.1Z progress 10%\rprogress 100%')).toBe('progress 100%');
    expect(cleanLine('\u001b]8;;https://x\u0007link\u001b]8;;\u0007 done\r')).toBe('link done');
  });
});

describe('paths', () => {
  const resolve = createPathResolver(['src/a.ts', 'lib/util.ts', 'pkg/x/util.ts', 'node_modules/m/index.js']);

  it('maps runner-absolute, file:// and Windows paths into the repository', () => {
    expect(resolve('/home/runner/work/r/r/src/a.ts')).toBe('src/a.ts');
    expect(resolve('file:///home/runner/work/r/r/src/a.ts')).toBe('src/a.ts');
    expect(resolve('D:\\a\\r\\r\\src\\a.ts')).toBe('src/a.ts');
    expect(resolve('./src/a.ts')).toBe('src/a.ts');
  });

  it('refuses rather than guesses: an ambiguous bare name, dependencies, files that do not exist', () => {
    expect(resolve('util.ts')).toBeUndefined();
    expect(resolve('util.ts', 'pkg/x')).toBe('pkg/x/util.ts');
    expect(resolve('node_modules/m/index.js')).toBeUndefined();
    expect(resolve('/usr/lib/go/src/testing/testing.go')).toBeUndefined();
    expect(resolve('src/b.ts')).toBeUndefined();
  });

  it('without a file list keeps only workspace-relative paths', () => {
    const loose = createPathResolver();
    expect(loose('/home/runner/work/r/r/src/a.ts')).toBe('src/a.ts');
    expect(loose('src/a.ts')).toBe('src/a.ts');
    expect(loose('/etc/passwd')).toBeUndefined();
    expect(loose('../outside.ts')).toBeUndefined();
  });
});

describe('big logs', () => {
  it('a 5 MB log of noise still yields the failure at its end', () => {
    const noise = Array.from({ length: 60_000 }, (_, i) => `2024-01-01T00:00:00.0000000Z [build] step ${i}: compiling module_${i}.ts ok`).join('\n');
    const log = `${noise}\n2024-01-01T00:00:01.0000000Z src/a.ts(3,7): error TS2304: Cannot find name 'x'.\n2024-01-01T00:00:01.0000000Z ##[error]Process completed with exit code 2.\n`;
    expect(log.length).toBeGreaterThan(4_000_000);
    const result = extractFailures(log, { files: ['src/a.ts'] });
    expect(result.failures).toEqual([{ tool: 'tsc', message: "error TS2304: Cannot find name 'x'.", refs: [{ path: 'src/a.ts', line: 3, column: 7 }] }]);
  });

  it('a pathological minified line does not hang the place finder', () => {
    const log = `${'a'.repeat(200_000)}:1\nsrc/a.ts:2:1: error: boom\n`;
    expect(extractFailures(log, { files: ['src/a.ts'] }).refs).toEqual([{ path: 'src/a.ts', line: 2, column: 1 }]);
  });
});
