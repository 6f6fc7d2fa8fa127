import { placeHunk, type Edit } from './apply-hunk.js';
import { FileView } from './file-view.js';
import type { HunkFailure } from './errors.js';
import type { TextLines } from './text-lines.js';
import type { EditHunk, LineRange } from './types.js';

/** After this many failed hunks in one operation the rest are not tried: the reply is refused anyway. */
export const MAX_HUNK_FAILURES = 10;

export type HunksOutcome = { ok: true; text: TextLines } | { ok: false; failures: Array<Omit<HunkFailure, 'path'>> };

/**
 * Applies one update operation's hunks. Every hunk is placed against the file as it was before
 * the operation (one line index for all of them), then the edits are checked for overlap and
 * written bottom-up, so a 20,000-hunk reply costs one index, not 20,000. `named`: 0-based line
 * ranges the maintainer named in this file, a tie-breaker only (see `choose` in locate.ts). `path`
 * tells the file's language where that matters (see line-comments.ts).
 */
export function applyHunks(text: TextLines, hunks: readonly EditHunk[], named?: readonly LineRange[], path?: string): HunksOutcome {
  const view = new FileView(text.lines, path);
  const failures: Array<Omit<HunkFailure, 'path'>> = [];
  const placed: Array<{ hunkIndex: number; edit: Edit }> = [];
  let cursor = 0;
  for (const [hunkIndex, hunk] of hunks.entries()) {
    if (failures.length >= MAX_HUNK_FAILURES) {
      failures.push({ hunkIndex, reason: 'not_found', before: hunk.before, message: `not tried: ${failures.length} earlier hunks of this file already failed (${hunks.length - hunkIndex} hunks left)` });
      break;
    }
    const outcome = placeHunk(view, hunk, cursor, named);
    if (!outcome.ok) {
      failures.push({ hunkIndex, ...outcome.failure });
      continue;
    }
    cursor = outcome.end;
    for (const edit of outcome.edits) placed.push({ hunkIndex, edit });
  }
  if (failures.length > 0) return { ok: false, failures };
  placed.sort((x, y) => x.edit.start - y.edit.start || x.hunkIndex - y.hunkIndex);
  const clash = firstOverlap(placed);
  if (clash === undefined) return { ok: true, text: write(text, placed.map((p) => p.edit)) };
  // Hunks written against the same original may share context lines: that is no conflict when
  // the lines they really change (each edit without the file lines it keeps at its ends) stay
  // apart, or are the same change sent twice.
  const changed = dedupe(placed.map((p) => ({ hunkIndex: p.hunkIndex, edit: trim(text.lines, p.edit) })).filter((p) => p.edit.remove > 0 || p.edit.insert.length > 0));
  changed.sort((x, y) => x.edit.start - y.edit.start || x.hunkIndex - y.hunkIndex);
  if (firstOverlap(changed, true) === undefined) return { ok: true, text: write(text, changed.map((p) => p.edit)) };
  const [a, b] = [clash.prev.hunkIndex, clash.cur.hunkIndex].sort((x, y) => x - y);
  failures.push({
    hunkIndex: b!,
    reason: 'not_found',
    before: hunks[b!]!.before,
    message: `hunk ${b! + 1} changes the same lines as hunk ${a! + 1} (line ${clash.cur.edit.start + 1}): send each change once, in one hunk`,
  });
  return { ok: false, failures };
}

interface PlacedEdit {
  hunkIndex: number;
  edit: Edit;
}

/**
 * The first pair of sorted edits that overlap. `apart`: edits that merely touch also count when
 * one of them is an insertion (its lines would go between the other's change and the context
 * that edit relies on).
 */
function firstOverlap(placed: readonly PlacedEdit[], apart = false): { prev: PlacedEdit; cur: PlacedEdit } | undefined {
  for (let k = 1; k < placed.length; k++) {
    const prev = placed[k - 1]!;
    const cur = placed[k]!;
    const end = prev.edit.start + prev.edit.remove;
    if (cur.edit.start < end) return { prev, cur };
    if (apart && cur.edit.start === end && (cur.edit.remove === 0 || prev.edit.remove === 0)) return { prev, cur };
  }
  return undefined;
}

/** The edit without the leading and trailing lines it writes back unchanged. */
function trim(lines: readonly string[], e: Edit): Edit {
  let head = 0;
  while (head < e.remove && head < e.insert.length && e.insert[head] === lines[e.start + head]) head++;
  let tail = 0;
  while (tail < e.remove - head && tail < e.insert.length - head && e.insert[e.insert.length - 1 - tail] === lines[e.start + e.remove - 1 - tail]) tail++;
  return { start: e.start + head, remove: e.remove - head - tail, insert: e.insert.slice(head, e.insert.length - tail) };
}

/** The same change (same lines, same result) from two hunks counts once. */
function dedupe(placed: readonly PlacedEdit[]): PlacedEdit[] {
  const seen = new Set<string>();
  return placed.filter((p) => {
    const key = JSON.stringify([p.edit.start, p.edit.remove, p.edit.insert]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Writes sorted, non-overlapping edits. Replaced lines keep their own endings position by position; new lines get the file's usual one. */
function write(text: TextLines, edits: readonly Edit[]): TextLines {
  const lines: string[] = [];
  const eols: string[] = [];
  let next = 0;
  for (const e of edits) {
    for (; next < e.start; next++) {
      lines.push(text.lines[next]!);
      eols.push(text.eols[next]!);
    }
    e.insert.forEach((line, k) => {
      lines.push(line);
      eols.push(k < e.remove ? text.eols[e.start + k] || text.eol : text.eol);
    });
    next = e.start + e.remove;
  }
  for (; next < text.lines.length; next++) {
    lines.push(text.lines[next]!);
    eols.push(text.eols[next]!);
  }
  return { ...text, lines, eols };
}
