import { diffArrays } from 'diff';
import type { HunkFailure } from './errors.js';
import { locateFuzzy } from './fuzzy-context.js';
import { LineIndex, locate, locateAnchor, type Located } from './locate.js';
import { leadingWhitespace, normalizeLine } from './normalize.js';
import type { TextLines } from './text-lines.js';
import type { EditHunk } from './types.js';

/** How a hunk was placed; useful for logs and the bench. */
export interface HunkPlacement {
  line: number;
  level: string;
  fallback?: 'split' | 'fuzzy_context';
}

export type HunkOutcome = { ok: true; cursor: number; placement: HunkPlacement } | { ok: false; failure: Omit<HunkFailure, 'path' | 'hunkIndex'> };

const MAX_CONTEXT_SHRINK = 8;

/**
 * Applies one hunk to `file` in place. `cursor` is where the previous hunk of the same file
 * operation ended (hunks are written top to bottom).
 */
export function applyHunk(file: TextLines, hunk: EditHunk, cursor: number): HunkOutcome {
  const index = new LineIndex(file.lines);
  const anchors = hunk.anchors ?? (hunk.anchor === undefined ? [] : [hunk.anchor]);
  let after = cursor;
  let anchored = false;
  let anchorMissing: string | undefined;
  for (const anchor of anchors) {
    const at = locateAnchor(index, anchor, after);
    if (at === undefined) {
      anchorMissing = anchor;
      break;
    }
    after = at + 1;
    anchored = true;
  }
  if (anchorMissing !== undefined) {
    // A wrong anchor is not fatal by itself; the block must then be unique on its own.
    after = cursor;
    anchored = false;
  }

  if (hunk.before.length === 0) {
    // Pure addition (Codex semantics): append at the end of the file.
    const at = file.lines.length;
    splice(file, at, 0, hunk.after);
    return { ok: true, cursor: at + hunk.after.length, placement: { line: at + 1, level: 'append' } };
  }

  const hint = hunk.lineHint === undefined ? undefined : hunk.lineHint - 1;
  const found = locate(index, { before: hunk.before, after, anchored, atEof: hunk.atEof === true, ...(hint === undefined ? {} : { hint }) });
  if (found.kind === 'found') {
    const replacement = rebase(file.lines.slice(found.index, found.index + hunk.before.length), hunk.before, hunk.after, found.level === 'exact');
    splice(file, found.index, hunk.before.length, replacement);
    return { ok: true, cursor: found.index + replacement.length, placement: { line: found.index + 1, level: found.level } };
  }
  if (found.kind === 'ambiguous') return { ok: false, failure: ambiguous(hunk, found) };

  const split = applySplit(file, hunk, after, anchored);
  if (split !== undefined) return split;
  const fuzzy = applyFuzzy(file, index, hunk, cursor);
  if (fuzzy !== undefined) return fuzzy;
  return { ok: false, failure: notFound(index, hunk, anchorMissing) };
}

/** Fallback: context lines drifted but every changed line is real and the window is unique (see fuzzy-context.ts). */
function applyFuzzy(file: TextLines, index: LineIndex, hunk: EditHunk, cursor: number): HunkOutcome | undefined {
  const changed: boolean[] = [];
  for (const part of diffArrays(hunk.before, hunk.after)) {
    if (part.added) continue;
    for (let k = 0; k < part.value.length; k++) changed.push(part.removed === true);
  }
  const found = locateFuzzy(index, hunk.before, changed, cursor);
  if (found.kind !== 'found') return undefined;
  const replacement = rebase(file.lines.slice(found.index, found.index + hunk.before.length), hunk.before, hunk.after, false);
  splice(file, found.index, hunk.before.length, replacement);
  return { ok: true, cursor: found.index + replacement.length, placement: { line: found.index + 1, level: 'unicode', fallback: 'fuzzy_context' } };
}

/** Fallback: apply each change group of the hunk separately, shrinking its context until it is found once. */
function applySplit(file: TextLines, hunk: EditHunk, after: number, anchored: boolean): HunkOutcome | undefined {
  const parts = diffArrays(hunk.before, hunk.after);
  type Item = { kind: 'ctx' | 'del' | 'add'; lines: string[] };
  const items: Item[] = parts.map((p) => ({ kind: p.added ? 'add' : p.removed ? 'del' : 'ctx', lines: p.value }));
  const groups: Array<{ pre: string[]; del: string[]; add: string[]; post: string[] }> = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.kind === 'ctx') continue;
    const pre = i > 0 && items[i - 1]!.kind === 'ctx' ? items[i - 1]!.lines : [];
    const del: string[] = [];
    const add: string[] = [];
    while (i < items.length && items[i]!.kind !== 'ctx') {
      (items[i]!.kind === 'del' ? del : add).push(...items[i]!.lines);
      i++;
    }
    const post = i < items.length ? items[i]!.lines : [];
    i--;
    groups.push({ pre, del, add, post });
  }
  if (groups.length === 0) return undefined;

  // Work on a copy so a half-applied hunk never leaks into the file.
  const work: TextLines = { ...file, lines: [...file.lines], eols: [...file.eols] };
  let from = after;
  let first = -1;
  for (const g of groups) {
    const placed = placeGroup(work, g, from, anchored && first === -1);
    if (placed === undefined) return undefined;
    if (first === -1) first = placed.start;
    from = placed.end;
  }
  file.lines = work.lines;
  file.eols = work.eols;
  return { ok: true, cursor: from, placement: { line: first + 1, level: 'trimmed', fallback: 'split' } };
}

function placeGroup(
  work: TextLines,
  g: { pre: string[]; del: string[]; add: string[]; post: string[] },
  from: number,
  anchored: boolean,
): { start: number; end: number } | undefined {
  const maxPre = Math.min(g.pre.length, MAX_CONTEXT_SHRINK);
  const maxPost = Math.min(g.post.length, MAX_CONTEXT_SHRINK);
  const index = new LineIndex(work.lines);
  // Try the widest context first: shrinking only loses evidence.
  const combos: Array<[number, number]> = [];
  for (let a = maxPre; a >= 0; a--) for (let b = maxPost; b >= 0; b--) combos.push([a, b]);
  combos.sort((x, y) => y[0] + y[1] - (x[0] + x[1]));
  for (const [a, b] of combos) {
    const pre = g.pre.slice(g.pre.length - a);
    const post = g.post.slice(0, b);
    const before = [...pre, ...g.del, ...post];
    if (!specific(before, g.del.length === 0 ? a + b : a + b + 1)) continue;
    const found = locate(index, { before, after: from, anchored, from });
    if (found.kind !== 'found') continue;
    const afterLines = [...pre, ...g.add, ...post];
    const replacement = rebase(work.lines.slice(found.index, found.index + before.length), before, afterLines, found.level === 'exact');
    splice(work, found.index, before.length, replacement);
    return { start: found.index, end: found.index + replacement.length };
  }
  return undefined;
}

/**
 * A shrunk block must still carry evidence: enough non-trivial lines that a unique match is
 * meaningful (a lone `}` is unique by accident far too often).
 */
function specific(before: string[], evidenceLines: number): boolean {
  if (evidenceLines === 0) return false;
  const substantial = before.filter((l) => normalizeLine(l, 'unicode').replace(/[\s{}()[\];,]/g, '').length >= 3).length;
  return substantial >= 1 && (before.length >= 2 || substantial >= 1 && before[0]!.trim().length >= 8);
}

/**
 * Builds the replacement for matched lines. Lines the model kept are taken from the file
 * (so whitespace or Unicode the model mangled is not rewritten); new lines are re-indented
 * by the offset between the model's indentation and the file's at the nearest matched line.
 */
function rebase(fileLines: string[], before: readonly string[], after: readonly string[], exact: boolean): string[] {
  if (exact) return [...after];
  const out: string[] = [];
  let bi = 0;
  for (const part of diffArrays([...before], [...after])) {
    if (part.removed) {
      bi += part.value.length;
      continue;
    }
    if (!part.added) {
      for (let k = 0; k < part.value.length; k++) out.push(fileLines[bi + k]!);
      bi += part.value.length;
      continue;
    }
    const ref = nearestNonBlank(before, bi);
    for (const line of part.value) out.push(ref === undefined ? line : reindent(line, before[ref]!, fileLines[ref]!));
  }
  return out;
}

function nearestNonBlank(lines: readonly string[], at: number): number | undefined {
  for (let i = Math.min(at, lines.length) - 1; i >= 0; i--) if (lines[i]!.trim() !== '') return i;
  for (let i = at; i < lines.length; i++) if (lines[i]!.trim() !== '') return i;
  return undefined;
}

function reindent(line: string, modelRef: string, fileRef: string): string {
  if (line.trim() === '') return line;
  const bIndent = leadingWhitespace(modelRef);
  const fIndent = leadingWhitespace(fileRef);
  if (bIndent === fIndent) return line;
  const own = leadingWhitespace(line);
  if (own.startsWith(bIndent)) return fIndent + line.slice(bIndent.length);
  const unit = fIndent[0] ?? own[0] ?? ' ';
  if (/^( *|\t*)$/.test(bIndent + own) && /^( *|\t*)$/.test(fIndent)) {
    const width = Math.max(0, own.length + fIndent.length - bIndent.length);
    return unit.repeat(width) + line.slice(own.length);
  }
  return line;
}

function splice(file: TextLines, at: number, remove: number, insert: readonly string[]): void {
  // Replaced lines keep their own endings position by position; new lines get the file's usual one.
  // joinText decides the very last line's ending from `finalNewline`.
  const eols = insert.map((_, k) => (k < remove ? file.eols[at + k] || file.eol : file.eol));
  file.lines.splice(at, remove, ...insert);
  file.eols.splice(at, remove, ...eols);
}

function ambiguous(hunk: EditHunk, found: Extract<Located, { kind: 'ambiguous' }>): Omit<HunkFailure, 'path' | 'hunkIndex'> {
  const lines = found.candidates.map((c) => c + 1);
  return {
    reason: 'ambiguous',
    before: hunk.before,
    candidates: lines,
    message: `the lines to change occur ${lines.length} times (lines ${lines.join(', ')}); add context or an @@ anchor that is unique`,
  };
}

function notFound(index: LineIndex, hunk: EditHunk, anchorMissing: string | undefined): Omit<HunkFailure, 'path' | 'hunkIndex'> {
  const present = new Set(index.normalized('unicode'));
  const missingLines = hunk.before.filter((l) => l.trim() !== '' && !present.has(normalizeLine(l, 'unicode')));
  const closest = closestWindow(index, hunk.before);
  const what = missingLines.length > 0
    ? `${missingLines.length} of ${hunk.before.length} lines do not exist in the file (first: "${missingLines[0]!.trim()}")`
    : `the lines exist but not consecutively in this order`;
  return {
    reason: 'not_found',
    before: hunk.before,
    missingLines,
    ...(closest === undefined ? {} : { closest }),
    message: `lines to change not found: ${what}${anchorMissing === undefined ? '' : `; anchor "@@ ${anchorMissing}" not found either`}`,
  };
}

/** The window of the file sharing the most (normalised) lines with `before`, to show the model what is really there. */
function closestWindow(index: LineIndex, before: readonly string[]): { line: number; lines: string[] } | undefined {
  const hay = index.normalized('unicode');
  const pat = before.map((l) => normalizeLine(l, 'unicode'));
  const m = pat.length;
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i + Math.min(m, hay.length) <= hay.length && i < hay.length; i++) {
    let score = 0;
    for (let j = 0; j < m && i + j < hay.length; j++) if (pat[j] !== '' && hay[i + j] === pat[j]) score++;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  if (best < 0) return undefined;
  return { line: best + 1, lines: index.lines.slice(best, best + Math.min(m + 2, 30)) as string[] };
}
