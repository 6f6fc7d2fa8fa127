/**
 * The one-line cause in a cleaned log line, when the line states one: exceptions and assertion
 * errors, pytest's `E` lines, compiler and panic messages, `##[error]` annotations.
 */
const RULES: Array<[RegExp, number]> = [
  [/^##\[error\](?!Process completed with exit code)(.+)$/, 1],
  [/^\s*E\s{2,}(\S.*)$/, 1],
  [/^\s*((?:[\w$]+\.)*[\w$]*(?:Error|Exception|Failure|Failed)(?: \[[\w_]+\])?: .+)$/, 1],
  [/^\s*(panic: .+)$/, 1],
  [/^\s*error: '(.+)'$/, 1],
  [/^\s*((?:error|fatal error)(?:\[[A-Z]?\d+\])?: (?![|>][-+]?$).+)$/, 1],
  [/^\s*→ (.+)$/, 1],
  [/^\s*(assertion .+ failed.*)$/, 1],
  // bash: `ci/check.sh: line 4: regenerate_schema: command not found`
  [/^\S+: line \d+: (.+)$/, 1],
  [/^(make(?:\[\d+\])?: \*\*\* .+)$/, 1],
];

export function messageOf(line: string): string | undefined {
  if (line.length > 2_000) line = line.slice(0, 2_000);
  for (const [regex, group] of RULES) {
    const m = line.match(regex);
    if (m) return (m[group] as string).trim();
  }
  return undefined;
}

/** Runners that print the cause on the line after a marker (`thread 'x' panicked at …:`, TAP `error: |-`). */
export function causeOnNextLine(line: string): boolean {
  return /^\s*thread '.*' (?:\(\d+\) )?panicked at /.test(line) || /^\s*error: \|-$/.test(line);
}
