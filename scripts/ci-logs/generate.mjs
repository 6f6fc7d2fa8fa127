#!/usr/bin/env node
/**
 * Regenerates test/fixtures/ci-logs/: runs real tools (tsc, ESLint, Jest, node:test, pytest,
 * go test / go vet, cargo, gcc, javac, Maven Surefire, plain scripts) on deliberately broken
 * code in a temporary directory and records what they print.
 *
 *   node scripts/ci-logs/generate.mjs            # every tool found on this machine
 *   node scripts/ci-logs/generate.mjs tsc pytest # only these cases
 *
 * Each log is wrapped the way a GitHub Actions job log looks when downloaded (every line
 * prefixed with an ISO timestamp, `##[group]Run <command>` before the step, `##[error]Process
 * completed with exit code N.` after it), and the temporary directory is renamed to the
 * runner's workspace path `/home/runner/work/demo/demo`, so the logs carry no path of this
 * machine. The tool output itself is verbatim. Tools that are not installed are skipped and
 * listed at the end; manifest.json keeps the cases that ran.
 *
 * manifest.json, per log: the repository's file list, the command, and the `file:line`
 * places the broken code really breaks at (computed from the code below by searching for
 * the broken line, so the expected values never depend on the tool's output).
 */
/* global console */
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const outDir = join(root, 'test', 'fixtures', 'ci-logs');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const RUNNER_WORKSPACE = '/home/runner/work/demo/demo';

/** Line (1-based) of the first line of `files[file]` that contains `needle`. */
function lineOf(files, file, needle) {
  const lines = String(files[file]).split('\n');
  const index = lines.findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`case bug: "${needle}" not in ${file}`);
  return index + 1;
}

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;

/** @type {Array<{name: string, tool: string, needs: () => boolean, files: Record<string,string>, steps: Array<{run: string, cmd: string, args: string[], env?: Record<string,string>}>, expect: Array<[string, string]>, setup?: (dir: string) => string | undefined}>} */
const CASES = [
  {
    name: 'tsc',
    tool: 'tsc',
    needs: () => existsSync(bin('tsc')),
    files: {
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'nodenext' }, include: ['src'] }, null, 2),
      'src/math.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport function half(n: number): number {\n  const label: number = "half";\n  return n / 2 + label;\n}\n',
      'src/index.ts': "import { add } from './math.js';\n\nexport const total: string = add(1, 2);\nexport const missing = subtract(3, 1);\n",
    },
    steps: [{ run: 'npx tsc -p tsconfig.json', cmd: bin('tsc'), args: ['-p', 'tsconfig.json'] }],
    expect: [['src/math.ts', 'const label: number'], ['src/index.ts', 'export const total'], ['src/index.ts', 'subtract(3, 1)']],
  },
  {
    name: 'tsc-pretty',
    tool: 'tsc',
    needs: () => existsSync(bin('tsc')),
    files: {
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'nodenext' }, include: ['packages'] }, null, 2),
      'packages/core/src/parse.ts': 'export interface Token { kind: string; text: string }\n\nexport function parse(input: string): Token[] {\n  const out: Token[] = [];\n  for (const part of input.split(" ")) out.push({ kind: "word", txt: part });\n  return out;\n}\n',
    },
    steps: [{ run: 'npx tsc -p tsconfig.json --pretty', cmd: bin('tsc'), args: ['-p', 'tsconfig.json', '--pretty'] }],
    expect: [['packages/core/src/parse.ts', 'txt: part']],
  },
  {
    name: 'eslint',
    tool: 'eslint',
    needs: () => existsSync(bin('eslint')),
    files: {
      'eslint.config.mjs': "export default [{ files: ['**/*.js'], languageOptions: { sourceType: 'module', globals: { console: 'readonly' } }, rules: { 'no-unused-vars': 'error', 'no-undef': 'error', eqeqeq: 'warn' } }];\n",
      'src/app.js': "import { helper } from './helper.js';\n\nconst unused = 42;\n\nexport function run(x) {\n  if (x == null) return helper();\n  return notDefined(x);\n}\n",
      'src/helper.js': "export function helper() {\n  const tmp = 'x';\n  return 1;\n}\n",
    },
    steps: [{ run: 'npx eslint .', cmd: bin('eslint'), args: ['.'], env: { FORCE_COLOR: '1' } }],
    expect: [['src/app.js', 'const unused'], ['src/app.js', 'x == null'], ['src/app.js', 'notDefined(x)'], ['src/helper.js', "const tmp = 'x'"]],
  },
  {
    name: 'jest',
    tool: 'jest',
    needs: () => existsSync(bin('jest')),
    files: {
      'package.json': JSON.stringify({ name: 'demo', private: true, jest: { testEnvironment: 'node' } }, null, 2),
      'src/cart.js': "function total(items) {\n  return items.reduce((sum, item) => sum + item.price, 0);\n}\n\nfunction discount(total, code) {\n  if (!code) throw new Error('discount code required');\n  return total * 0.9;\n}\n\nmodule.exports = { total, discount };\n",
      'test/cart.test.js': "const { total, discount } = require('../src/cart');\n\ndescribe('cart', () => {\n  it('adds prices', () => {\n    expect(total([{ price: 2 }, { price: 3 }])).toBe(6);\n  });\n\n  it('applies a discount', () => {\n    expect(discount(100)).toBe(90);\n  });\n\n  it('is empty', () => {\n    expect(total([])).toBe(0);\n  });\n});\n",
    },
    steps: [{ run: 'npx jest --ci', cmd: bin('jest'), args: ['--ci'], env: { FORCE_COLOR: '1' } }],
    expect: [['test/cart.test.js', 'toBe(6)'], ['src/cart.js', "throw new Error('discount"]],
  },
  {
    name: 'node-test-spec',
    tool: 'node:test',
    needs: () => true,
    files: {
      'package.json': JSON.stringify({ name: 'demo', private: true, type: 'module' }, null, 2),
      'lib/slug.js': "export function slug(text) {\n  return text.toLowerCase().replace(/ /g, '_');\n}\n",
      'test/slug.test.js': "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { slug } from '../lib/slug.js';\n\ntest('slug joins words with dashes', () => {\n  assert.equal(slug('Hello World'), 'hello-world');\n});\n\ntest('slug keeps one word', () => {\n  assert.equal(slug('Hello'), 'hello');\n});\n",
    },
    steps: [{ run: 'node --test --test-reporter=spec', cmd: process.execPath, args: ['--test', '--test-reporter=spec'] }],
    expect: [['test/slug.test.js', "assert.equal(slug('Hello World')"]],
  },
  {
    name: 'node-test-tap',
    tool: 'node:test',
    needs: () => true,
    files: {
      'package.json': JSON.stringify({ name: 'demo', private: true, type: 'module' }, null, 2),
      'lib/range.js': "export function range(n) {\n  if (n < 0) throw new RangeError(`n must be >= 0, got ${n}`);\n  return Array.from({ length: n }, (_, i) => i + 1);\n}\n",
      'test/range.test.js': "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { range } from '../lib/range.js';\n\ntest('range starts at zero', () => {\n  assert.deepEqual(range(3), [0, 1, 2]);\n});\n\ntest('range of a negative is empty', () => {\n  assert.deepEqual(range(-1), []);\n});\n",
    },
    steps: [{ run: 'node --test --test-reporter=tap', cmd: process.execPath, args: ['--test', '--test-reporter=tap'] }],
    expect: [['test/range.test.js', 'range(3), [0, 1, 2]'], ['lib/range.js', 'throw new RangeError']],
  },
  {
    name: 'vitest',
    tool: 'vitest',
    needs: () => has('npm'),
    setup: (dir) => {
      const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', 'vitest@3.2.4'], { cwd: dir, encoding: 'utf8' });
      return r.status === 0 ? undefined : `npm install vitest failed: ${r.stderr.slice(0, 200)}`;
    },
    files: {
      'package.json': JSON.stringify({ name: 'demo', private: true, type: 'module' }, null, 2),
      'src/format.js': "export function money(cents) {\n  return '$' + (cents / 100).toFixed(1);\n}\n",
      'src/format.test.js': "import { describe, it, expect } from 'vitest';\nimport { money } from './format.js';\n\ndescribe('money', () => {\n  it('shows cents', () => {\n    expect(money(1234)).toBe('$12.34');\n  });\n});\n",
    },
    steps: [{ run: 'npx vitest run', cmd: 'npx', args: ['vitest', 'run'], env: { FORCE_COLOR: '1' } }],
    expect: [['src/format.test.js', "toBe('$12.34')"]],
  },
  {
    name: 'pytest',
    tool: 'pytest',
    needs: () => spawnSync('python3', ['-m', 'pytest', '--version']).status === 0,
    files: {
      'calc/__init__.py': '',
      'calc/ops.py': 'def add(a, b):\n    return a + b\n\n\ndef ratio(a, b):\n    if b == 0:\n        raise ValueError("b must not be zero")\n    return a / b\n',
      'tests/test_ops.py': 'from calc.ops import add, ratio\n\n\ndef test_add():\n    assert add(2, 2) == 5\n\n\ndef test_ratio_zero():\n    assert ratio(1, 0) == 0\n\n\ndef test_ratio():\n    assert ratio(4, 2) == 2\n',
    },
    steps: [{ run: 'python -m pytest', cmd: 'python3', args: ['-m', 'pytest', '--color=yes', '-p', 'no:cacheprovider'] }],
    expect: [['tests/test_ops.py', 'add(2, 2) == 5'], ['calc/ops.py', 'raise ValueError']],
  },
  {
    name: 'go-test',
    tool: 'go test',
    needs: () => has('go'),
    files: {
      'go.mod': 'module example.com/demo\n\ngo 1.19\n',
      'pkg/calc/calc.go': 'package calc\n\n// Max returns the larger of a and b.\nfunc Max(a, b int) int {\n\tif a < b {\n\t\treturn a\n\t}\n\treturn b\n}\n',
      'pkg/calc/calc_test.go': 'package calc\n\nimport "testing"\n\nfunc TestMax(t *testing.T) {\n\tif got := Max(1, 2); got != 2 {\n\t\tt.Errorf("Max(1, 2) = %d; want 2", got)\n\t}\n}\n\nfunc TestMaxEqual(t *testing.T) {\n\tif got := Max(3, 3); got != 3 {\n\t\tt.Fatalf("Max(3, 3) = %d", got)\n\t}\n}\n',
      'internal/text/text.go': 'package text\n\nfunc First(s []string) string {\n\treturn s[0]\n}\n',
      'internal/text/text_test.go': 'package text\n\nimport "testing"\n\nfunc TestFirstEmpty(t *testing.T) {\n\tif First(nil) != "" {\n\t\tt.Fatal("want empty")\n\t}\n}\n',
    },
    steps: [{ run: 'go test ./...', cmd: 'go', args: ['test', './...'] }],
    expect: [['pkg/calc/calc_test.go', 't.Errorf("Max(1, 2)'], ['internal/text/text.go', 'return s[0]']],
  },
  {
    name: 'go-vet',
    tool: 'go vet',
    needs: () => has('go'),
    files: {
      'go.mod': 'module example.com/demo\n\ngo 1.19\n',
      'cmd/tool/main.go': 'package main\n\nimport "fmt"\n\nfunc main() {\n\tname := "spark"\n\tfmt.Printf("%d\\n", name)\n}\n',
    },
    steps: [{ run: 'go vet ./...', cmd: 'go', args: ['vet', './...'] }],
    expect: [['cmd/tool/main.go', 'fmt.Printf']],
  },
  {
    name: 'go-build',
    tool: 'go build',
    needs: () => has('go'),
    files: {
      'go.mod': 'module example.com/demo\n\ngo 1.19\n',
      'pkg/store/store.go': 'package store\n\nfunc Get(key string) int {\n\treturn lookup(key)\n}\n\nfunc Put(key string, v int) {\n\tvar unused string\n}\n',
    },
    steps: [{ run: 'go build ./...', cmd: 'go', args: ['build', './...'] }],
    expect: [['pkg/store/store.go', 'return lookup(key)'], ['pkg/store/store.go', 'var unused string']],
  },
  {
    name: 'cargo-build',
    tool: 'rustc',
    needs: () => has('cargo'),
    files: {
      'Cargo.toml': '[package]\nname = "demo"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
      'src/lib.rs': 'pub mod shapes;\n\npub fn area(width: u32, height: u32) -> u32 {\n    let scale: u32 = "2";\n    width * height * scale\n}\n',
      'src/shapes.rs': 'pub struct Square { pub side: f64 }\n\nimpl Square {\n    pub fn area(&self) -> f64 {\n        self.sides * self.side\n    }\n}\n',
    },
    steps: [{ run: 'cargo test', cmd: 'cargo', args: ['test', '--offline', '--color', 'always'] }],
    expect: [['src/lib.rs', 'let scale: u32'], ['src/shapes.rs', 'self.sides']],
  },
  {
    name: 'cargo-test',
    tool: 'cargo test',
    needs: () => has('cargo'),
    files: {
      'Cargo.toml': '[package]\nname = "demo"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
      'src/lib.rs': 'pub fn clamp(v: i32, lo: i32, hi: i32) -> i32 {\n    if v < lo { lo } else if v > hi { lo } else { v }\n}\n\npub fn parse_port(s: &str) -> u16 {\n    s.parse().unwrap()\n}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn clamps_high() {\n        assert_eq!(clamp(12, 0, 10), 10);\n    }\n\n    #[test]\n    fn parses_port() {\n        assert_eq!(parse_port("80a"), 80);\n    }\n}\n',
    },
    steps: [{ run: 'cargo test', cmd: 'cargo', args: ['test', '--offline'] }],
    expect: [['src/lib.rs', 'assert_eq!(clamp(12'], ['src/lib.rs', 's.parse().unwrap()']],
  },
  {
    name: 'gcc',
    tool: 'gcc',
    needs: () => has('gcc') && has('make'),
    files: {
      Makefile: 'CFLAGS = -Wall -Werror -std=c11\n\nbuild:\n\tgcc $(CFLAGS) -c src/main.c -o main.o\n\tgcc $(CFLAGS) -c src/util.c -o util.o\n',
      'src/util.h': 'int count_words(const char *s);\n',
      'src/main.c': '#include <stdio.h>\n#include "util.h"\n\nint main(void) {\n    int unused_total;\n    printf("%d\\n", count_words("a b"));\n    return missing_value;\n}\n',
      'src/util.c': '#include "util.h"\n\nint count_words(const char *s) {\n    int n = 0;\n    for (; *s; s++) if (*s == \' \') n++;\n    return n + 1;\n}\n',
    },
    steps: [{ run: 'make build', cmd: 'make', args: ['-k', 'build'], env: { GCC_COLORS: '' } }],
    expect: [['src/main.c', 'int unused_total'], ['src/main.c', 'return missing_value']],
  },
  {
    name: 'clang-style-gcc-cpp',
    tool: 'g++',
    needs: () => has('g++'),
    files: {
      'src/vec.cpp': '#include <vector>\n#include <string>\n\nint sum(const std::vector<int>& v) {\n    int s = 0;\n    for (auto x : v) s += x;\n    return s;\n}\n\nint main() {\n    std::string label = sum({1, 2});\n    return 0;\n}\n',
    },
    steps: [{ run: 'g++ -std=c++17 -fdiagnostics-color=always -c src/vec.cpp', cmd: 'g++', args: ['-std=c++17', '-fdiagnostics-color=always', '-c', 'src/vec.cpp', '-o', 'vec.o'] }],
    expect: [['src/vec.cpp', 'std::string label']],
  },
  {
    name: 'javac',
    tool: 'javac',
    needs: () => has('javac'),
    files: {
      'src/main/java/demo/Invoice.java': 'package demo;\n\npublic class Invoice {\n    private final int cents;\n\n    public Invoice(int cents) {\n        this.cents = cents;\n    }\n\n    public int total() {\n        String shown = cents;\n        return cents;\n    }\n}\n',
      'src/main/java/demo/Main.java': 'package demo;\n\npublic class Main {\n    public static void main(String[] args) {\n        Invoice invoice = new Invoice(100);\n        System.out.println(invoice.totl());\n    }\n}\n',
    },
    steps: [{ run: 'javac -d build src/main/java/demo/*.java', cmd: 'sh', args: ['-c', 'javac -d build src/main/java/demo/*.java'] }],
    expect: [['src/main/java/demo/Invoice.java', 'String shown = cents'], ['src/main/java/demo/Main.java', 'invoice.totl()']],
  },
  {
    name: 'maven-surefire',
    tool: 'maven surefire',
    needs: () => has('mvn'),
    files: {
      'pom.xml': `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>demo</groupId>
  <artifactId>demo</artifactId>
  <version>1.0</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter-engine</artifactId><version>5.10.2</version><scope>test</scope></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.2.5</version></plugin>
    </plugins>
  </build>
</project>
`,
      'src/main/java/demo/Temperature.java': 'package demo;\n\npublic final class Temperature {\n    private Temperature() {}\n\n    public static double toFahrenheit(double celsius) {\n        return celsius * 9 / 5;\n    }\n\n    public static double parse(String text) {\n        if (text.isEmpty()) throw new IllegalArgumentException("empty temperature");\n        return Double.parseDouble(text);\n    }\n}\n',
      'src/test/java/demo/TemperatureTest.java': 'package demo;\n\nimport static org.junit.jupiter.api.Assertions.assertEquals;\n\nimport org.junit.jupiter.api.Test;\n\nclass TemperatureTest {\n    @Test\n    void freezing() {\n        assertEquals(32.0, Temperature.toFahrenheit(0), 1e-9);\n    }\n\n    @Test\n    void parsesEmptyAsZero() {\n        assertEquals(0.0, Temperature.parse(""), 1e-9);\n    }\n}\n',
    },
    steps: [{ run: 'mvn -B test', cmd: 'mvn', args: ['-B', '-o', 'test'] }],
    expect: [['src/test/java/demo/TemperatureTest.java', 'assertEquals(32.0'], ['src/main/java/demo/Temperature.java', 'throw new IllegalArgumentException']],
  },
  {
    name: 'maven-compile',
    tool: 'maven compiler',
    needs: () => has('mvn'),
    files: {
      'pom.xml': `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>demo</groupId>
  <artifactId>demo</artifactId>
  <version>1.0</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter-engine</artifactId><version>5.10.2</version><scope>test</scope></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.2.5</version></plugin>
    </plugins>
  </build>
</project>
`,
      'src/main/java/demo/Temperature.java': 'package demo;\n\npublic final class Temperature {\n    private Temperature() {}\n\n    public static double toFahrenheit(double celsius) {\n        return celsius * 9 / 5 + offset;\n    }\n\n    public static double parse(String text) {\n        if (text.isEmpty()) throw new IllegalArgumentException("empty temperature");\n        return Double.parseDouble(text);\n    }\n}\n',
      'src/test/java/demo/TemperatureTest.java': 'package demo;\n\nimport static org.junit.jupiter.api.Assertions.assertEquals;\n\nimport org.junit.jupiter.api.Test;\n\nclass TemperatureTest {\n    @Test\n    void freezing() {\n        assertEquals(32.0, Temperature.toFahrenheit(0), 1e-9);\n    }\n\n    @Test\n    void parsesEmptyAsZero() {\n        assertEquals(0.0, Temperature.parse(""), 1e-9);\n    }\n}\n',
    },
    steps: [{ run: 'mvn -B test', cmd: 'mvn', args: ['-B', '-o', 'test'] }],
    expect: [['src/main/java/demo/Temperature.java', '+ offset;']],
  },
  {
    name: 'generic-node-error',
    tool: 'generic',
    needs: () => true,
    files: {
      'package.json': JSON.stringify({ name: 'demo', private: true, type: 'module' }, null, 2),
      'scripts/build.mjs': "import { readConfig } from './config.mjs';\n\nconst config = readConfig(process.env);\nconsole.log('building', config.target);\n",
      'scripts/config.mjs': "export function readConfig(env) {\n  if (!env.BUILD_TARGET) {\n    throw new Error('BUILD_TARGET is not set');\n  }\n  return { target: env.BUILD_TARGET };\n}\n",
    },
    steps: [{ run: 'node scripts/build.mjs', cmd: process.execPath, args: ['scripts/build.mjs'] }],
    expect: [['scripts/config.mjs', "throw new Error('BUILD_TARGET"]],
  },
  {
    name: 'generic-python-traceback',
    tool: 'generic',
    needs: () => has('python3'),
    files: {
      'tools/release.py': 'import json\n\n\ndef load(path):\n    with open(path) as fh:\n        return json.load(fh)\n\n\nif __name__ == "__main__":\n    manifest = load("release.json")\n    print(manifest["version"])\n',
    },
    steps: [{ run: 'python tools/release.py', cmd: 'python3', args: ['tools/release.py'] }],
    expect: [['tools/release.py', 'with open(path)']],
  },
  {
    name: 'generic-shell',
    tool: 'generic',
    needs: () => has('bash'),
    files: {
      'ci/check.sh': '#!/usr/bin/env bash\nset -euo pipefail\necho "checking generated files"\nregenerate_schema --check\necho done\n',
    },
    steps: [{ run: 'bash ci/check.sh', cmd: 'bash', args: ['ci/check.sh'] }],
    expect: [['ci/check.sh', 'regenerate_schema']],
  },
];

function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out;
}

function actionsLog(caseName, steps, start) {
  let t = start.getTime();
  const lines = [];
  const stamp = () => new Date(t++).toISOString().replace('Z', '0000Z');
  const push = (text) => {
    for (const line of text.split('\n')) lines.push(`${stamp()} ${line}`);
  };
  push('##[group]Run actions/checkout@v4');
  push('with:\n  repository: demo/demo\n  token: ***\n##[endgroup]');
  push('Syncing repository: demo/demo');
  push(`HEAD is now at 1a2b3c4 ${caseName}: broken on purpose`);
  let exitCode = 0;
  for (const step of steps) {
    push(`##[group]Run ${step.run}`);
    push(`\u001b[36;1m${step.run}\u001b[0m`);
    push('shell: /usr/bin/bash -e {0}\n##[endgroup]');
    const output = step.output.replace(/\n$/, '');
    if (output) push(output);
    if (step.status !== 0) {
      exitCode = step.status;
      push(`##[error]Process completed with exit code ${step.status}.`);
      break;
    }
  }
  push('Post job cleanup.');
  return { text: lines.join('\n') + '\n', exitCode };
}

const only = process.argv.slice(2);
const skipped = [];
const manifestPath = join(outDir, 'manifest.json');
const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : { logs: [] };
mkdirSync(outDir, { recursive: true });

for (const c of CASES) {
  if (only.length > 0 && !only.includes(c.name)) continue;
  if (!c.needs()) {
    skipped.push(`${c.name}: ${c.tool} not installed`);
    continue;
  }
  const dir = mkdtempSync(join(tmpdir(), 'spark-ci-'));
  try {
    for (const [file, content] of Object.entries(c.files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), content);
    }
    const files = listFiles(dir).sort();
    const problem = c.setup?.(dir);
    if (problem) {
      skipped.push(`${c.name}: ${problem}`);
      continue;
    }
    const env = { ...process.env, CI: 'true', GOCACHE: join(dir, '.gocache'), GOPATH: join(dir, '.gopath'), GOFLAGS: '-mod=mod', CARGO_TARGET_DIR: join(dir, 'target'), NO_UPDATE_NOTIFIER: '1' };
    const ran = [];
    for (const step of c.steps) {
      const r = spawnSync(step.cmd, step.args, { cwd: dir, env: { ...env, ...step.env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      // The runner interleaves stdout and stderr as they come; most tools here write their
      // diagnostics to one of them, so stdout then stderr is what a reader would see.
      const output = (r.stdout ?? '') + (r.stderr ?? '');
      ran.push({ run: step.run, status: r.status ?? 1, output: output.split(dir).join(RUNNER_WORKSPACE) });
      if (r.status !== 0) break;
    }
    if (ran.every((s) => s.status === 0)) {
      skipped.push(`${c.name}: the broken code passed (case bug)`);
      continue;
    }
    const { text, exitCode } = actionsLog(c.name, ran, new Date());
    if (text.includes(dir) || text.includes(root)) throw new Error(`${c.name}: a machine path leaked into the log`);
    writeFileSync(join(outDir, `${c.name}.log`), text);
    const entry = {
      log: `${c.name}.log`,
      tool: c.tool,
      command: ran[ran.length - 1].run,
      exitCode,
      files: files.filter((f) => !f.startsWith('node_modules/') && f !== 'package-lock.json'),
      expected: c.expect.map(([file, needle]) => ({ file, line: lineOf(c.files, file, needle) })),
    };
    manifest.logs = manifest.logs.filter((l) => l.log !== entry.log).concat(entry).sort((a, b) => a.log.localeCompare(b.log));
    console.log(`${c.name}: exit ${exitCode}, ${text.length} bytes, ${entry.expected.length} expected places`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
if (skipped.length > 0) console.log(`skipped:\n  ${skipped.join('\n  ')}`);
