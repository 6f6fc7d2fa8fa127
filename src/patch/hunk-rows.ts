import { diffArrays } from 'diff';
import type { LineIndex } from './locate.js';
import type { EditHunk } from './types.js';

/** One line of a hunk as the model meant it. */
export interface Row {
  kind: 'ctx' | 'del' | 'add';
  text: string;
}

/**
 * A run of `-`/`+` rows with the context right around it. `pre`/`post` are the context rows
 * between this group and its neighbours (shared with them).
 */
export interface Group {
  pre: string[];
  del: string[];
  add: string[];
  post: string[];
  /** The group's own rows: `rows.slice(from, to)`. */
  from: number;
  to: number;
}

const KIND: Record<string, Row['kind']> = { ' ': 'ctx', '-': 'del', '+': 'add' };

/** The hunk's rows: from the model's own line kinds when the format had them, else by a diff of before/after. */
export function hunkRows(hunk: EditHunk): Row[] {
  const kinds = hunk.kinds;
  if (kinds !== undefined) {
    const rows: Row[] = [];
    let b = 0;
    let a = 0;
    for (const k of kinds) {
      const kind = KIND[k];
      if (kind === 'add') rows.push({ kind, text: hunk.after[a++]! });
      else if (kind === 'del') rows.push({ kind, text: hunk.before[b++]! });
      else if (kind === 'ctx') {
        rows.push({ kind, text: hunk.before[b++]! });
        a++;
      }
    }
    if (b === hunk.before.length && a === hunk.after.length && rows.every((r) => r.text !== undefined)) return rows;
  }
  const rows: Row[] = [];
  for (const part of diffArrays([...hunk.before], [...hunk.after])) {
    const kind = part.added ? 'add' : part.removed ? 'del' : 'ctx';
    for (const text of part.value) rows.push({ kind, text });
  }
  return rows;
}

/**
 * A `-x` … `+x` pair at the edge of a change run is context in disguise (models rewrite the line
 * they anchor on): made context, so the real change (and any re-insertion of it) is seen.
 * Only byte-equal lines: a whitespace-only rewrite is a real change.
 */
export function tidyRows(rows: readonly Row[]): Row[] {
  const out: Row[] = [];
  let i = 0;
  while (i < rows.length) {
    if (rows[i]!.kind === 'ctx') {
      out.push(rows[i++]!);
      continue;
    }
    const dels: string[] = [];
    const adds: string[] = [];
    while (i < rows.length && rows[i]!.kind !== 'ctx') {
      const r = rows[i++]!;
      (r.kind === 'del' ? dels : adds).push(r.text);
    }
    let head = 0;
    while (head < dels.length && head < adds.length && dels[head] === adds[head]) head++;
    let tail = 0;
    while (tail < dels.length - head && tail < adds.length - head && dels[dels.length - 1 - tail] === adds[adds.length - 1 - tail]) tail++;
    if (head === 0 && tail === 0) {
      // Keep the model's own interleaving when nothing changes.
      for (let j = i - dels.length - adds.length; j < i; j++) out.push(rows[j]!);
      continue;
    }
    for (let k = 0; k < head; k++) out.push({ kind: 'ctx', text: dels[k]! });
    for (const text of dels.slice(head, dels.length - tail)) out.push({ kind: 'del', text });
    for (const text of adds.slice(head, adds.length - tail)) out.push({ kind: 'add', text });
    for (let k = dels.length - tail; k < dels.length; k++) out.push({ kind: 'ctx', text: dels[k]! });
  }
  return out;
}

export const beforeOf = (rows: readonly Row[]): string[] => rows.filter((r) => r.kind !== 'add').map((r) => r.text);
export const afterOf = (rows: readonly Row[]): string[] => rows.filter((r) => r.kind !== 'del').map((r) => r.text);

/** Change groups in order; one contiguous run of `-`/`+` rows is always one group. */
export function groupsOf(rows: readonly Row[]): Group[] {
  const groups: Group[] = [];
  let i = 0;
  let ctx: string[] = [];
  while (i < rows.length) {
    if (rows[i]!.kind === 'ctx') {
      ctx.push(rows[i]!.text);
      i++;
      continue;
    }
    const from = i;
    const del: string[] = [];
    const add: string[] = [];
    while (i < rows.length && rows[i]!.kind !== 'ctx') {
      (rows[i]!.kind === 'del' ? del : add).push(rows[i]!.text);
      i++;
    }
    const prev = groups[groups.length - 1];
    if (prev !== undefined) prev.post = ctx;
    groups.push({ pre: ctx, del, add, post: [], from, to: i });
    ctx = [];
  }
  const last = groups[groups.length - 1];
  if (last !== undefined) last.post = ctx;
  return groups;
}

/**
 * Lines a model pasted from a compiler message: `NN |` gutters (rustc/gcc/clang, `  12 |`, `12 |`),
 * empty `|` gutters, caret lines, `file:line[:col]: error|warning|note:` (gcc, clang, javac),
 * `file(line,col): error` and `file:line:col - error TS…` (tsc), rustc's `--> file:line:col`,
 * `error[E0308]:` and `= note:`/`= help:` lines, and gcc's `In file included from` chain. Each form
 * is one that is not a line of code in C, Java, TypeScript or Rust (a bare `error: x` is: an
 * object property).
 */
const GUTTER = /^\s*\d+\s*\|/;
const COMPILER_OUTPUT = [
  /^\s*\|\s*[\^~]/,
  /^\s*\|\s*$/,
  /^\s*\|?\s*\^[~^]*\s*$/,
  /^\s*[\w./\\-]+:\d+(?::\d+)?:\s*(?:fatal )?(?:error|warning|note)\b/i,
  /^\s*[\w./\\-]+\(\d+,\d+\):\s*error\b/i,
  /^\s*[\w./\\-]+:\d+:\d+ - (?:error|warning) TS\d+/,
  /^\s*--> [\w./\\-]+:\d+:\d+\s*$/,
  /^\s*(?:error|warning)\[E\d{4}\]:/,
  /^\s*= (?:note|help):/,
  /^\s*In file included from [\w./\\-]+:\d+[,:]/,
  /^\s+from [\w./\\-]+\.\w+:\d+[,:]\s*$/,
];

/** A context line that is pasted compiler output (see COMPILER_OUTPUT) the file does not contain. */
function isPastedContext(index: LineIndex, text: string): boolean {
  return (GUTTER.test(text) || COMPILER_OUTPUT.some((re) => re.test(text))) && index.count(text, 'unicode') === 0;
}

/**
 * A `-`/`+` line that is pasted compiler output. `1 | 8;` is code (a bit mask, a union type), so a
 * gutter counts only as a compiler's: the source line's own indentation after it (`66 |     x`),
 * or the rest being a line of the file.
 */
export function isPastedChange(index: LineIndex, text: string): boolean {
  if (index.count(text, 'unicode') > 0) return false;
  if (COMPILER_OUTPUT.some((re) => re.test(text)) || /^\s*\d+ \|\s{2,}\S/.test(text)) return true;
  const rest = GUTTER.exec(text);
  return rest !== null && text.slice(rest[0].length).trim() !== '' && index.count(text.slice(rest[0].length), 'trimmed') > 0;
}

/** A diff header line that slipped into a hunk with a `-`/`+` prefix (`-+++ b/x.c`, `+--- a/x.c`). */
const HEADER_LINE = /^(?:\+\+\+|---) (?:[ab]\/|\/dev\/null)\S*\s*$/;

/**
 * Drops rows that are not the file's text but debris around it: context rows that are pasted
 * compiler output, and `-`/`+` rows that are diff header lines. A row is only dropped when its
 * text occurs nowhere in the file, so a real line is never ignored. A `-`/`+` row that is compiler
 * output is kept (the caller refuses the hunk: output inside the change means the model's lines
 * cannot be trusted).
 */
export function cleanRows(index: LineIndex, rows: readonly Row[]): Row[] {
  return rows.filter((r) => {
    if (r.kind === 'ctx') return !isPastedContext(index, r.text);
    return !HEADER_LINE.test(r.text) || index.count(r.text, 'unicode') > 0;
  });
}
