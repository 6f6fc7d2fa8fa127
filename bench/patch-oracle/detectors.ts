/**
 * Wrong-apply detectors for replies without ground truth (the llm-patch corpus). Each looks only
 * at the original file, the hunks as parsed (`EditHunk`, public API) and the engine's result,
 * compared by trimmed line text with blank lines ignored, so whitespace the engine fixes up does
 * not matter; in files with `//` comments (C family, Java, JS/TS, Go, Rust…) a trailing comment is
 * ignored too, so a line retyped with `// Added` is the same line:
 *   re-insertion          an added block already stands, with the hunk's neighbour line, in the
 *                         original, and the result holds one more copy of it right there; or the
 *                         added block repeats the hunk's own context beside it (a stutter) and the
 *                         result holds one more copy of it;
 *   context-contradiction the hunk's removed lines (or, for a pure insertion, its spot) occur more
 *                         than once and the engine took an occurrence whose surroundings match the
 *                         hunk's context worse than another one's (the dropped context points elsewhere);
 *   split-block           a contiguous added block is not contiguous in the result although some of
 *                         its lines were added (split across places, or applied in part);
 *   misplaced-change      a changed region of the result is not explained by any hunk's -/+ lines,
 *                         or lies away from every line of that hunk's context;
 *   context-mismatch      the hunk's context line right beside a change (blank lines aside) is not
 *                         the original's line beside the spot the engine changed: the model left
 *                         lines out, made some up, or quoted another place. An edit in place (each
 *                         removed line becomes one similar line) passes when the other side fits.
 */
import { extname } from 'node:path';
import { diffArrays } from 'diff';
import type { EditHunk } from '../../src/patch/index.js';

export type Detector = 're-insertion' | 'context-contradiction' | 'split-block' | 'misplaced-change' | 'context-mismatch';

export interface Suspect {
  detector: Detector;
  /** 0-based hunk index in the reply (−1 when no hunk explains the change). */
  hunk: number;
  /** 1-based line numbers in the original file (or in the result for additions) and the lines concerned. */
  at: number;
  lines: string[];
  message: string;
}

/** A non-blank line, trimmed, with its index in the full line array. */
interface Row {
  text: string;
  index: number;
}

/** Extensions whose line comment is `//`. Kept apart from the engine's list on purpose. */
const SLASH_COMMENTS = new Set(['.c', '.h', '.cc', '.cpp', '.hpp', '.cs', '.java', '.kt', '.scala', '.swift', '.go', '.rs', '.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx']);

/** The line's text for comparison: trimmed and, when `comments`, without a trailing `//` comment outside quotes. */
function textOf(line: string, comments: boolean): string {
  const t = line.trim();
  if (!comments) return t;
  let quote = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (quote !== '') {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '/' && t[i + 1] === '/' && i > 0) return t.slice(0, i).trimEnd();
  }
  return t;
}

const rows = (lines: readonly string[], comments: boolean): Row[] => lines.flatMap((l, index) => (l.trim() === '' ? [] : [{ text: textOf(l, comments), index }]));
const key = (l: string): string => l.replace(/\s+/g, '');
/**
 * Levenshtein ratio ≥ 0.75 on whitespace-free text (the drift the engine's fuzzy context accepts);
 * lines under 12 characters must be equal (`beta();` is 0.75-similar to `delta();`).
 */
export function similar(x: string, y: string): boolean {
  const a = key(x);
  const b = key(y);
  if (a === b) return true;
  const longest = Math.max(a.length, b.length);
  if (Math.min(a.length, b.length) < 12 || Math.abs(a.length - b.length) > longest / 4) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return 1 - prev[b.length]! / longest >= 0.75;
}
const substantial = (l: string): boolean => /[A-Za-z0-9_]{3,}/.test(l) && l.trim().length >= 6;

function splitLines(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Positions (in `hay` rows) where `block` (trimmed texts) occurs as consecutive rows. */
function occurrences(hay: readonly Row[], block: readonly string[]): number[] {
  const out: number[] = [];
  if (block.length === 0) return out;
  for (let i = 0; i + block.length <= hay.length; i++) if (block.every((b, j) => hay[i + j]!.text === b)) out.push(i);
  return out;
}

/** A change group inside one hunk: its removed and added lines with the hunk's context around it. */
interface Group {
  hunk: number;
  above: string[];
  removed: string[];
  added: string[];
  below: string[];
}

function groups(hunks: readonly EditHunk[], comments: boolean): { groups: Group[]; context: string[][] } {
  const out: Group[] = [];
  const context: string[][] = [];
  hunks.forEach((h, hunk) => {
    const before = h.before.filter((l) => l.trim() !== '').map((l) => textOf(l, comments));
    const after = h.after.filter((l) => l.trim() !== '').map((l) => textOf(l, comments));
    const parts = diffArrays(before, after);
    const ctx: string[] = [];
    const seq: ({ kind: 'ctx'; text: string } | { kind: 'rm' | 'add'; text: string })[] = [];
    for (const p of parts) for (const text of p.value) seq.push({ kind: p.added ? 'add' : p.removed ? 'rm' : 'ctx', text });
    for (const s of seq) if (s.kind === 'ctx') ctx.push(s.text);
    context.push(ctx);
    let i = 0;
    while (i < seq.length) {
      if (seq[i]!.kind === 'ctx') {
        i++;
        continue;
      }
      const start = i;
      const g: Group = { hunk, above: [], removed: [], added: [], below: [] };
      while (i < seq.length && seq[i]!.kind !== 'ctx') {
        const s = seq[i]!;
        (s.kind === 'rm' ? g.removed : g.added).push(s.text);
        i++;
      }
      for (let j = start - 1; j >= 0 && seq[j]!.kind === 'ctx'; j--) g.above.unshift(seq[j]!.text);
      for (let j = i; j < seq.length && seq[j]!.kind === 'ctx'; j++) g.below.push(seq[j]!.text);
      out.push(g);
    }
  });
  return { groups: out, context };
}

/** Alignment of original rows to result rows (trimmed equality). */
interface Alignment {
  removed: Set<number>;
  added: Set<number>;
  /** For each result row: the original row position it sits at (rows before it consumed). */
  origPosOfResult: number[];
  regions: { origFrom: number; origTo: number; resultFrom: number; resultTo: number }[];
}

function align(b: readonly Row[], r: readonly Row[]): Alignment {
  const removed = new Set<number>();
  const added = new Set<number>();
  const origPosOfResult: number[] = [];
  const regions: Alignment['regions'] = [];
  let bi = 0;
  let ri = 0;
  let open: Alignment['regions'][number] | undefined;
  for (const part of diffArrays(b.map((x) => x.text), r.map((x) => x.text))) {
    if (!part.added && !part.removed) {
      for (let k = 0; k < part.value.length; k++) origPosOfResult[ri + k] = bi + k;
      bi += part.value.length;
      ri += part.value.length;
      open = undefined;
      continue;
    }
    if (open === undefined) {
      open = { origFrom: bi, origTo: bi, resultFrom: ri, resultTo: ri };
      regions.push(open);
    }
    if (part.removed) {
      for (let k = 0; k < part.value.length; k++) removed.add(bi + k);
      bi += part.value.length;
      open.origTo = bi;
    } else {
      for (let k = 0; k < part.value.length; k++) {
        added.add(ri + k);
        origPosOfResult[ri + k] = bi;
      }
      ri += part.value.length;
      open.resultTo = ri;
    }
  }
  return { removed, added, origPosOfResult, regions };
}

/** How many of `ctx` (nearest first) stand among the `ctx.length + 2` rows next to `pos` in that direction (LCS). */
function sideScore(b: readonly Row[], pos: number, ctx: readonly string[], direction: -1 | 1): number {
  if (ctx.length === 0) return 0;
  const want = direction === -1 ? [...ctx].reverse() : [...ctx];
  const window: string[] = [];
  for (let k = 0; k < ctx.length + 2; k++) {
    const at = direction === -1 ? pos - 1 - k : pos + k;
    const row = b[at];
    if (row === undefined) break;
    window.push(key(row.text));
  }
  let score = 0;
  for (const part of diffArrays(want.map(key), window)) if (!part.added && !part.removed) score += part.value.length;
  return score;
}

/**
 * Where group `g`'s change sits in the original (rows [from, to) removed, or an insertion before
 * row `from`), when it can be told: the removed block taken once, or the added block added once.
 */
function spotOf(g: Group, b: readonly Row[], r: readonly Row[], a: Alignment): { from: number; to: number } | undefined {
  // A block of `}` lines can be aligned to any of its twins: its spot cannot be told.
  if (!(g.removed.length > 0 ? g.removed : g.added).some(substantial)) return undefined;
  if (g.removed.length > 0) {
    const taken = occurrences(b, g.removed).filter((p) => g.removed.every((_, j) => a.removed.has(p + j)));
    return taken.length === 1 ? { from: taken[0]!, to: taken[0]! + g.removed.length } : undefined;
  }
  if (g.added.length === 0) return undefined;
  const added = occurrences(r, g.added).filter((p) => g.added.every((_, j) => a.added.has(p + j)));
  if (added.length !== 1) return undefined;
  const at = a.origPosOfResult[added[0]!]!;
  return { from: at, to: at };
}

const contextScore = (b: readonly Row[], from: number, to: number, g: Group): number => sideScore(b, from, g.above, -1) + sideScore(b, to, g.below, 1);

/** `path`: the file's path, for its comment syntax (without it, no line is read as carrying a comment). */
export function detectSuspects(beforeText: string, hunks: readonly EditHunk[], resultText: string, path?: string): Suspect[] {
  const comments = path !== undefined && SLASH_COMMENTS.has(extname(path).toLowerCase());
  const b = rows(splitLines(beforeText), comments);
  const r = rows(splitLines(resultText), comments);
  const a = align(b, r);
  const { groups: gs, context } = groups(hunks, comments);
  const out: Suspect[] = [];
  const line = (row: Row | undefined): number => (row === undefined ? 0 : row.index + 1);

  for (const g of gs) {
    // (a) re-insertion
    // The new copy must touch the existing one (at most one line between): the same lines added
    // elsewhere (a second struct with the same fields) are a legitimate change.
    if (g.added.length > 0 && g.added.some(substantial)) {
      const inB = occurrences(b, g.added);
      const inR = occurrences(r, g.added);
      const reach = g.added.length + g.removed.length + 1;
      const newCopies = inR.filter((p) => g.added.some((_, j) => a.added.has(p + j))).map((p) => a.origPosOfResult[p]!);
      const neighbour = inB.find(
        (p) =>
          ((g.above.length > 0 && b[p - 1]?.text === g.above[g.above.length - 1]) || (g.below.length > 0 && b[p + g.added.length]?.text === g.below[0])) &&
          newCopies.some((q) => Math.abs(q - p) <= reach),
      );
      const k = g.added.length;
      const repeats = (ctx: readonly string[]): boolean => ctx.length === k && ctx.every((t, j) => t === g.added[j]);
      const stutter = g.removed.length === 0 && (repeats(g.above.slice(-k)) || repeats(g.below.slice(0, k)));
      if (neighbour !== undefined && inR.length > inB.length) {
        out.push({ detector: 're-insertion', hunk: g.hunk, at: line(b[neighbour]), lines: g.added, message: `added block already stands at original line ${line(b[neighbour])} with the same neighbour; the result has ${inR.length} copies (original ${inB.length})` });
      } else if (stutter && newCopies.length > 0 && inR.length > inB.length) {
        out.push({ detector: 're-insertion', hunk: g.hunk, at: line(b[inB[0] ?? 0]), lines: g.added, message: `added block repeats the hunk's own context beside it; the result has ${inR.length} copies (original ${inB.length})` });
      }
    }
    // (c) split or partial added block
    if (g.added.length >= 2) {
      const contiguous = occurrences(r, g.added).length > 0;
      const newlyAdded = g.added.filter((t) => r.filter((x) => x.text === t).length > b.filter((x) => x.text === t).length);
      if (!contiguous && newlyAdded.length > 0) {
        out.push({ detector: 'split-block', hunk: g.hunk, at: 0, lines: g.added, message: `a contiguous block of ${g.added.length} added lines is not contiguous in the result (${newlyAdded.length} of them were added)` });
      }
    }
    // (b) context contradiction: the engine changed one occurrence while an untouched one fits the
    // hunk's context better. With several changed occurrences (a rename), the best-fitting one counts.
    if (g.above.length + g.below.length > 0) {
      let spots: { from: number; to: number; taken: boolean }[] = [];
      if (g.removed.length > 0) {
        spots = occurrences(b, g.removed).map((p) => ({ from: p, to: p + g.removed.length, taken: g.removed.every((_, j) => a.removed.has(p + j)) }));
      } else if (g.added.length > 0) {
        const taken = new Set(occurrences(r, g.added).filter((p) => g.added.every((_, j) => a.added.has(p + j))).map((p) => a.origPosOfResult[p]!));
        const lastAbove = g.above[g.above.length - 1];
        const firstBelow = g.below[0];
        const all = new Set(taken);
        b.forEach((row, i) => {
          if (lastAbove !== undefined && row.text === lastAbove) all.add(i + 1);
          if (firstBelow !== undefined && row.text === firstBelow) all.add(i);
        });
        spots = [...all].map((p) => ({ from: p, to: p, taken: taken.has(p) }));
      }
      const scored = spots.length > 1 ? spots.map((sp) => ({ ...sp, score: contextScore(b, sp.from, sp.to, g) })) : [];
      const best = (list: typeof scored): (typeof scored)[number] | undefined => list.reduce<(typeof scored)[number] | undefined>((acc, x) => (acc === undefined || x.score > acc.score ? x : acc), undefined);
      const chosen = best(scored.filter((x) => x.taken));
      const other = best(scored.filter((x) => !x.taken));
      if (chosen !== undefined && other !== undefined && other.score > chosen.score) {
        out.push({
          detector: 'context-contradiction',
          hunk: g.hunk,
          at: line(b[chosen.from]),
          lines: g.removed.length > 0 ? g.removed : g.added,
          message: `changed at original line ${line(b[chosen.from])} (context score ${chosen.score}) although the hunk's context fits untouched line ${line(b[other.from])} better (score ${other.score})`,
        });
      }
    }
  }

  // (e) context mismatch: the context line beside each change must be the original's line beside it.
  for (const g of gs) {
    const spot = spotOf(g, b, r, a);
    if (spot === undefined) continue;
    const above = g.above[g.above.length - 1];
    const below = g.below[0];
    const fitsAbove = above === undefined || !substantial(above) || b[spot.from - 1]?.text === above;
    const fitsBelow = below === undefined || !substantial(below) || b[spot.to]?.text === below;
    if (fitsAbove && fitsBelow) continue;
    const inPlace = g.removed.length > 0 && g.removed.length === g.added.length && g.removed.every((t, j) => similar(t, g.added[j]!));
    if (inPlace && (fitsAbove || fitsBelow) && (above !== undefined || below !== undefined)) continue;
    const [ctx, orig] = fitsAbove ? [below!, b[spot.to]?.text ?? ''] : [above!, b[spot.from - 1]?.text ?? ''];
    out.push({ detector: 'context-mismatch', hunk: g.hunk, at: line(b[spot.from] ?? b[spot.from - 1]), lines: [ctx], message: `the hunk's context "${ctx}" beside the change is "${orig}" in the original there` });
  }

  // (d) misplaced change: every changed region must be explained by one hunk's -/+ lines, near that hunk's context.
  for (const region of a.regions) {
    const removedText = b.slice(region.origFrom, region.origTo).map((x) => x.text);
    const addedText = r.slice(region.resultFrom, region.resultTo).map((x) => x.text);
    const owners = hunks
      .map((_, h) => h)
      .filter((h) => {
        // jsdiff may slide a region over an identical context line (a `}` above or below): allowed, as
        // long as the region holds at least one of the hunk's own -/+ lines.
        const mine = gs.filter((g) => g.hunk === h);
        const ctx = new Set(context[h]);
        const rm = new Set(mine.flatMap((g) => g.removed));
        const add = new Set(mine.flatMap((g) => g.added));
        const own = removedText.some((t) => rm.has(t)) || addedText.some((t) => add.has(t));
        return own && removedText.every((t) => rm.has(t) || ctx.has(t)) && addedText.every((t) => add.has(t) || ctx.has(t));
      });
    const where = line(b[region.origFrom] ?? b[region.origFrom - 1]);
    if (owners.length === 0) {
      out.push({ detector: 'misplaced-change', hunk: -1, at: where, lines: [...removedText.map((t) => `-${t}`), ...addedText.map((t) => `+${t}`)], message: `changed region at original line ${where} is not made of any hunk's -/+ lines` });
      continue;
    }
    const near = owners.some((h) => {
      const ctx = context[h]!.filter(substantial);
      if (ctx.length === 0) return true;
      const reach = hunks[h]!.before.length + 3;
      for (let i = Math.max(0, region.origFrom - reach); i < Math.min(b.length, region.origTo + reach); i++) if (ctx.some((c) => similar(c, b[i]!.text))) return true;
      return false;
    });
    if (!near) {
      out.push({ detector: 'misplaced-change', hunk: owners[0]!, at: where, lines: [...removedText.map((t) => `-${t}`), ...addedText.map((t) => `+${t}`)], message: `changed region at original line ${where} lies away from every context line of hunk ${owners[0]}` });
    }
  }
  return out;
}
