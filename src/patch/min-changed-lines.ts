import type { FileOp } from './types.js';

/**
 * A lower bound of the lines the ops change, known before anything is applied: per update, the
 * net change of each distinct line's count (a `-x`/`+x` pair cancels out, as it will in the
 * diff); an added file's lines; a deleted file's lines. Any diff of the result changes at
 * least this many, so a reply over the line budget is refused without placing a single hunk.
 */
export function minChangedLines(ops: readonly FileOp[], files: ReadonlyMap<string, string>): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const op of ops) {
    if (op.kind === 'add') additions += lineCount(op.content);
    else if (op.kind === 'delete') deletions += lineCount(files.get(op.path) ?? '');
    else {
      const net = new Map<string, number>();
      for (const h of op.hunks) {
        for (const l of h.after) net.set(l, (net.get(l) ?? 0) + 1);
        for (const l of h.before) net.set(l, (net.get(l) ?? 0) - 1);
      }
      for (const n of net.values()) {
        if (n > 0) additions += n;
        else deletions -= n;
      }
    }
  }
  return { additions, deletions };
}

function lineCount(text: string): number {
  if (text === '') return 0;
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}
