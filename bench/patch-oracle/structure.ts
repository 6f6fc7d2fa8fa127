/**
 * Just enough source structure for the oracle: function/class header lines and the extent of
 * their brace (or indentation) block. Heuristic on purpose; a case it cannot read is skipped.
 */
import { indentOf } from './text.js';

const KEYWORD_START = /^(?:if|for|while|switch|catch|else|return|do|try|finally|case|default|throw|new|typeof|await)\b/;
const FUNCTION_HEADER = /\b([A-Za-z_$][\w$]*)\s*\(([^()]*)\)\s*(?::\s*[^{};=]+?)?\s*(?:throws\s+[\w.,\s]+)?\{\s*$/;
const TYPE_HEADER = /\b(?:class|interface|struct|enum|namespace|module)\s+([A-Za-z_$][\w$]*)/;

export interface FunctionInfo {
  /** Index of the header line. */
  header: number;
  /** Index of the line holding the closing brace. */
  end: number;
  name: string;
  params: string;
}

/** A line that opens a function body on the same line: `int f(int a) {`, `foo(a: T): U {`, `public void f() throws X {`. */
export function functionHeader(line: string): { name: string; params: string } | undefined {
  const trimmed = line.trim();
  if (trimmed.startsWith('}') || trimmed.startsWith('//') || trimmed.startsWith('*') || KEYWORD_START.test(trimmed)) return undefined;
  if (/=>|\s=\s/.test(trimmed)) return undefined;
  const m = FUNCTION_HEADER.exec(trimmed);
  if (m === null) return undefined;
  const name = m[1]!;
  if (KEYWORD_START.test(name)) return undefined;
  return { name, params: m[2]! };
}

/** Braces outside string/char literals and line comments. */
function braceDelta(line: string): number {
  const code = line
    .replace(/\/\/.*$/, '')
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/'(?:[^'\\]|\\.)*'/g, "''")
    .replace(/`(?:[^`\\]|\\.)*`/g, '``');
  let delta = 0;
  for (const ch of code) if (ch === '{') delta++;
  else if (ch === '}') delta--;
  return delta;
}

/** Index of the line closing the brace block opened on `header`, or undefined. */
export function blockEnd(lines: readonly string[], header: number): number | undefined {
  let depth = 0;
  for (let i = header; i < lines.length; i++) {
    depth += braceDelta(lines[i]!);
    if (depth <= 0) return i > header ? i : undefined;
  }
  return undefined;
}

export function functions(lines: readonly string[]): FunctionInfo[] {
  const out: FunctionInfo[] = [];
  lines.forEach((line, header) => {
    const h = functionHeader(line);
    if (h === undefined) return;
    const end = blockEnd(lines, header);
    if (end !== undefined) out.push({ header, end, ...h });
  });
  return out;
}

const HEADERISH = /\b(?:function|class|def|interface|struct|enum|impl|fn|describe|it|test)\b|[({:]\s*$|^#{1,6}\s/;

/**
 * The nearest line above `before` (exclusive) that a model would name after `@@`: less indented
 * than `indent`, and a function/class/section header. Undefined when none.
 */
export function enclosingHeader(lines: readonly string[], before: number, indent: string): number | undefined {
  for (let i = before - 1; i >= 0; i--) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === '' || indentOf(line).length >= indent.length) continue;
    if (/^[})\]]/.test(trimmed) || trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*')) continue;
    if (HEADERISH.test(trimmed) || TYPE_HEADER.test(trimmed)) return i;
  }
  return undefined;
}

/** The header renamed so it no longer equals the original (decoy copies), or undefined. */
export function renameHeader(line: string): string | undefined {
  const fn = /\b([A-Za-z_$][\w$]*)(\s*\()/.exec(line);
  if (fn !== null && !KEYWORD_START.test(fn[1]!)) return line.slice(0, fn.index) + `${fn[1]}Legacy` + line.slice(fn.index + fn[1]!.length);
  const type = TYPE_HEADER.exec(line);
  if (type !== null) return line.replace(new RegExp(`\\b${type[1]!.replace(/\$/g, '\\$')}\\b`), `${type[1]}Legacy`);
  return undefined;
}
