/**
 * Line windows and line-boundary cuts for files that cannot be sent whole. Everything is
 * measured exactly: a candidate rendering is counted with an early-stopping limit, so a
 * rejected attempt costs at most `limit` tokens of encoding.
 */
import { countTokens, countTokensWithin } from './tokens.js';
import { renderFile } from './render.js';

export interface LineRange {
  start: number;
  end: number;
}

export interface FittedPart {
  text: string;
  tokens: number;
  windows: LineRange[];
}

/** Splits keeping line structure; a trailing newline does not create an extra empty line. */
export function splitLines(content: string): string[] {
  const lines = content.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Expands 1-based ranges by `context` lines, clamps to the file, merges overlaps, sorts. */
export function expandRanges(ranges: readonly LineRange[], context: number, lineCount: number): LineRange[] {
  const grown = ranges
    .map((r) => ({ start: Math.max(1, Math.min(r.start, r.end) - context), end: Math.min(lineCount, Math.max(r.start, r.end) + context) }))
    .filter((r) => r.start <= r.end)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: LineRange[] = [];
  for (const r of grown) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

function renderWindows(path: string, lines: readonly string[], windows: readonly LineRange[]): string {
  return windows
    .map((w) => renderFile(path, `lines ${w.start}-${w.end} of ${lines.length}`, lines.slice(w.start - 1, w.end).join('\n')))
    .join('');
}

/**
 * Largest prefix of `lines` (from line 1) whose rendering fits `limit`. Per-line counts give
 * an estimate (joining lines can only merge newline pieces, so the sum is an upper bound in
 * practice); the exact count of the chosen prefix then decides, shrinking if needed.
 */
export function fitPrefix(path: string, lines: readonly string[], limit: number, labelFor: (n: number) => string, from = 1): FittedPart | undefined {
  const header = countTokens(renderFile(path, labelFor(lines.length), ''));
  let budget = limit - header;
  if (budget <= 0) return undefined;
  // Count in blocks of lines (per-call overhead dominates single short lines), then per line
  // only inside the block that crosses the budget.
  const BLOCK = 32;
  let sum = 0;
  let n = 0;
  let i = from - 1;
  while (i < lines.length) {
    const end = Math.min(lines.length, i + BLOCK);
    const t = countTokens(`${lines.slice(i, end).join('\n')}\n`);
    if (sum + t <= budget) {
      sum += t;
      n += end - i;
      i = end;
      continue;
    }
    for (; i < end; i++) {
      const lt = countTokens(`${lines[i] as string}\n`);
      if (sum + lt > budget) break;
      sum += lt;
      n++;
    }
    break;
  }
  while (n > 0) {
    const end = from - 1 + n;
    const text = renderFile(path, labelFor(end), lines.slice(from - 1, end).join('\n'));
    const tokens = countTokensWithin(text, limit);
    if (tokens !== false) return { text, tokens, windows: [{ start: from, end }] };
    // Over by an unknown amount: drop ~5% of the lines (at least one) and retry.
    const drop = Math.max(1, Math.ceil(n / 20));
    n -= drop;
    budget -= 1;
  }
  return undefined;
}

const CONTEXT_STEPS = [40, 15, 5, 0];

/**
 * Windows around `ranges` that fit `limit`: the widest context that fits, else as many
 * leading windows as fit with the last one cut at a line boundary.
 */
export function fitWindows(path: string, lines: readonly string[], ranges: readonly LineRange[], limit: number): FittedPart | undefined {
  if (ranges.length === 0) return fitPrefix(path, lines, limit, (n) => `lines 1-${n} of ${lines.length}`);
  for (const context of CONTEXT_STEPS) {
    const windows = expandRanges(ranges, context, lines.length);
    const text = renderWindows(path, lines, windows);
    const tokens = countTokensWithin(text, limit);
    if (tokens !== false) return { text, tokens, windows };
  }
  const windows = expandRanges(ranges, 0, lines.length);
  let text = '';
  let tokens = 0;
  const kept: LineRange[] = [];
  for (const w of windows) {
    const part = renderWindows(path, lines, [w]);
    const t = countTokensWithin(part, limit - tokens);
    if (t !== false) {
      text += part;
      tokens += t;
      kept.push(w);
      continue;
    }
    const cut = fitPrefix(path, lines.slice(0, w.end), limit - tokens, (end) => `lines ${w.start}-${end} of ${lines.length}`, w.start);
    if (cut) {
      text += cut.text;
      tokens += cut.tokens;
      kept.push(...cut.windows);
    }
    break;
  }
  return kept.length === 0 ? undefined : { text, tokens, windows: kept };
}
