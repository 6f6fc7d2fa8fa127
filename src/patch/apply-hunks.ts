import { FileView, placeHunk, type Edit } from './apply-hunk.js';
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
 * ranges the maintainer named in this file, a tie-breaker only (see `choose` in locate.ts).
 */
export function applyHunks(text: TextLines, hunks: readonly EditHunk[], named?: readonly LineRange[]): HunksOutcome {
  const view = new FileView(text.lines);
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
  for (let k = 1; k < placed.length; k++) {
    const prev = placed[k - 1]!;
    const cur = placed[k]!;
    if (cur.edit.start < prev.edit.start + prev.edit.remove) {
      const [a, b] = [prev.hunkIndex, cur.hunkIndex].sort((x, y) => x - y);
      failures.push({
        hunkIndex: b!,
        reason: 'not_found',
        before: hunks[b!]!.before,
        message: `hunk ${b! + 1} changes the same lines as hunk ${a! + 1} (line ${cur.edit.start + 1}): send each change once, in one hunk`,
      });
      return { ok: false, failures };
    }
  }
  return { ok: true, text: write(text, placed.map((p) => p.edit)) };
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
