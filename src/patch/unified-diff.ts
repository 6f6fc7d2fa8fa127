import { formatPatch, structuredPatch, type StructuredPatch, type StructuredPatchHunk } from 'diff';

/**
 * jsdiff's Myers diff costs O(N·D): a 20,000-line file with 20,000 scattered edits took minutes.
 * Past this edit distance the diff falls back to one replaced region between the common prefix
 * and suffix: still a correct diff, only not minimal (it may count more lines). A bound on the
 * edit distance, not on time, so the same patch gets the same diff on a busy machine.
 */
export const MAX_EDIT_LENGTH = 1000;
const CONTEXT = 3;

export interface FileDiff {
  diff: string;
  additions: number;
  deletions: number;
}

/**
 * The minimal diff we publish, recomputed from contents (never the model's diff), with its
 * line counts. Git-style `a/`/`b/` headers, `/dev/null` for an added or deleted file, no jsdiff
 * "Index:"/"===" lines.
 */
export function fileDiff(path: string, before: string | null, after: string | null, oldPath: string = path): FileDiff {
  const oldName = before === null ? '/dev/null' : `a/${oldPath}`;
  const newName = after === null ? '/dev/null' : `b/${path}`;
  const patch = boundedPatch(oldName, newName, before ?? '', after ?? '');
  const text = formatPatch(patch, { includeIndex: false, includeUnderline: false, includeFileHeaders: true });
  let additions = 0;
  let deletions = 0;
  for (const h of patch.hunks) {
    for (const l of h.lines) {
      if (l.startsWith('+')) additions++;
      else if (l.startsWith('-')) deletions++;
    }
  }
  return { diff: text.replace(/^(---|\+\+\+) (\S.*?)\t$/gm, '$1 $2'), additions, deletions };
}

export function unifiedDiff(path: string, before: string | null, after: string | null, oldPath: string = path): string {
  return fileDiff(path, before, after, oldPath).diff;
}

export function countChanges(before: string | null, after: string | null): { additions: number; deletions: number } {
  const { additions, deletions } = fileDiff('f', before, after);
  return { additions, deletions };
}

function boundedPatch(oldName: string, newName: string, before: string, after: string): StructuredPatch {
  // Myers gives up only after O(N·MAX_EDIT_LENGTH) work (about 250 ms on 20,000 lines); when the
  // lines in one text and not the other already exceed the bound, it would give up: skip it.
  const exact =
    unmatchedLines(before, after) > MAX_EDIT_LENGTH
      ? undefined
      : structuredPatch(oldName, newName, before, after, undefined, undefined, { context: CONTEXT, maxEditLength: MAX_EDIT_LENGTH });
  return exact ?? regionPatch(oldName, newName, before, after);
}

/**
 * Lines of `before` with no equal line left in `after`, plus the reverse (multiset difference,
 * jsdiff's line tokens): each one is a deletion or an insertion in any diff, so this is a lower
 * bound of the edit length Myers counts. Linear.
 */
function unmatchedLines(before: string, after: string): number {
  const count = new Map<string, number>();
  for (const line of linesOf(before)) count.set(line, (count.get(line) ?? 0) + 1);
  let unmatched = 0;
  for (const line of linesOf(after)) {
    const left = count.get(line) ?? 0;
    if (left > 0) count.set(line, left - 1);
    else unmatched++;
  }
  for (const left of count.values()) unmatched += left;
  return unmatched;
}

/** Lines with their newline kept, as jsdiff's line tokenizer sees them. */
function linesOf(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl + 1;
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}

/** One hunk replacing everything between the common prefix and the common suffix. */
function regionPatch(oldName: string, newName: string, before: string, after: string): StructuredPatch {
  const a = linesOf(before);
  const b = linesOf(after);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const hunks: StructuredPatchHunk[] = [];
  if (pre < a.length - suf || pre < b.length - suf) {
    const from = Math.max(0, pre - CONTEXT);
    const oldTo = Math.min(a.length, a.length - suf + CONTEXT);
    const newTo = Math.min(b.length, b.length - suf + CONTEXT);
    const lines: string[] = [];
    const push = (prefix: string, line: string): void => {
      lines.push(prefix + (line.endsWith('\n') ? line.slice(0, -1) : line));
      if (!line.endsWith('\n')) lines.push('\\ No newline at end of file');
    };
    for (let i = from; i < pre; i++) push(' ', a[i]!);
    for (let i = pre; i < a.length - suf; i++) push('-', a[i]!);
    for (let i = pre; i < b.length - suf; i++) push('+', b[i]!);
    for (let i = a.length - suf; i < oldTo; i++) push(' ', a[i]!);
    const oldLines = oldTo - from;
    const newLines = newTo - from;
    hunks.push({ oldStart: oldLines === 0 ? from : from + 1, oldLines, newStart: newLines === 0 ? from : from + 1, newLines, lines });
  }
  return { oldFileName: oldName, newFileName: newName, oldHeader: undefined, newHeader: undefined, hunks };
}
