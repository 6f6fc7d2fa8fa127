/**
 * The true change between two line arrays, as hunks a careful model would write. Built from
 * jsdiff's line alignment only (never from the engine), so the oracle cannot share its bugs.
 */
import { diffArrays } from 'diff';

/** One run of changed lines: `removed` start at `oldStart` (0-based) in the old file. */
export interface Edit {
  oldStart: number;
  newStart: number;
  removed: string[];
  added: string[];
}

export interface HunkLine {
  tag: ' ' | '-' | '+';
  text: string;
}

/** `oldStart` = 0-based index in the old file of the hunk's first context or removed line. */
export interface Hunk {
  oldStart: number;
  lines: HunkLine[];
}

export function edits(before: readonly string[], after: readonly string[]): Edit[] {
  const out: Edit[] = [];
  let oldAt = 0;
  let newAt = 0;
  let open: Edit | undefined;
  for (const part of diffArrays([...before], [...after])) {
    if (!part.added && !part.removed) {
      open = undefined;
      oldAt += part.value.length;
      newAt += part.value.length;
      continue;
    }
    if (open === undefined) {
      open = { oldStart: oldAt, newStart: newAt, removed: [], added: [] };
      out.push(open);
    }
    if (part.removed) {
      open.removed.push(...part.value);
      oldAt += part.value.length;
    } else {
      open.added.push(...part.value);
      newAt += part.value.length;
    }
  }
  return out;
}

/** Occurrences of `block` as consecutive lines of `hay` (exact), counting at most `limit`. */
export function countBlock(hay: readonly string[], block: readonly string[], limit = 2): number {
  if (block.length === 0) return hay.length + 1;
  let hits = 0;
  for (let i = 0; i + block.length <= hay.length && hits < limit; i++) {
    let ok = true;
    for (let j = 0; j < block.length && ok; j++) ok = hay[i + j] === block[j];
    if (ok) hits++;
  }
  return hits;
}

export const hunkOld = (h: Hunk): string[] => h.lines.filter((l) => l.tag !== '+').map((l) => l.text);
export const hunkNew = (h: Hunk): string[] => h.lines.filter((l) => l.tag !== '-').map((l) => l.text);

interface Window {
  from: number;
  to: number;
  edits: Edit[];
}

/**
 * Hunks with `context` lines around each edit. With `unique`, an edit's context grows until its
 * old-side block occurs once in the file (what a careful model does instead of guessing).
 * Edits whose context windows touch share one hunk.
 */
export function buildHunks(before: readonly string[], changes: readonly Edit[], context = 3, unique = false): Hunk[] {
  const windows: Window[] = [];
  for (const edit of changes) {
    let c = context;
    const window = (): Window => ({ from: Math.max(0, edit.oldStart - c), to: Math.min(before.length, edit.oldStart + edit.removed.length + c), edits: [edit] });
    let w = window();
    while (unique && countBlock(before, before.slice(w.from, w.to)) > 1 && (w.from > 0 || w.to < before.length)) {
      c++;
      w = window();
    }
    const last = windows[windows.length - 1];
    if (last !== undefined && w.from <= last.to) {
      last.to = Math.max(last.to, w.to);
      last.edits.push(edit);
    } else windows.push(w);
  }
  return windows.map((w) => {
    const lines: HunkLine[] = [];
    let at = w.from;
    for (const edit of w.edits) {
      for (; at < edit.oldStart; at++) lines.push({ tag: ' ', text: before[at]! });
      for (const text of edit.removed) lines.push({ tag: '-', text });
      for (const text of edit.added) lines.push({ tag: '+', text });
      at = edit.oldStart + edit.removed.length;
    }
    for (; at < w.to; at++) lines.push({ tag: ' ', text: before[at]! });
    return { oldStart: w.from, lines };
  });
}
