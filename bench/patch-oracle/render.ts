/**
 * Renders true hunks as a model would send them: the Codex apply_patch envelope, SEARCH/REPLACE
 * blocks, a unified diff with wrong `@@` numbers, fenced with prose around.
 */
import { hunkNew, hunkOld, type Hunk, type HunkLine } from './hunks.js';
import type { Rng } from './rng.js';

export interface ApplyPatchOptions {
  path: string;
  moveTo?: string;
  /** Per hunk: text after `@@` (an enclosing function line), or undefined for a bare `@@`. */
  anchors?: readonly (string | undefined)[];
  /** Default true; false leaves out `*** End Patch`. */
  endPatch?: boolean;
  /** One `*** Update File` section per hunk (the same path repeated). */
  sectionPerHunk?: boolean;
  /** Rewrites a line's text as the model would type it (indentation, trailing whitespace). */
  text?: (line: HunkLine) => string;
}

const plain = (line: HunkLine): string => line.text;

export function applyPatchReply(hunks: readonly Hunk[], options: ApplyPatchOptions): string {
  const text = options.text ?? plain;
  const header = [`*** Update File: ${options.path}`, ...(options.moveTo === undefined ? [] : [`*** Move to: ${options.moveTo}`])];
  const out = ['*** Begin Patch'];
  hunks.forEach((hunk, i) => {
    if (i === 0 || options.sectionPerHunk === true) out.push(...header);
    const anchor = options.anchors?.[i];
    out.push(anchor === undefined ? '@@' : `@@ ${anchor}`);
    for (const line of hunk.lines) out.push(line.tag + text(line));
  });
  if (options.endPatch !== false) out.push('*** End Patch');
  return `${out.join('\n')}\n`;
}

export function searchReplaceReply(path: string, hunks: readonly Hunk[]): string {
  const out: string[] = [];
  for (const hunk of hunks) out.push(path, '<<<<<<< SEARCH', ...hunkOld(hunk), '=======', ...hunkNew(hunk), '>>>>>>> REPLACE', '');
  return out.join('\n');
}

/** A unified diff whose `@@ -a,b +c,d @@` numbers are all off (start shifted 3–30 lines, counts off by one). */
export function unifiedWrongNumbersReply(path: string, hunks: readonly Hunk[], rng: Rng): string {
  const out = [`--- a/${path}`, `+++ b/${path}`];
  let delta = 0;
  for (const hunk of hunks) {
    const oldCount = hunkOld(hunk).length;
    const newCount = hunkNew(hunk).length;
    const shift = (rng.int(2) === 0 ? -1 : 1) * (3 + rng.int(28));
    const start = Math.max(1, hunk.oldStart + 1 + shift);
    out.push(`@@ -${start},${oldCount + 1} +${Math.max(1, start + delta)},${Math.max(0, newCount - 1)} @@`);
    for (const line of hunk.lines) out.push(line.tag + line.text);
    delta += newCount - oldCount;
  }
  return `${out.join('\n')}\n`;
}

export function fencedWithProse(reply: string): string {
  return `Here is the change you asked for:\n\n\`\`\`diff\n${reply}\`\`\`\n\nThis keeps the rest of the file unchanged.\n`;
}
