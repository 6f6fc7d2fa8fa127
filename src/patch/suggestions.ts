import { applyGroups, changeGroups, type ChangeGroup } from './change-groups.js';
import { hunkRanges, type HunkRange } from './hunk-ranges.js';
import { splitText } from './text-lines.js';
import type { FileChange, PatchResult, ReviewSuggestion } from './types.js';
import { unifiedDiff } from './unified-diff.js';

export interface SuggestionsResult {
  comments: ReviewSuggestion[];
  /** Unified diff of everything that could not be a suggestion, for the review body ('' if none). */
  bodyDiff: string;
  /** Changes (line groups or whole-file operations) that went to `bodyDiff` instead of a comment. */
  skipped: number;
}

const GITHUB_MAX_COMMENTS = 100;

/**
 * Maps a patch result to review comments with ```suggestion blocks. Every comment is checked
 * locally against the PR diff's RIGHT-side hunks, because a single bad anchor makes GitHub
 * reject the whole review with 422. The rest goes into the review body as a diff.
 */
export function toSuggestions(result: PatchResult, prDiff: string, options: { maxComments?: number } = {}): SuggestionsResult {
  const max = Math.min(options.maxComments ?? GITHUB_MAX_COMMENTS, GITHUB_MAX_COMMENTS);
  const ranges = hunkRanges(prDiff);
  const comments: ReviewSuggestion[] = [];
  const body: string[] = [];
  let skipped = 0;
  for (const change of result.changes) {
    if (change.before === null || change.after === null || change.oldPath !== undefined) {
      body.push(change.diff);
      skipped++;
      continue;
    }
    const head = splitText(change.before).lines;
    const next = splitText(change.after).lines;
    const used = new Set<number>();
    const leftover: ChangeGroup[] = [];
    for (const g of changeGroups(head, next)) {
      const comment = comments.length < max ? anchor(change, g, head, ranges.get(change.path) ?? [], used) : undefined;
      if (comment === undefined) leftover.push(g);
      else comments.push(comment);
    }
    if (leftover.length > 0) {
      skipped += leftover.length;
      const partial = applyGroups(head, leftover);
      body.push(unifiedDiff(change.path, head.join('\n') + '\n', partial.join('\n') + '\n'));
    }
  }
  return { comments, bodyDiff: body.join(''), skipped };
}

function anchor(change: FileChange, g: ChangeGroup, head: readonly string[], ranges: readonly HunkRange[], used: Set<number>): ReviewSuggestion | undefined {
  const options: Array<{ start: number; end: number; lines: string[] }> = [];
  if (g.removed.length > 0) {
    // Replacing or deleting lines: the suggestion holds what remains of them.
    options.push({ start: g.oldStart, end: g.oldStart + g.removed.length - 1, lines: g.added });
  } else {
    // A pure insertion has no line of its own: widen to the line above, else the line below.
    const above = g.oldStart - 1;
    if (above >= 1) options.push({ start: above, end: above, lines: [head[above - 1]!, ...g.added] });
    if (g.oldStart <= head.length) options.push({ start: g.oldStart, end: g.oldStart, lines: [...g.added, head[g.oldStart - 1]!] });
  }
  for (const o of options) {
    const inOneHunk = ranges.some((r) => o.start >= r.start && o.end <= r.end && r.lines.has(o.start) && r.lines.has(o.end));
    if (!inOneHunk) continue;
    let free = true;
    for (let l = o.start; l <= o.end; l++) if (used.has(l)) free = false;
    if (!free) continue;
    for (let l = o.start; l <= o.end; l++) used.add(l);
    const comment: ReviewSuggestion = { path: change.path, body: suggestionBody(o.lines), line: o.end, side: 'RIGHT' };
    if (o.start !== o.end) {
      comment.start_line = o.start;
      comment.start_side = 'RIGHT';
    }
    return comment;
  }
  return undefined;
}

function suggestionBody(lines: readonly string[]): string {
  let ticks = '```';
  while (lines.some((l) => l.includes(ticks))) ticks += '`';
  return lines.length === 0 ? `${ticks}suggestion\n${ticks}` : `${ticks}suggestion\n${lines.join('\n')}\n${ticks}`;
}
