import type { HunkFailureDetail } from './errors.js';
import { firstSolid, specific, substantial, substantialLine } from './evidence.js';
import { FileView } from './file-view.js';
import { locateFuzzy, MIN_SIMILARITY, similarity } from './fuzzy-context.js';
import { afterOf, beforeOf, cleanRows, groupsOf, hunkRows, isPastedChange, tidyRows, type Group, type Row } from './hunk-rows.js';
import { indentMapper } from './indentation.js';
import { choose, LineIndex, locate, locateAnchor, type Located, type LocateQuery } from './locate.js';
import { driftedContext, misquotedContext } from './misquoted-context.js';
import { normalizeLine, type MatchLevel } from './normalize.js';
import type { EditHunk, LineRange } from './types.js';

/** How a hunk was placed; useful for logs and the bench. */
export interface HunkPlacement {
  line: number;
  level: MatchLevel | 'append' | 'blank_lines' | 'already_applied';
  fallback?: 'split' | 'fuzzy_context';
}

/** Replace `remove` lines at `start` (0-based, in the file as it was before the operation) with `insert`. */
export interface Edit {
  start: number;
  remove: number;
  insert: string[];
}

export type HunkOutcome = { ok: true; edits: Edit[]; end: number; placement: HunkPlacement } | { ok: false; failure: HunkFailureDetail };

const MAX_CONTEXT_SHRINK = 8;

/**
 * Where one hunk goes, as edits against the file as it was before the operation (all hunks of
 * an operation are placed against the same text, Codex-style; the caller rejects overlaps).
 * `cursor` is where the previous hunk ended: hunks are expected top to bottom. `named`: 0-based
 * line ranges the maintainer named, a tie-breaker between equal whole-block matches only.
 *
 * Graded: the whole block at exact → trailing-whitespace → trimmed → Unicode level, then
 * ignoring blank lines, then each change group with less context, then drifted context. Every
 * loosened placement must not contradict the model: dropped or drifted context lines that stand
 * elsewhere in the file point away from the spot, and added lines that already stand at the
 * spot are not added again.
 */
export function placeHunk(view: FileView, hunk: EditHunk, cursor: number, named?: readonly LineRange[]): HunkOutcome {
  const { index, lines } = view;
  const raw = hunkRows(hunk);
  const pasted = raw.find((r) => r.kind !== 'ctx' && isPastedChange(index, r.text));
  if (pasted !== undefined) return { ok: false, failure: pastedChange(beforeOf(raw), pasted) };
  const rows = tidyRows(cleanRows(index, raw));
  const before = beforeOf(rows);
  // Only compiler output told where the hunk goes: with it ignored nothing does (not the end of the file).
  if (before.length === 0 && beforeOf(raw).length > 0) return { ok: false, failure: pastedOnlyContext(beforeOf(raw)) };
  const after = afterOf(rows);
  if (sameLines(before, after)) return { ok: true, edits: [], end: cursor, placement: { line: cursor + 1, level: 'already_applied' } };
  const stutter = stutteringGroup(rows);
  if (stutter !== undefined) return { ok: false, failure: stutterFailure(before, stutter) };

  const anchors = hunk.anchors ?? (hunk.anchor === undefined ? [] : [hunk.anchor]);
  let from = cursor;
  let anchored = false;
  let anchorMissing: string | undefined;
  for (const anchor of anchors) {
    const at = locateAnchor(index, anchor, from);
    if (at === undefined) {
      anchorMissing = anchor;
      break;
    }
    from = at + 1;
    anchored = true;
  }
  if (anchorMissing !== undefined) {
    // A wrong anchor is not fatal by itself; the block must then be unique on its own.
    from = cursor;
    anchored = false;
  }

  if (before.length === 0) {
    // Pure addition (Codex semantics): append at the end of the file, unless it already ends it.
    const n = lines.length;
    if (substantial(after) && view.standsAt(after, n - after.length)) {
      return { ok: true, edits: [], end: n, placement: { line: n - after.length + 1, level: 'already_applied' } };
    }
    return { ok: true, edits: [{ start: n, remove: 0, insert: after }], end: n, placement: { line: n + 1, level: 'append' } };
  }

  const hint = hunk.lineHint === undefined ? undefined : hunk.lineHint - 1;
  const query = { after: from, anchored, ...(hint === undefined ? {} : { hint }), ...(named === undefined || named.length === 0 ? {} : { named }) };
  const found = locate(index, { before, ...query, atEof: hunk.atEof === true });
  if (found.kind === 'found') return placeWhole(view, rows, found.index, before.length, found.level);
  if (found.kind === 'ambiguous') return { ok: false, failure: ambiguous(before, found) };

  // The hunk's result already stands where its lines would go: applied before, nothing to do.
  const added = rows.filter((r) => r.kind === 'add').map((r) => r.text);
  let done = substantial(added) ? locate(index, { before: after, ...query }) : undefined;
  // Also as code: the model retyped a standing line with a comment of its own (`// Added return`).
  if (done !== undefined && done.kind !== 'found') done = standsAsCode(view, after, query);
  if (done?.kind === 'found') return { ok: true, edits: [], end: done.index + after.length, placement: { line: done.index + 1, level: 'already_applied' } };
  const spread = placeIgnoringBlanks(view, rows, before, query);
  if (spread !== undefined) return spread;
  const split = placeSplit(view, rows, from, anchored);
  if (split !== undefined) return split;
  const fuzzy = placeFuzzy(view, rows, before, cursor);
  if (fuzzy !== undefined) return fuzzy;
  return { ok: false, failure: notFound(index, before, anchorMissing) };
}

/** The whole block matched at `start`: one edit, minus change groups whose added lines already stand there. */
function placeWhole(view: FileView, rows: readonly Row[], start: number, length: number, level: MatchLevel | 'blank_lines'): HunkOutcome {
  const span = view.lines.slice(start, start + length);
  const kept = withoutReinsertions(view, rows, start, level === 'blank_lines' ? undefined : span);
  if (kept.kind === 'contradicts') return { ok: false, failure: kept.failure };
  if (sameLines(beforeOf(kept.rows), afterOf(kept.rows))) {
    return { ok: true, edits: [], end: start + length, placement: { line: start + 1, level: 'already_applied' } };
  }
  const insert = level === 'blank_lines' ? rebuildIgnoringBlanks(view, span, kept.rows) : rebuild(view, span, kept.rows, level === 'exact');
  if (insert === undefined) return { ok: false, failure: indentationFailure(beforeOf(rows)) };
  return { ok: true, edits: [{ start, remove: length, insert }], end: start + length, placement: { line: start + 1, level } };
}

/**
 * The edge groups of a hunk placed whole: a group at the start (or end) of the hunk has no
 * context on that side, so nothing stops its added lines from already standing there, the
 * model's change applied once before (or the model not seeing it). Those adds are dropped (the
 * part is already applied); when the group also removes lines the hunk contradicts the file.
 */
function withoutReinsertions(
  view: FileView,
  rows: readonly Row[],
  start: number,
  span: readonly string[] | undefined,
): { kind: 'rows'; rows: Row[] } | { kind: 'contradicts'; failure: HunkFailureDetail } {
  const groups = groupsOf(rows);
  const drop = new Set<Group>();
  // Positions are only known exactly when the span is line-for-line (not for the blank-insensitive level).
  if (span === undefined || groups.length === 0) return { kind: 'rows', rows: [...rows] };
  const first = groups[0]!;
  const last = groups[groups.length - 1]!;
  const delStartOf = (g: Group): number => start + rows.slice(0, g.from).filter((r) => r.kind !== 'add').length;
  for (const [g, side] of [[first, 'pre'], [last, 'post']] as const) {
    if ((side === 'pre' ? g.pre : g.post).length > 0) continue;
    const delStart = delStartOf(g);
    const verdict = alreadyThere(view, g, delStart, delStart + g.del.length, side, undefined);
    if (verdict === 'noop') drop.add(g);
    else if (verdict === 'contradicts') return { kind: 'contradicts', failure: reinsertion(beforeOf(rows), g) };
  }
  if (drop.size === 0) return { kind: 'rows', rows: [...rows] };
  const skip = new Set<number>();
  for (const g of drop) for (let i = g.from; i < g.to; i++) if (rows[i]!.kind === 'add') skip.add(i);
  return { kind: 'rows', rows: rows.filter((_, i) => !skip.has(i)) };
}

/**
 * Whether group `g`'s added lines already stand right beside its spot on `side` (the side where
 * no context was matched). 'noop': they do, and the model's neighbour beyond them (`beyond`, the
 * dropped context line, if any) agrees, and the group removes nothing; 'contradicts': they do,
 * but the group removes lines or the neighbour disagrees; 'no': they do not.
 */
function alreadyThere(view: FileView, g: Group, delStart: number, delEnd: number, side: 'pre' | 'post', beyond: string | undefined): 'no' | 'noop' | 'contradicts' {
  if (!substantial(g.add)) return 'no';
  const k = g.add.length;
  const at = side === 'post' ? delEnd : delStart - k;
  if (!view.standsAt(g.add, at)) return 'no';
  if (g.del.length > 0) return 'contradicts';
  if (beyond === undefined) return 'noop';
  const next = side === 'post' ? at + k : at - 1;
  const fileLine = view.lines[next];
  return fileLine !== undefined && normalizeLine(fileLine, 'unicode') === normalizeLine(beyond, 'unicode') ? 'noop' : 'contradicts';
}

/**
 * Where `block` stands in the file as code (see `FileView.standsAt`): one spot, or one the
 * query's order and hints pick, else none.
 */
function standsAsCode(view: FileView, block: readonly string[], query: Pick<LocateQuery, 'after' | 'anchored' | 'hint' | 'named'>): Located {
  const cands = view.codeOccurrences(block);
  if (cands.length === 0) return { kind: 'not_found' };
  const pick = choose(cands, query, block.length);
  return pick === undefined ? { kind: 'ambiguous', candidates: cands, level: 'unicode' } : { kind: 'found', index: pick, level: 'unicode' };
}

/**
 * A group that only adds lines, and adds exactly the (substantial) context lines right before or
 * after it in the hunk: the model wrote a line and then wrote it again. A glitch far more often
 * than a wanted duplicate, and committing a duplicated statement is a wrong line: refused.
 */
function stutteringGroup(rows: readonly Row[]): Group | undefined {
  return groupsOf(rows).find((g) => {
    if (g.del.length > 0 || !substantial(g.add)) return false;
    const k = g.add.length;
    const same = (ctx: readonly string[]): boolean => ctx.length === k && ctx.every((l, j) => normalizeLine(l, 'unicode') === normalizeLine(g.add[j]!, 'unicode'));
    return (g.pre.length >= k && same(g.pre.slice(g.pre.length - k))) || (g.post.length >= k && same(g.post.slice(0, k)));
  });
}

/** Level "blank lines": the block matches once its blank lines (and the file's) are ignored. */
function placeIgnoringBlanks(view: FileView, rows: readonly Row[], before: string[], query: Pick<LocateQuery, 'after' | 'anchored' | 'hint' | 'named'>): HunkOutcome | undefined {
  const nonBlank = before.filter((l) => l.trim() !== '');
  if (!specific(nonBlank, nonBlank.length)) return undefined;
  const spans = view.index.findIgnoringBlanks(before);
  if (spans.length === 0) return undefined;
  const pick = choose(spans.map((s) => s.start), query, before.length);
  if (pick === undefined) return { ok: false, failure: ambiguous(before, { kind: 'ambiguous', candidates: spans.map((s) => s.start), level: 'unicode' }) };
  const span = spans.find((s) => s.start === pick)!;
  return placeWhole(view, rows, span.start, span.end - span.start, 'blank_lines');
}

/** Fallback: each change group separately, with less context, in order and close together. */
function placeSplit(view: FileView, rows: readonly Row[], from: number, anchored: boolean): HunkOutcome | undefined {
  const groups = groupsOf(rows);
  if (groups.length === 0) return undefined;
  const edits: Edit[] = [];
  let prevEnd = from;
  let first = -1;
  for (const [gi, g] of groups.entries()) {
    // A later group must sit about where the model's context between the groups says.
    const maxGap = gi === 0 ? undefined : 2 * g.pre.length + 8;
    const placed = placeGroup(view, rows, g, prevEnd, anchored && gi === 0, maxGap);
    if (placed === undefined) return undefined;
    if (placed.kind === 'contradicts') return { ok: false, failure: placed.failure };
    if (first === -1) first = placed.start;
    if (placed.edit !== undefined) edits.push(placed.edit);
    prevEnd = placed.end;
  }
  return { ok: true, edits, end: prevEnd, placement: { line: first + 1, level: 'trimmed', fallback: 'split' } };
}

type GroupPlacement = { kind: 'placed'; start: number; end: number; edit: Edit | undefined } | { kind: 'contradicts'; failure: HunkFailureDetail };

function placeGroup(view: FileView, rows: readonly Row[], g: Group, from: number, anchored: boolean, maxGap: number | undefined): GroupPlacement | undefined {
  const maxPre = Math.min(g.pre.length, MAX_CONTEXT_SHRINK);
  const maxPost = Math.min(g.post.length, MAX_CONTEXT_SHRINK);
  // Try the widest context first: shrinking only loses evidence.
  const combos: Array<[number, number]> = [];
  for (let a = maxPre; a >= 0; a--) for (let b = maxPost; b >= 0; b--) combos.push([a, b]);
  combos.sort((x, y) => y[0] + y[1] - (x[0] + x[1]));
  const own = rows.slice(g.from, g.to);
  // The group's result already stands right here (with all its context): that part is applied.
  if (substantial(g.add)) {
    const done = locate(view.index, { before: [...g.pre, ...g.add, ...g.post], after: from, anchored, from });
    if (done.kind === 'found') {
      const start = done.index + g.pre.length;
      if (maxGap === undefined || done.index - from <= maxGap) return { kind: 'placed', start, end: start + g.add.length, edit: undefined };
    }
  }
  // A pure insertion is placed by its context alone: if its lines already stand elsewhere with the
  // whole of one side's context, a spot found with that side shrunk is not the one the model meant.
  const elsewhere = g.del.length === 0 && substantial(g.add) ? alreadyElsewhere(view, g) : undefined;
  for (const [a, b] of combos) {
    const pre = g.pre.slice(g.pre.length - a);
    const post = g.post.slice(0, b);
    const before = [...pre, ...g.del, ...post];
    if (!specific(before, g.del.length === 0 ? a + b : a + b + 1)) continue;
    const found = locate(view.index, { before, after: from, anchored, from });
    if (found.kind !== 'found') continue;
    const delStart = found.index + a;
    const delEnd = delStart + g.del.length;
    if (maxGap !== undefined && delStart - a - from > maxGap) continue;
    // The whole group as the model wrote it, taken at this spot: the dropped context is "loose".
    const pattern: PatternRow[] = [...g.pre, ...g.del, ...g.post].map((text, j) => ({ text, del: j >= g.pre.length && j < g.pre.length + g.del.length }));
    const loose = new Set<number>();
    for (let j = 0; j < g.pre.length - a; j++) loose.add(j);
    for (let j = g.pre.length + g.del.length + b; j < pattern.length; j++) loose.add(j);
    if (contradicted(view, pattern, delStart - g.pre.length, loose)) continue;
    // With a side's context dropped entirely, the added lines may already stand on that side.
    for (const side of ['pre', 'post'] as const) {
      if ((side === 'pre' ? a : b) > 0) continue;
      const beyond = side === 'pre' ? g.pre[g.pre.length - 1] : g.post[0];
      const verdict = alreadyThere(view, g, delStart, delEnd, side, beyond);
      if (verdict === 'contradicts') return { kind: 'contradicts', failure: reinsertion(g.del, g) };
      if (verdict === 'noop') return { kind: 'placed', start: delStart, end: side === 'post' ? delEnd + g.add.length : delEnd, edit: undefined };
    }
    if ((elsewhere === 'pre' && a < g.pre.length) || (elsewhere === 'post' && b < g.post.length)) return { kind: 'contradicts', failure: standsElsewhere(g, elsewhere) };
    const misquoted = misquotedContext(view, g, a, b, delStart, delEnd);
    // The retry prompt then shows the model the file's lines where its hunk was about to go.
    if (misquoted !== undefined) return { kind: 'contradicts', failure: { ...misquoted, closest: linesAround(view, delStart - g.pre.length, g.pre.length + g.del.length + g.post.length) } };
    const span = view.lines.slice(found.index, found.index + before.length);
    const groupRows: Row[] = [...pre.map((text) => ({ kind: 'ctx' as const, text })), ...own, ...post.map((text) => ({ kind: 'ctx' as const, text }))];
    const insert = rebuild(view, span, groupRows, found.level === 'exact');
    if (insert === undefined) return { kind: 'contradicts', failure: indentationFailure(before) };
    return { kind: 'placed', start: found.index, end: found.index + before.length, edit: { start: found.index, remove: before.length, insert } };
  }
  return undefined;
}

/** The side whose whole context (with a substantial line) stands in the file right beside the group's added lines. */
function alreadyElsewhere(view: FileView, g: Group): 'pre' | 'post' | undefined {
  if (substantial(g.post) && view.index.find([...g.add, ...g.post], 'unicode').length > 0) return 'post';
  if (substantial(g.pre) && view.index.find([...g.pre, ...g.add], 'unicode').length > 0) return 'pre';
  return undefined;
}

/** A hunk line with its offset in a placed block; `del` rows must stand wherever the block is taken. */
interface PatternRow {
  text: string;
  del: boolean;
}

/** Cap on the occurrences of one dropped line examined as alternative spots. */
const MAX_ALTERNATIVES = 1000;

/**
 * Loosening may drop (or drift past) context only where the dropped lines do not point
 * elsewhere. The block `pattern` was taken at `at` with the rows in `loose` not matching there.
 * Alternatives: every other place where the block's removed rows stand (for a pure insertion,
 * where a loose row's text stands). The spot is contradicted when an alternative carries as much
 * of the block's context (lines equal or slightly drifted, at their offsets) as the chosen spot,
 * or when no context line of the block stands anywhere near the chosen spot although it has some.
 */
function contradicted(view: FileView, pattern: readonly PatternRow[], at: number, loose: ReadonlySet<number>): boolean {
  const hay = view.index.normalized('unicode');
  const norm = pattern.map((r) => normalizeLine(r.text, 'unicode'));
  const evidence = pattern.map((r, j) => !r.del && substantialLine(r.text) && norm[j] !== '');
  const score = (q: number): number => {
    let n = 0;
    for (let j = 0; j < pattern.length; j++) {
      if (!evidence[j]) continue;
      const got = hay[q + j];
      if (got !== undefined && (got === norm[j] || similarity(got, norm[j]!) >= MIN_SIMILARITY)) n++;
    }
    return n;
  };
  const chosen = score(at);
  if (chosen === 0 && evidence.some(Boolean) && !contextNear(hay, pattern, norm, evidence, at)) return true;
  const dels = pattern.flatMap((r, j) => (r.del ? [j] : []));
  const alternatives = new Set<number>();
  if (dels.length > 0) {
    const first = dels[0]!;
    for (const p of view.index.occurrences(pattern[first]!.text, 'unicode').slice(0, MAX_ALTERNATIVES)) {
      const q = p - first;
      if (q !== at && dels.every((d) => hay[q + d] === norm[d])) alternatives.add(q);
    }
  } else {
    for (const j of loose) {
      if (!evidence[j]) continue;
      for (const p of view.index.occurrences(pattern[j]!.text, 'unicode').slice(0, MAX_ALTERNATIVES)) if (p - j !== at) alternatives.add(p - j);
    }
  }
  for (const q of alternatives) if (score(q) >= chosen) return true;
  return false;
}

/** Some context line of the block stands, at least slightly drifted, within a few lines of where the block was taken. */
function contextNear(hay: readonly string[], pattern: readonly PatternRow[], norm: readonly string[], evidence: readonly boolean[], at: number): boolean {
  const reach = 3;
  const lo = Math.max(0, at - reach);
  const hi = Math.min(hay.length, at + pattern.length + reach);
  for (let j = 0; j < pattern.length; j++) {
    if (!evidence[j]) continue;
    for (let i = lo; i < hi; i++) if (similarity(norm[j]!, hay[i]!) >= MIN_SIMILARITY) return true;
  }
  return false;
}

/** Fallback: context lines drifted but every changed line is real and the window is unique (see fuzzy-context.ts). */
function placeFuzzy(view: FileView, rows: readonly Row[], before: readonly string[], cursor: number): HunkOutcome | undefined {
  const changed = rows.filter((r) => r.kind !== 'add').map((r) => r.kind === 'del');
  const found = locateFuzzy(view.index, before, changed, cursor);
  if (found.kind !== 'found') return undefined;
  const hay = view.index.normalized('unicode');
  const pattern = before.map((text, j) => ({ text, del: changed[j]! }));
  const drifted = new Set(before.flatMap((l, j) => (hay[found.index + j] !== normalizeLine(l, 'unicode') ? [j] : [])));
  if (contradicted(view, pattern, found.index, drifted)) return undefined;
  const misquoted = driftedContext(view, rows, before.map((text, j) => ({ text, changed: changed[j]!, drifted: drifted.has(j) })), found.index);
  if (misquoted !== undefined) return { ok: false, failure: misquoted };
  const outcome = placeWhole(view, rows, found.index, before.length, 'unicode');
  if (outcome.ok) outcome.placement.fallback = 'fuzzy_context';
  return outcome;
}

/**
 * The replacement for a line-for-line match. Lines the model kept are taken from the file (so
 * whitespace or Unicode the model mangled is not rewritten); new lines get the file's
 * indentation (see indentation.ts). Undefined when a new line's indentation cannot be mapped.
 */
function rebuild(view: FileView, span: readonly string[], rows: readonly Row[], exact: boolean): string[] | undefined {
  // Exact matches still go through the mapper: a new line may use spaces in a tab file even
  // when every matched line sits at column 0 (nothing else tells the file's convention then).
  if (exact && rows.every((r) => r.kind !== 'add' || leading(r.text) === '')) return afterOf(rows);
  const pairs: Array<readonly [string, string]> = [];
  let bi = 0;
  for (const r of rows) if (r.kind !== 'add') pairs.push([r.text, span[bi++]!]);
  const mapper = indentMapper(pairs, rows.filter((r) => r.kind === 'add').map((r) => r.text), view.unit);
  const out: string[] = [];
  bi = 0;
  let near: readonly [string, string] | undefined = firstIndented(pairs);
  for (const r of rows) {
    if (r.kind === 'add') {
      const line = mapper(r.text, near);
      if (line === undefined) return undefined;
      out.push(line);
      continue;
    }
    const pair = pairs[bi]!;
    if (pair[0].trim() !== '') near = [leading(pair[0]), leading(pair[1])];
    if (r.kind === 'ctx') out.push(span[bi]!);
    bi++;
  }
  return out;
}

/** The replacement when blank lines differ: the model's non-blank kept/removed rows map in order onto the span's non-blank lines. */
function rebuildIgnoringBlanks(view: FileView, span: readonly string[], rows: readonly Row[]): string[] | undefined {
  const solid = rows.filter((r) => r.kind !== 'add' && r.text.trim() !== '');
  const fileSolid = span.filter((l) => l.trim() !== '');
  if (solid.length !== fileSolid.length) return undefined;
  const mapper = indentMapper(solid.map((r, k) => [r.text, fileSolid[k]!] as const), rows.filter((r) => r.kind === 'add').map((r) => r.text), view.unit);
  const out: string[] = [];
  let i = 0;
  for (const r of rows) {
    if (r.kind === 'add') {
      // A blank line added beside one the file already has there: the model did not see it.
      if (r.text.trim() === '' && (out[out.length - 1]?.trim() === '' || span[i]?.trim() === '')) continue;
      const line = mapper(r.text);
      if (line === undefined) return undefined;
      out.push(line);
      continue;
    }
    if (r.text.trim() === '') continue; // the model's blank lines give way to the file's
    while (i < span.length && span[i]!.trim() === '') out.push(span[i++]!);
    if (r.kind === 'ctx') out.push(span[i]!);
    i++;
  }
  while (i < span.length) out.push(span[i++]!);
  return out;
}

const leading = (line: string): string => /^[ \t]*/.exec(line)![0];

function firstIndented(pairs: ReadonlyArray<readonly [string, string]>): readonly [string, string] | undefined {
  const p = pairs.find(([m]) => m.trim() !== '');
  return p === undefined ? undefined : [leading(p[0]), leading(p[1])];
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

function ambiguous(before: string[], found: Extract<Located, { kind: 'ambiguous' }>): HunkFailureDetail {
  const lines = found.candidates.slice(0, 20).map((c) => c + 1);
  return {
    reason: 'ambiguous',
    before,
    candidates: lines,
    message: `the lines to change occur ${found.candidates.length} times (lines ${lines.join(', ')}); add context or an @@ anchor that is unique`,
  };
}

function reinsertion(before: string[], g: Group): HunkFailureDetail {
  return {
    reason: 'not_found',
    before,
    message: `the added lines (first: "${firstSolid(g.add)}") already stand at the spot the hunk matches, and the hunk's other lines do not agree with the file there: re-read the file and send only the change still needed`,
  };
}

function stutterFailure(before: string[], g: Group): HunkFailureDetail {
  return {
    reason: 'not_found',
    before,
    message: `the added lines (first: "${firstSolid(g.add)}") repeat the hunk's own context right beside them, so the line would stand twice: send the change still needed, without repeating a line`,
  };
}

function standsElsewhere(g: Group, side: 'pre' | 'post'): HunkFailureDetail {
  return {
    reason: 'not_found',
    before: [...g.pre, ...g.post],
    message: `the added lines (first: "${firstSolid(g.add)}") already stand in the file with all the context ${side === 'pre' ? 'before' : 'after'} them, and the context ${side === 'pre' ? 'after' : 'before'} them points to another spot: re-read the file and send only the change still needed`,
  };
}

function pastedChange(before: string[], row: Row): HunkFailureDetail {
  return {
    reason: 'not_found',
    before,
    message: `a ${row.kind === 'add' ? '"+"' : '"-"'} line is compiler output, not code ("${row.text.trim()}"): send only the file's lines, without the compiler's message`,
  };
}

function pastedOnlyContext(before: string[]): HunkFailureDetail {
  return {
    reason: 'not_found',
    before,
    message: 'the hunk\'s only context lines are compiler output, so nothing says where its lines go: quote the file\'s own lines around the change',
  };
}

function indentationFailure(before: string[]): HunkFailureDetail {
  return {
    reason: 'not_found',
    before,
    message: "the new lines' indentation cannot be mapped onto the file's (tabs vs spaces at a width that is not a whole number of levels): use the file's indentation",
  };
}

/** The file's lines from `start` for `length` lines, one more on each side, at most 30 (1-based `line`). */
function linesAround(view: FileView, start: number, length: number): { line: number; lines: string[] } {
  const from = Math.max(0, start - 1);
  return { line: from + 1, lines: view.lines.slice(from, Math.min(view.lines.length, from + Math.min(length + 2, 30))) as string[] };
}

/** Longest hunk for which the closest window is computed (O(file × hunk)). */
const MAX_CLOSEST_HUNK = 200;

function notFound(index: LineIndex, before: string[], anchorMissing: string | undefined): HunkFailureDetail {
  const missingLines = before.filter((l) => l.trim() !== '' && index.count(l, 'unicode') === 0);
  const closest = before.length <= MAX_CLOSEST_HUNK ? closestWindow(index, before) : undefined;
  const what = missingLines.length > 0
    ? `${missingLines.length} of ${before.length} lines do not exist in the file (first: "${missingLines[0]!.trim()}")`
    : `the lines exist but not consecutively in this order`;
  return {
    reason: 'not_found',
    before,
    missingLines,
    ...(closest === undefined ? {} : { closest }),
    message: `lines to change not found: ${what}${anchorMissing === undefined ? '' : `; anchor "@@ ${anchorMissing}" not found either`}`,
  };
}

/** The window of the file sharing the most (normalised) lines with `before`, to show the model what is really there. */
function closestWindow(index: LineIndex, before: readonly string[]): { line: number; lines: string[] } | undefined {
  // Only windows that contain at least one of the hunk's lines can score: start from those.
  const score = new Map<number, number>();
  before.forEach((l, j) => {
    if (normalizeLine(l, 'unicode') === '') return;
    for (const p of index.occurrences(l, 'unicode')) {
      const start = p - j;
      if (start >= 0) score.set(start, (score.get(start) ?? 0) + 1);
    }
  });
  let best = -1;
  let bestScore = 0;
  for (const [start, s] of score) {
    if (s > bestScore || (s === bestScore && start < best)) {
      bestScore = s;
      best = start;
    }
  }
  if (best < 0) return undefined;
  return { line: best + 1, lines: index.lines.slice(best, best + Math.min(before.length + 2, 30)) as string[] };
}
