import { MATCH_LEVELS, normalizeLine, type MatchLevel } from './normalize.js';

/**
 * Finds where a block of lines sits in a file, by content. Every relaxation level must find
 * the block at exactly one place (or one place the model disambiguated with an anchor or by
 * order); otherwise the result is ambiguous and the caller fails loudly.
 */
export interface LocateQuery {
  before: readonly string[];
  /** Index in `lines` after which `@@` anchors and hunk order say the block should be. */
  after?: number;
  /** The anchor explicitly placed the block: take the first match at or after `after`. */
  anchored?: boolean;
  atEof?: boolean;
  /** 0-based line the model claimed; a tie-breaker only. */
  hint?: number;
  /** Only search in [from, to): used by sub-hunk fallbacks to keep order. */
  from?: number;
}

export type Located =
  | { kind: 'found'; index: number; level: MatchLevel }
  | { kind: 'ambiguous'; candidates: number[]; level: MatchLevel }
  | { kind: 'not_found' };

export class LineIndex {
  private readonly cache = new Map<MatchLevel, string[]>();
  constructor(readonly lines: readonly string[]) {}

  normalized(level: MatchLevel): string[] {
    let n = this.cache.get(level);
    if (n === undefined) {
      n = this.lines.map((l) => normalizeLine(l, level));
      this.cache.set(level, n);
    }
    return n;
  }

  /** All start positions where `needle` matches at `level`. */
  find(needle: readonly string[], level: MatchLevel, from = 0): number[] {
    const hay = this.normalized(level);
    const pat = needle.map((l) => normalizeLine(l, level));
    const out: number[] = [];
    const m = pat.length;
    if (m === 0) return out;
    const first = pat[0];
    for (let i = from; i + m <= hay.length; i++) {
      if (hay[i] !== first) continue;
      let j = 1;
      while (j < m && hay[i + j] === pat[j]) j++;
      if (j === m) out.push(i);
    }
    return out;
  }
}

export function locate(index: LineIndex, q: LocateQuery): Located {
  const n = index.lines.length;
  const m = q.before.length;
  for (const level of MATCH_LEVELS) {
    let cands = index.find(q.before, level, q.from ?? 0);
    if (q.atEof) {
      const atEnd = cands.filter((c) => c + m === n);
      if (atEnd.length > 0) cands = atEnd;
    }
    if (cands.length === 0) continue;
    const pick = choose(cands, q, m);
    if (pick !== undefined) return { kind: 'found', index: pick, level };
    return { kind: 'ambiguous', candidates: cands, level };
  }
  return { kind: 'not_found' };
}

function choose(cands: number[], q: LocateQuery, m: number): number | undefined {
  if (cands.length === 1) return cands[0];
  const after = q.after ?? 0;
  const later = cands.filter((c) => c >= after);
  // An explicit anchor is the model's own disambiguation (Codex semantics): first match after it.
  if (q.anchored && later.length > 0) return later[0];
  if (after > 0 && later.length === 1) return later[0];
  if (q.hint !== undefined) {
    const byDistance = [...cands].sort((a, b) => Math.abs(a - q.hint!) - Math.abs(b - q.hint!));
    const best = byDistance[0]!;
    const second = byDistance[1]!;
    // Only a clear winner near the claimed line counts; otherwise this is a guess, and we refuse to guess.
    if (Math.abs(best - q.hint) <= 5 && Math.abs(second - q.hint) > Math.max(20, 2 * m)) return best;
  }
  return undefined;
}

/** Locate a single anchor line (`@@ def foo():`) at or after `from`; the first occurrence wins. */
export function locateAnchor(index: LineIndex, anchor: string, from: number): number | undefined {
  for (const level of MATCH_LEVELS) {
    const hits = index.find([anchor], level, from);
    if (hits.length > 0) return hits[0];
  }
  // Models often abbreviate the header (`@@ class Foo` for `export class Foo<T> {`): accept a unique containing line.
  const needle = normalizeLine(anchor, 'unicode');
  if (needle.length < 4) return undefined;
  const norm = index.normalized('unicode');
  const hits: number[] = [];
  for (let i = from; i < norm.length; i++) if (norm[i]!.includes(needle)) hits.push(i);
  return hits.length === 1 ? hits[0] : undefined;
}
