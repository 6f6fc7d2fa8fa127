import type { LineIndex } from './locate.js';
import { normalizeLine } from './normalize.js';

/**
 * Last-resort placement for a hunk whose *context* drifted (a model retyped a context line
 * with a typo, dropped a `<`, paraphrased a comment), while the lines it changes are real.
 *
 * Soundness rules, all required:
 * - every line the hunk removes or rewrites (`changed[j]`) matches the file exactly at the
 *   Unicode-normalised level: we never delete or rewrite a line the model did not quote;
 * - a drifted context line must still be similar (edit-distance ratio >= MIN_SIMILARITY) to the
 *   file's line at that offset, and at most a third of the context lines may drift;
 * - a blank line only matches a blank line;
 * - the window carries evidence: at least MIN_EXACT_EVIDENCE substantial lines match exactly;
 * - exactly one window in [from, end) satisfies all this; two or more is ambiguity, never a guess.
 * The caller keeps the file's own text for context lines, so drifted context is never written back.
 */
export const MIN_SIMILARITY = 0.75;
const MIN_EXACT_EVIDENCE = 2;

export type FuzzyLocated = { kind: 'found'; index: number; drifted: number } | { kind: 'ambiguous'; candidates: number[] } | { kind: 'not_found' };

export function locateFuzzy(index: LineIndex, before: readonly string[], changed: readonly boolean[], from: number): FuzzyLocated {
  const hay = index.normalized('unicode');
  const pat = before.map((l) => normalizeLine(l, 'unicode'));
  const m = pat.length;
  const contextCount = changed.filter((c) => !c).length;
  const maxDrift = Math.floor(contextCount / 3);
  if (m < 3 || maxDrift === 0) return { kind: 'not_found' };
  // Uniqueness is checked over the whole file, not only after `from`: a second acceptable
  // window anywhere means the content does not say where the change belongs.
  const hits: Array<{ index: number; drifted: number }> = [];
  for (let i = 0; i + m <= hay.length; i++) {
    const drifted = windowDrift(hay, pat, changed, i, maxDrift);
    if (drifted !== undefined) hits.push({ index: i, drifted });
  }
  if (hits.length > 1) return { kind: 'ambiguous', candidates: hits.map((h) => h.index) };
  // The single window must also respect hunk order (after the previous hunk of the same file).
  if (hits.length === 1 && hits[0]!.index >= from) return { kind: 'found', ...hits[0]! };
  return { kind: 'not_found' };
}

/** Number of drifted context lines when the window at `i` is acceptable, else undefined. */
function windowDrift(hay: readonly string[], pat: readonly string[], changed: readonly boolean[], i: number, maxDrift: number): number | undefined {
  let drifted = 0;
  let evidence = 0;
  for (let j = 0; j < pat.length; j++) {
    const want = pat[j]!;
    const got = hay[i + j]!;
    if (got === want) {
      if (substantial(want)) evidence++;
      continue;
    }
    if (changed[j] || want === '' || got === '') return undefined;
    if (++drifted > maxDrift) return undefined;
    if (similarity(want, got) < MIN_SIMILARITY) return undefined;
  }
  return evidence >= MIN_EXACT_EVIDENCE ? drifted : undefined;
}

function substantial(line: string): boolean {
  return line.replace(/[\s{}()[\];,]/g, '').length >= 3;
}

/**
 * Lines longer than this are only ever equal or not: the edit distance is quadratic in the line
 * length (two drifted 200,000-character lines took minutes), and a line that long is generated
 * or minified text, where "almost the same" is no evidence of the same place.
 */
export const MAX_FUZZY_LINE = 1_000;

/** 1 - Levenshtein distance / longer length, on already-normalised lines (0 for unequal long lines). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  if (longer > MAX_FUZZY_LINE) return 0;
  // A length gap alone already bounds the ratio: skip the quadratic part when it cannot pass.
  if (Math.abs(a.length - b.length) / longer > 1 - MIN_SIMILARITY) return 1 - Math.abs(a.length - b.length) / longer;
  let prev = Array.from({ length: b.length + 1 }, (_, k) => k);
  let cur = new Array<number>(b.length + 1);
  for (let x = 1; x <= a.length; x++) {
    cur[0] = x;
    for (let y = 1; y <= b.length; y++) {
      const cost = a.charCodeAt(x - 1) === b.charCodeAt(y - 1) ? 0 : 1;
      cur[y] = Math.min(prev[y]! + 1, cur[y - 1]! + 1, prev[y - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return 1 - prev[b.length]! / longer;
}
