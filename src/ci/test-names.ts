/**
 * Where a test runner starts reporting one failing test, and where its failure report ends.
 * Pure line classifiers over cleaned log lines.
 */
export interface TestHeader {
  tool: string;
  test: string;
  /** Some runners put the cause on the header line (pytest's short summary). */
  message?: string;
}

const HEADERS: Array<{ tool: string; regex: RegExp; test: (m: RegExpMatchArray) => string; message?: (m: RegExpMatchArray) => string | undefined }> = [
  // Jest: `  ● suite › test`
  { tool: 'jest', regex: /^\s*● (.+)$/, test: (m) => m[1] as string },
  // Vitest: ` FAIL  src/a.test.ts > suite > test`
  { tool: 'vitest', regex: /^\s*FAIL\s+\S+ > (.+)$/, test: (m) => m[1] as string },
  // node:test spec reporter: `✖ name (1.2ms)`
  { tool: 'node:test', regex: /^\s*✖ (?!failing tests:|\d+ problems? \()(.+?)(?: \([\d.]+m?s\))?$/, test: (m) => m[1] as string },
  // TAP (node:test's tap reporter and others): `not ok 1 - name`
  { tool: 'tap', regex: /^\s*not ok \d+ - (.+?)(?: # .*)?$/, test: (m) => m[1] as string },
  // pytest: `______ test_add ______` and the short summary `FAILED path::test - cause`
  { tool: 'pytest', regex: /^_{3,} (.+?) _{3,}$/, test: (m) => m[1] as string },
  { tool: 'pytest', regex: /^(?:FAILED|ERROR) (\S+::\S+)(?: - (.*))?$/, test: (m) => m[1] as string, message: (m) => m[2] },
  // go test: `--- FAIL: TestMax (0.00s)`
  { tool: 'go test', regex: /^\s*--- FAIL: (\S+)/, test: (m) => m[1] as string },
  // cargo test: `---- tests::clamps_high stdout ----`
  { tool: 'cargo test', regex: /^---- (\S+) stdout ----$/, test: (m) => m[1] as string },
  // Maven Surefire 3: `[ERROR] demo.FooTest.bar -- Time elapsed: 0.1 s <<< FAILURE!`; 2.x: `bar(demo.FooTest)  Time elapsed …`
  { tool: 'surefire', regex: /^\[ERROR\] ([\w.$]+)\.([\w$]+)(?:\(.*\))? -- Time elapsed.*<<< (?:FAILURE|ERROR)!$/, test: (m) => `${lastSegment(m[1] as string)}.${m[2]}` },
  { tool: 'surefire', regex: /^([\w$]+)\(([\w.$]+)\)\s+Time elapsed.*<<< (?:FAILURE|ERROR)!$/, test: (m) => `${lastSegment(m[2] as string)}.${m[1]}` },
];

function lastSegment(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

export function testHeader(line: string): TestHeader | undefined {
  if (line.length > 500) return undefined;
  for (const h of HEADERS) {
    const m = line.match(h.regex);
    if (m) {
      const message = h.message?.(m);
      return message ? { tool: h.tool, test: h.test(m).trim(), message } : { tool: h.tool, test: h.test(m).trim() };
    }
  }
  return undefined;
}

/** Summary lines after which no failure block continues. */
const ENDS = [
  /^Test Suites: /,
  /^Tests: /,
  /^=+ (?:short test summary info|warnings summary|\d+ (?:failed|passed|error))/,
  /^(?:FAIL|ok)\s+\S+\s+[\d.]+s$/,
  /^FAIL\t/,
  /^failures:$/,
  /^test result: /,
  /^\[INFO\] Results:$/,
  /^\[(?:ERROR|INFO)\] Tests run: \d+/,
  /^ℹ tests \d+/,
  /^# tests \d+/,
  /^1\.\.\d+$/,
  /^\s*Test Files\s/,
  /^⎯{3,}/,
  /^##\[/,
];

export function endsBlock(line: string): boolean {
  return line.length < 300 && ENDS.some((r) => r.test(line));
}
