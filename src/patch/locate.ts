import { MATCH_LEVELS, normalizeLine, type MatchLevel } from './normalize.js';
import type { LineRange } from './types.js';

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
  /** 0-based line ranges the maintainer named (instruction, review thread); a tie-breaker only. */
  named?: readonly LineRange[];
  /** Only search in [from, to): used by sub-hunk fallbacks to keep order. */
  from?: number;
}

export type Located =
  | { kind: 'found'; index: number; level: MatchLevel }
  | { kind: 'ambiguous'; candidates: number[]; level: MatchLevel }
  | { kind: 'not_found' };

/**
 * One file's lines, normalised per level on first use, with a position list per distinct
 * line: a block is sought from the positions of its rarest line, so locating a hunk costs
 * about the number of places that line occurs, not the file's length. Built once per file
 * operation; the lines must not change while it is in use.
 */
export class LineIndex {
  private readonly cache = new Map<MatchLevel, string[]>();
  /** Keyed by the normalised array: levels that normalise nothing share one table. */
  private readonly tables = new Map<readonly string[], Positions>();
  private nonBlank: { at: number[]; index: LineIndex } | undefined;
  constructor(readonly lines: readonly string[]) {}

  normalized(level: MatchLevel): string[] {
    let n = this.cache.get(level);
    if (n === undefined) {
      const at = MATCH_LEVELS.indexOf(level);
      const prev = at > 0 ? this.normalized(MATCH_LEVELS[at - 1]!) : this.lines;
      const next = prev.map((l) => normalizeLine(l, level));
      // Most files have nothing a level normalises: then keep one array (and one position table).
      n = next.every((l, i) => l === prev[i]) ? (prev as string[]) : next;
      this.cache.set(level, n);
    }
    return n;
  }

  /** 0-based lines equal to `line` at `level`, ascending. */
  occurrences(line: string, level: MatchLevel): number[] {
    return this.table(level).all(normalizeLine(line, level));
  }

  /** How often `line` occurs at `level`. */
  count(line: string, level: MatchLevel): number {
    return this.table(level).count(normalizeLine(line, level));
  }

  /** All start positions where `needle` matches at `level`. */
  find(needle: readonly string[], level: MatchLevel, from = 0): number[] {
    const pat = needle.map((l) => normalizeLine(l, level));
    return this.findNormalized(pat, level, from);
  }

  /**
   * Matches ignoring blank lines on both sides: each result spans the file lines from the
   * first to the last matched non-blank line. Unicode level only.
   */
  findIgnoringBlanks(needle: readonly string[], from = 0): Array<{ start: number; end: number }> {
    const pat = needle.map((l) => normalizeLine(l, 'unicode')).filter((l) => l !== '');
    if (pat.length === 0) return [];
    const compact = this.compact();
    const out: Array<{ start: number; end: number }> = [];
    for (const k of compact.index.findNormalized(pat, 'exact', 0)) {
      const start = compact.at[k]!;
      if (start < from) continue;
      out.push({ start, end: compact.at[k + pat.length - 1]! + 1 });
    }
    return out;
  }

  private findNormalized(pat: readonly string[], level: MatchLevel, from: number): number[] {
    const out: number[] = [];
    const m = pat.length;
    if (m === 0) return out;
    const table = this.table(level);
    let pivot = 0;
    let fewest = Infinity;
    for (let j = 0; j < m; j++) {
      const count = table.count(pat[j]!);
      if (count === 0) return out;
      if (count < fewest) {
        fewest = count;
        pivot = j;
      }
    }
    const hay = this.normalized(level);
    for (let p = table.first(pat[pivot]!); p !== -1; p = table.next(p)) {
      const i = p - pivot;
      if (i < from || i + m > hay.length) continue;
      let j = 0;
      while (j < m && hay[i + j] === pat[j]) j++;
      if (j === m) out.push(i);
    }
    return out;
  }

  private table(level: MatchLevel): Positions {
    const hay = this.normalized(level);
    let t = this.tables.get(hay);
    if (t === undefined) {
      t = new Positions(hay);
      this.tables.set(hay, t);
    }
    return t;
  }

  /** The non-blank lines (Unicode level) as their own index, with their positions here. */
  private compact(): { at: number[]; index: LineIndex } {
    if (this.nonBlank === undefined) {
      const at: number[] = [];
      const lines: string[] = [];
      this.normalized('unicode').forEach((l, i) => {
        if (l === '') return;
        at.push(i);
        lines.push(l);
      });
      this.nonBlank = { at, index: new LineIndex(lines) };
    }
    return this.nonBlank;
  }
}

/** Where each distinct line occurs: its first position, a chain to the next one, and the count. One Map entry per distinct line. */
class Positions {
  private readonly heads = new Map<string, number>();
  private readonly chain: Int32Array;
  private readonly counts: Int32Array;
  constructor(lines: readonly string[]) {
    this.chain = new Int32Array(lines.length);
    this.counts = new Int32Array(lines.length);
    for (let i = lines.length - 1; i >= 0; i--) {
      const head = this.heads.get(lines[i]!);
      this.chain[i] = head ?? -1;
      this.counts[i] = head === undefined ? 1 : this.counts[head]! + 1;
      this.heads.set(lines[i]!, i);
    }
  }

  first(line: string): number {
    return this.heads.get(line) ?? -1;
  }

  next(at: number): number {
    return this.chain[at]!;
  }

  count(line: string): number {
    const head = this.heads.get(line);
    return head === undefined ? 0 : this.counts[head]!;
  }

  all(line: string): number[] {
    const out: number[] = [];
    for (let p = this.first(line); p !== -1; p = this.next(p)) out.push(p);
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

/**
 * Picks one of several equal matches, or none. Evidence the model gave by content comes first
 * (anchor, hunk order); a claimed line number (`@@ -n`) and the lines the maintainer named only
 * break a tie they cannot create: the nearest candidate must be close and every other one far
 * away. When both decide and disagree, nothing is picked: a contradiction is not a tie-break.
 */
export function choose(cands: readonly number[], q: Pick<LocateQuery, 'after' | 'anchored' | 'hint' | 'named'>, m: number): number | undefined {
  if (cands.length === 1) return cands[0];
  const after = q.after ?? 0;
  const later = cands.filter((c) => c >= after);
  // An explicit anchor is the model's own disambiguation (Codex semantics): first match after it.
  if (q.anchored && later.length > 0) return later[0];
  if (after > 0 && later.length === 1) return later[0];
  const byHint = q.hint === undefined ? undefined : nearClaimedStart(cands, q.hint, m);
  const byNamed = q.named === undefined || q.named.length === 0 ? undefined : nearNamedLines(cands, q.named, m);
  if (byHint !== undefined && byNamed !== undefined && byHint !== byNamed) return undefined;
  return byHint ?? byNamed;
}

/** The candidate starting within 5 lines of the claimed start, every other one far away. */
function nearClaimedStart(cands: readonly number[], hint: number, m: number): number | undefined {
  const byDistance = [...cands].sort((a, b) => Math.abs(a - hint) - Math.abs(b - hint));
  const best = byDistance[0]!;
  const second = byDistance[1]!;
  // Only a clear winner near the claimed line counts; otherwise this is a guess, and we refuse to guess.
  return Math.abs(best - hint) <= 5 && Math.abs(second - hint) > Math.max(20, 2 * m) ? best : undefined;
}

/** A named line this close to a candidate's block (0 = inside it) can point at it... */
const NAMED_NEAR = 5;
/** ...when every other candidate's block is this many lines farther from the named lines... */
const NAMED_MARGIN = 6;
/** ...or the named line is inside the candidate's block and at least this far from every other one. */
const NAMED_INSIDE_MARGIN = 2;

/**
 * The candidate the named lines point at: its block (m lines) within NAMED_NEAR lines of a named
 * range and every other candidate NAMED_MARGIN lines farther, or a named line inside its block and
 * every other block NAMED_INSIDE_MARGIN lines away; otherwise none.
 */
function nearNamedLines(cands: readonly number[], named: readonly LineRange[], m: number): number | undefined {
  const distance = (c: number): number => Math.min(...named.map((r) => Math.max(0, r.start - (c + Math.max(m, 1) - 1), c - r.end)));
  const byDistance = cands.map((c) => ({ c, d: distance(c) })).sort((x, y) => x.d - y.d);
  const best = byDistance[0]!;
  const second = byDistance[1]!;
  if (best.d === 0 && second.d >= NAMED_INSIDE_MARGIN) return best.c;
  return best.d <= NAMED_NEAR && second.d - best.d >= NAMED_MARGIN ? best.c : undefined;
}

/** Longest anchor text tried as a substring of a file line (abbreviated headers are short). */
const MAX_CONTAINED_ANCHOR = 200;

/** Locate a single anchor line (`@@ def foo():`) at or after `from`; the first occurrence wins. */
export function locateAnchor(index: LineIndex, anchor: string, from: number): number | undefined {
  for (const level of MATCH_LEVELS) {
    const hits = index.find([anchor], level, from);
    if (hits.length > 0) return hits[0];
  }
  // Models often abbreviate the header (`@@ class Foo` for `export class Foo<T> {`): accept a unique containing line.
  const needle = normalizeLine(anchor, 'unicode');
  if (needle.length < 4 || needle.length > MAX_CONTAINED_ANCHOR) return undefined;
  const norm = index.normalized('unicode');
  let hit: number | undefined;
  for (let i = from; i < norm.length; i++) {
    if (!norm[i]!.includes(needle)) continue;
    if (hit !== undefined) return undefined;
    hit = i;
  }
  return hit;
}
