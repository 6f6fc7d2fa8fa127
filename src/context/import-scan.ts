/**
 * Import specifiers written in one file's content: TS/JS (es-module-lexer, with a fallback
 * scanner for syntax it rejects, plus `require(…)`), Python and Go (line parsers). Contents are
 * PR-author controlled, so every scanner reads at most `IMPORT_SCAN_CHARS` characters (cut after
 * a newline) and runs in time linear in what it reads: no pattern here retries a span it already
 * scanned (whitespace runs are matched atomically, `(?=(\s*))\1`, and strings stop at the first
 * quote or newline). Before these caps, the old fallback regex took 15 s on a 527 KB `.ts` file
 * the lexer rejects (`npm run bench -- context` runs such inputs; see docs/context.md).
 */
import { parse as parseModule } from 'es-module-lexer/js';

/** Imports sit at the top of real files; 256 Ki characters also covers every hand-written file whole. */
export const IMPORT_SCAN_CHARS = 256 * 1024;

/** What the scanners read: the whole content, or its first `IMPORT_SCAN_CHARS` characters cut after a newline. */
export function importScanWindow(content: string): string {
  if (content.length <= IMPORT_SCAN_CHARS) return content;
  const newline = content.lastIndexOf('\n', IMPORT_SCAN_CHARS - 1);
  return content.slice(0, newline > 0 ? newline + 1 : IMPORT_SCAN_CHARS);
}

const REQUIRE = /(?<![\w$.])require(?=(\s*))\1\((?=(\s*))\2(['"`])([^'"`\n]+)\3(?=(\s*))\5\)/g;
/** `from 'x'`: counted when an `import`/`export` keyword opens the clause (checked by `opensClause`). */
const FROM_SOURCE = /from(?=(\s*))\1(['"])([^'"\n]+)\2/g;
/** `import 'x'`, `import('x')`. */
const IMPORT_SOURCE = /(?:^|[\s;(])import(?=(\s*))\1\(?(?=(\s*))\2(['"])([^'"\n]+)\3/gm;

/** Module specifiers of a TS/JS file, in source order (lexer or fallback), then `require` calls. */
export function jsSpecifiers(content: string): string[] {
  const text = importScanWindow(content);
  const out: string[] = [];
  // The lexer stops at the first construct it cannot tokenise (some TS syntax); the fallback
  // scanner is then used so one odd generic does not hide every import of the file.
  let parsed: string[] | undefined;
  try {
    parsed = [];
    for (const imp of parseModule(text)[0]) if (imp.n) parsed.push(imp.n);
  } catch {
    parsed = undefined;
  }
  out.push(...(parsed ?? fallbackSpecifiers(text)), ...requireSpecifiers(text));
  return out;
}

/** `require('x')` calls (also `import x = require('x')`), in source order. */
export function requireSpecifiers(text: string): string[] {
  if (!text.includes('require')) return [];
  return [...text.matchAll(REQUIRE)].map((m) => m[4] as string);
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
const isClauseStop = (c: number): boolean => c === 39 || c === 34 || c === 96 || c === 59; // ' " ` ;

/**
 * The import sources the lexer would report, found without it: `import|export … from 'x'`
 * (no quote or `;` between the keyword and `from`) and `import 'x'` / `import('x')`, in source order.
 */
export function fallbackSpecifiers(text: string): string[] {
  const found: Array<{ at: number; spec: string }> = [];
  for (const m of text.matchAll(FROM_SOURCE)) {
    const at = opensClause(text, m.index);
    if (at >= 0) found.push({ at, spec: m[3] as string });
  }
  for (const m of text.matchAll(IMPORT_SOURCE)) found.push({ at: m.index + m[0].indexOf('import'), spec: m[4] as string });
  return found.sort((a, b) => a.at - b.at).map((f) => f.spec);
}

/**
 * Position of the earliest `import`/`export` keyword (after start, whitespace or `;`, and before
 * whitespace) between the last quote or `;` before `from` and `from` itself; -1 when none. Reads
 * back only to that stop character: the span ends every earlier match, so each character is read
 * once per match kind.
 */
function opensClause(text: string, from: number): number {
  let stop = from - 1;
  while (stop >= 0 && !isClauseStop(text.charCodeAt(stop))) stop--;
  for (let q = stop + 1; q + 7 <= from; q++) {
    const c = text.charCodeAt(q);
    if (c !== 105 && c !== 101) continue; // i, e
    if (q > 0 && !isSpace(text.charCodeAt(q - 1)) && text.charCodeAt(q - 1) !== 59) continue;
    const word = text.slice(q, q + 6);
    if ((word === 'import' || word === 'export') && isSpace(text.charCodeAt(q + 6))) return q;
  }
  return -1;
}

export interface PythonImport {
  /** Dotted module, without leading dots. */
  module: string;
  /** Number of leading dots (relative import level). */
  level: number;
  /** Names after `import` in `from x import a, b` (may be submodules). */
  names: string[];
}

const PY_FROM = /^from\s+(\.*)((?:\w[\w.]*)?)\s+import\s+(.+)$/;
const PY_IMPORT = /^import\s+(.+)$/;

export function pythonImports(content: string): PythonImport[] {
  const out: PythonImport[] = [];
  // Join parenthesised continuation lines so `from x import (\n a,\n b)` reads as one statement.
  const text = importScanWindow(content).replace(/\(([^()]*)\)/g, (_m, inner: string) => inner.replace(/\n/g, ' '));
  for (const raw of text.split('\n')) {
    const hash = raw.indexOf('#');
    const line = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    let m = PY_FROM.exec(line);
    if (m) {
      const names = (m[3] as string)
        .split(',')
        .map((n) => n.trim().split(/\s+as\s+/)[0]?.trim() ?? '')
        .filter((n) => /^\w+$/.test(n));
      out.push({ module: m[2] as string, level: (m[1] as string).length, names });
      continue;
    }
    m = PY_IMPORT.exec(line);
    if (m) {
      for (const part of (m[1] as string).split(',')) {
        const mod = part.trim().split(/\s+as\s+/)[0]?.trim() ?? '';
        if (/^[\w.]+$/.test(mod)) out.push({ module: mod, level: 0, names: [] });
      }
    }
  }
  return out;
}

const GO_BLOCK_OPEN = /^import\s*\(/;
const GO_BLOCK_SPEC = /^\s*(?:[\w.]+\s+)?"([^"\n]+)"/;
const GO_SINGLE = /^import\s+(?:[\w.]+\s+)?"([^"\n]+)"/;

/** Go import paths, block imports first, then single-line ones; a path never spans lines. */
export function goImports(content: string): string[] {
  const block: string[] = [];
  const single: string[] = [];
  let inBlock = false;
  for (const line of importScanWindow(content).split('\n')) {
    if (inBlock) {
      if (line.startsWith(')')) inBlock = false;
      else {
        const m = GO_BLOCK_SPEC.exec(line);
        if (m) block.push(m[1] as string);
      }
      continue;
    }
    const open = GO_BLOCK_OPEN.exec(line);
    if (open) {
      inBlock = true;
      const m = GO_BLOCK_SPEC.exec(line.slice(open[0].length));
      if (m) block.push(m[1] as string);
      continue;
    }
    const m = GO_SINGLE.exec(line);
    if (m) single.push(m[1] as string);
  }
  return [...block, ...single];
}
