/**
 * A CI log → its failures: failing test names, one-line causes, `file:line` places inside the
 * repository and the command whose step failed, plus an excerpt of the last relevant lines
 * within a token budget. Pure; the log is untrusted data and only ever matched, never run.
 * Measured on the corpus in test/fixtures/ci-logs (real tool output, see
 * scripts/ci-logs/generate.mjs): `npm run bench` → `ci-extract`.
 */
import { countTokens } from '../context/tokens.js';
import { cleanLog } from './clean-log.js';
import { findFileRefs } from './file-refs.js';
import { causeOnNextLine, messageOf } from './messages.js';
import { createPathResolver, type PathResolver } from './resolve-path.js';
import { endsBlock, testHeader } from './test-names.js';
import type { CiFailure, ExtractedLog, FileRef } from './types.js';

export interface ExtractOptions {
  /** The repository's files at the commit (from the tree): places must name one of them. */
  files?: Iterable<string>;
  /** Token budget of the excerpt (o200k). Default 1,500. */
  excerptTokens?: number;
  /** At most this many failures are returned (the first ones: later ones are often follow-ups). */
  maxFailures?: number;
}

interface Block extends CiFailure {
  kind: 'test' | 'diagnostic' | 'generic';
  /** Line indices that explain this failure (for the excerpt). */
  lines: number[];
}

const STEP_START = /^##\[group\]Run (.+)$/;
const STEP_FAILED = /^##\[error\]Process completed with exit code (\d+)/;
const NPM_COMMAND = /^npm (?:ERR!|error) command (?:sh -c |bash -c )?(.+)$/;
// A line that starts with a place: `path:1:2: error …`, `path(1,2): error …`, `[ERROR] path:[1,2] …`.
const DIAGNOSTIC = /^(?:\[(?:ERROR|WARNING)\] )?\S+?(?::\d+(?::\d+)?:?|\(\d+,\d+\):?|:\[\d+,\d+\]) ?(?:-\s)?(.*)$/;
const ESLINT_ROW = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.+?)(?:\s{2,}(\S+))?$/;
// Surefire's summary: `[ERROR]   FooTest.bar:12 expected …`
const SUREFIRE_SUMMARY = /^\[ERROR\]\s+([\w$]+)\.([\w$]+):(\d+)\s+(.*)$/;
// Stack frames and download chatter that say nothing about the repository's code.
const NOISE = /^\s+at .*(?:node:internal|node_modules|\(native\)|java\.base\/|org\.junit\.|jdk\.internal)|^\s+at \/rustc\/|^\s+\d+: (?:std|core|__rustc)::|^\[INFO\] Download|^\s*$/;

/** The lines of the steps that failed (GitHub Actions logs), else the whole log. */
function failedSteps(lines: string[]): { ranges: Array<[number, number]>; command?: string } {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  let current: string | undefined;
  let command: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.startsWith('##[')) continue;
    const run = line.match(STEP_START);
    if (run) {
      start = i;
      current = (run[1] as string).trim();
      continue;
    }
    if (STEP_FAILED.test(line)) {
      ranges.push([start, i + 1]);
      command ??= current;
    }
  }
  if (ranges.length === 0) ranges.push([0, lines.length]);
  return command === undefined ? { ranges } : { ranges, command };
}

function sameTest(a: string, b: string): boolean {
  return a === b || a.endsWith(`::${b}`) || b.endsWith(`::${a}`) || a.endsWith(` › ${b}`) || b.endsWith(` › ${a}`);
}

function addRefs(block: Block, refs: FileRef[]): void {
  for (const ref of refs) {
    if (!block.refs.some((r) => r.path === ref.path && r.line === ref.line)) block.refs.push(ref);
  }
}

function trimMessage(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 300 ? `${one.slice(0, 299)}…` : one;
}

/** Java class name → its source file through the resolver (`FooTest` → `src/test/java/…/FooTest.java`). */
function classFile(resolve: PathResolver, cls: string): string | undefined {
  for (const ext of ['java', 'kt', 'scala', 'groovy']) {
    const path = resolve(`${cls}.${ext}`);
    if (path) return path;
  }
  return undefined;
}

export function extractFailures(log: string, options: ExtractOptions = {}): ExtractedLog {
  const lines = cleanLog(log);
  const resolve = createPathResolver(options.files);
  const { ranges, command: stepCommand } = failedSteps(lines);
  const blocks: Block[] = [];
  let command = stepCommand;
  let current: Block | undefined;
  let eslintFile: string | undefined;
  let goPackage: string | undefined;
  let causeNext = false;

  const open = (block: Omit<Block, 'lines'>, at: number): Block => {
    const b: Block = { ...block, lines: [at] };
    blocks.push(b);
    return b;
  };

  for (const [from, to] of ranges) {
    current = undefined;
    for (let i = from; i < to; i++) {
      const line = lines[i] as string;
      if (line.length === 0) continue;

      if (causeNext && current) {
        causeNext = false;
        if (!current.message) current.message = trimMessage(line);
        current.lines.push(i);
        continue;
      }
      causeNext = false;

      const npm = line.match(NPM_COMMAND);
      if (npm && command === undefined) command = (npm[1] as string).trim();
      const pkg = line.match(/^# (\S+)$/);
      if (pkg) goPackage = (pkg[1] as string).split('/').slice(1).join('/') || undefined;

      const header = testHeader(line);
      if (header) {
        const existing = blocks.find((b) => b.kind === 'test' && sameTest(b.test as string, header.test));
        current = existing ?? open({ kind: 'test', tool: header.tool, test: header.test, message: '', refs: [] }, i);
        if (existing) existing.lines.push(i);
        if (header.message && !current.message) current.message = trimMessage(header.message);
        addRefs(current, findFileRefs(line, resolve, goPackage));
        continue;
      }
      if (endsBlock(line)) {
        current = undefined;
        eslintFile = undefined;
        continue;
      }

      // node:test's spec reporter names where the test is declared before repeating a failure.
      if (/^test at \S+:\d+:\d+$/.test(line)) continue;

      const surefire = line.match(SUREFIRE_SUMMARY);
      if (surefire) {
        const test = `${surefire[1]}.${surefire[2]}`;
        const path = classFile(resolve, surefire[1] as string);
        const block = blocks.find((b) => b.kind === 'test' && b.test === test) ?? open({ kind: 'test', tool: 'surefire', test, message: '', refs: [] }, i);
        if (path) addRefs(block, [{ path, line: Number(surefire[3]) }]);
        if (!block.message) block.message = trimMessage(surefire[4] as string);
        block.lines.push(i);
        continue;
      }

      // ESLint's stylish format: a file path alone on a line, then `line:col  error  message  rule`.
      const row = eslintFile ? line.match(ESLINT_ROW) : null;
      if (row && eslintFile) {
        const ref = { path: eslintFile, line: Number(row[1]), column: Number(row[2]) };
        open({ kind: 'diagnostic', tool: 'eslint', message: trimMessage(`${row[3]}: ${row[4]}${row[5] ? ` (${row[5]})` : ''}`), refs: [ref] }, i);
        continue;
      }
      const trimmed = line.trim();
      if (!/\s/.test(trimmed) && ESLINT_ROW.test(lines[i + 1] ?? '')) {
        const path = resolve(trimmed);
        if (path) {
          eslintFile = path;
          current = undefined;
          continue;
        }
      }
      if (eslintFile && !row) eslintFile = undefined;

      const refs = findFileRefs(line, resolve, goPackage);
      const message = messageOf(line);

      if (current?.kind === 'test') {
        addRefs(current, refs);
        if (message && !current.message) current.message = trimMessage(message);
        else if (!current.message && refs.length === 0 && current.tool === 'jest' && !NOISE.test(line)) {
          // Jest prints the thrown message alone under the test's name.
          current.message = trimMessage(line);
        }
        else if (!current.message && refs.length > 0 && current.tool === 'go test') {
          // `    calc_test.go:7: Max(1, 2) = 1; want 2`
          current.message = trimMessage(line.replace(/^\s*\S+?:\d+:\s*/, ''));
        }
        if (refs.length > 0 || message) current.lines.push(i);
        causeNext = causeOnNextLine(line);
        continue;
      }

      if (refs.length > 0) {
        const diag = line.match(DIAGNOSTIC);
        const first = refs[0] as FileRef;
        const startsWithPlace = diag !== null && (diag[1] as string).trim() !== '' && resolve(diagPath(line)) === first.path;
        if (startsWithPlace && diag) {
          // A compiler or linter line: one failure per place (notes on the same line merge into it).
          const known = blocks.find((b) => b.kind === 'diagnostic' && b.refs.some((r) => r.path === first.path && r.line === first.line));
          if (known) {
            known.lines.push(i);
            current = known;
          } else {
            const text = (diag[1] as string).trim();
            current = open({ kind: 'diagnostic', tool: toolOf(line), message: trimMessage(text || line), refs }, i);
          }
          continue;
        }
        // Indented lines continue the failure above (` --> src/lib.rs:4:22` under rustc's
        // `error[E0308]: …`, stack frames under `Error: …`); a flush-left one starts its own.
        const continues = /^\s/.test(line) || current?.refs.length === 0;
        if (current && continues) {
          if (current.kind === 'generic' && current.refs.length > 0 && message && current.message) {
            current = open({ kind: 'generic', tool: 'generic', message: trimMessage(message), refs }, i);
          } else {
            addRefs(current, refs);
            if (message && !current.message) current.message = trimMessage(message);
            current.lines.push(i);
          }
        } else {
          current = open({ kind: 'generic', tool: 'generic', message: message ? trimMessage(message) : '', refs }, i);
        }
        causeNext = causeOnNextLine(line);
        continue;
      }

      if (message) {
        if (current && current.kind === 'generic' && !current.message) {
          current.message = trimMessage(message);
          current.lines.push(i);
        } else if (/^\s*(?:error|fatal error)(?:\[[A-Z]?\d+\])?: /.test(line) || !current || current.refs.length > 0 || current.message) {
          current = open({ kind: 'generic', tool: toolOf(line), message: trimMessage(message), refs: [] }, i);
        }
        continue;
      }
      if (/^Traceback \(most recent call last\):$/.test(trimmed)) {
        current = open({ kind: 'generic', tool: 'python', message: '', refs: [] }, i);
      }
    }
  }

  const failures = finish(blocks).slice(0, options.maxFailures ?? 50);
  const refs: FileRef[] = [];
  for (const f of failures) for (const r of f.refs) if (!refs.some((x) => x.path === r.path && x.line === r.line)) refs.push(r);
  const { excerpt, omittedLines } = buildExcerpt(lines, ranges, blocks, options.excerptTokens ?? 1_500);
  const result: ExtractedLog = {
    failures: failures.map(({ tool, test, message, refs: r }) => (test === undefined ? { tool, message, refs: r } : { tool, test, message, refs: r })),
    refs,
    excerpt,
    omittedLines,
  };
  if (command !== undefined) result.command = command;
  return result;
}

function diagPath(line: string): string {
  const m = line.match(/^(?:\[(?:ERROR|WARNING)\] )?(.+?)(?::\d|\(\d+,\d+\)|:\[\d+,\d+\])/);
  return m ? (m[1] as string) : '';
}

function toolOf(line: string): string {
  if (/error TS\d+/.test(line)) return 'tsc';
  if (/^error(?:\[E\d+\])?:/.test(line.trim())) return 'rustc';
  if (/\.(?:c|cc|cpp|cxx|h|hpp):\d+:\d+: (?:fatal )?(?:error|warning|note)/.test(line)) return 'gcc';
  if (/\.java:(?:\d+: error|\[\d+,\d+\])/.test(line)) return 'javac';
  if (/\.go:\d+:\d+: /.test(line)) return 'go';
  return 'generic';
}

/**
 * Drop what adds nothing: summary lines with no place that repeat a failure above (`error: could
 * not compile`), and generic blocks whose places another failure already names.
 */
function finish(blocks: Block[]): Block[] {
  const placed = blocks.filter((b) => b.refs.length > 0 || b.kind === 'test');
  const keep = blocks.filter((b) => {
    if (b.kind === 'test' || b.kind === 'diagnostic') return true;
    if (b.refs.length === 0) return placed.length === 0 && b.message !== '';
    const others = placed.filter((o) => o !== b);
    return !b.refs.every((r) => others.some((o) => o.refs.some((x) => x.path === r.path && x.line === r.line)));
  });
  for (const b of keep) if (!b.message) b.message = b.test ? 'failed' : 'error';
  return keep;
}

/**
 * The failing steps' lines that explain the failures (headers, causes, places, and two lines
 * after each) plus the step's last lines, newest kept first until the budget is spent, printed
 * in log order with `…` where lines were left out.
 */
function buildExcerpt(lines: string[], ranges: Array<[number, number]>, blocks: Block[], budget: number): { excerpt: string; omittedLines: number } {
  const wanted = new Set<number>();
  for (const b of blocks) {
    for (const at of b.lines) for (let k = at; k <= at + 2; k++) wanted.add(k);
  }
  for (const [from, to] of ranges) for (let k = Math.max(from, to - 12); k < to; k++) wanted.add(k);
  const inRange = (k: number): boolean => ranges.some(([from, to]) => k >= from && k < to);
  const ordered = [...wanted].filter((k) => inRange(k) && !NOISE.test(lines[k] ?? '') && !(lines[k] ?? '').startsWith('##[')).sort((a, b) => b - a);
  const kept: number[] = [];
  let used = 0;
  for (const k of ordered) {
    const text = clip(lines[k] as string);
    const cost = countTokens(text) + 1;
    if (used + cost > budget) break;
    used += cost;
    kept.push(k);
  }
  kept.sort((a, b) => a - b);
  const render = (): string => {
    const out: string[] = [];
    let previous = -1;
    for (const k of kept) {
      if (previous >= 0 && k !== previous + 1) out.push('…');
      out.push(clip(lines[k] as string));
      previous = k;
    }
    return out.join('\n');
  };
  // The `…` gap markers were not priced above: drop the oldest lines until the whole fits.
  let excerpt = render();
  while (kept.length > 0 && countTokens(excerpt) > budget) {
    kept.shift();
    excerpt = render();
  }
  const total = ranges.reduce((sum, [from, to]) => sum + (to - from), 0);
  return { excerpt, omittedLines: total - kept.length };
}

function clip(line: string): string {
  return line.length > 400 ? `${line.slice(0, 399)}…` : line;
}
