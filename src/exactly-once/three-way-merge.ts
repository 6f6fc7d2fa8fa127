/**
 * A line-based 3-way merge (diff3 without conflict markers): `base` is the file Spark patched,
 * `ours` its patched version, `theirs` the file at the branch's new head. Pure.
 *
 * Each side's change against `base` is a list of regions (base lines [start, end) replaced by
 * some lines). A region both sides made identically is taken once — which is how a change that
 * is already on the branch (e.g. Spark's own earlier commit of it) is recognised instead of
 * applied a second time. Regions that overlap or touch differently are a conflict: the caller
 * refuses rather than guesses. Lines keep their own endings, so the merge is byte-exact.
 */
import { diffArrays } from 'diff';

export type MergeResult =
  /** Our change merged into theirs. */
  | { kind: 'merged'; text: string }
  /** Every region of our change is already in theirs: nothing to apply. */
  | { kind: 'already-applied' }
  | { kind: 'conflict'; baseLine: number };

interface Region {
  start: number;
  end: number;
  lines: string[];
}

function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function regions(base: string[], other: string[]): Region[] {
  const out: Region[] = [];
  let at = 0;
  let open: Region | undefined;
  for (const part of diffArrays(base, other)) {
    const count = part.value.length;
    if (!part.added && !part.removed) {
      if (open) out.push(open);
      open = undefined;
      at += count;
      continue;
    }
    open ??= { start: at, end: at, lines: [] };
    if (part.removed) {
      open.end += count;
      at += count;
    } else {
      open.lines.push(...part.value);
    }
  }
  if (open) out.push(open);
  return out;
}

const same = (a: Region, b: Region): boolean =>
  a.start === b.start && a.end === b.end && a.lines.length === b.lines.length && a.lines.every((l, i) => l === b.lines[i]);

/** Touching counts: two insertions at one point, or an edit right next to another, is a conflict. */
const touches = (a: Region, b: Region): boolean => a.start <= b.end && b.start <= a.end;

export function mergeThreeWay(base: string, ours: string, theirs: string): MergeResult {
  if (ours === theirs) return { kind: 'already-applied' };
  const b = lines(base);
  const o = regions(b, lines(ours));
  const t = regions(b, lines(theirs));
  if (o.length > 0 && o.every((r) => t.some((x) => same(r, x)))) return { kind: 'already-applied' };
  const picked: Region[] = [...t];
  for (const r of o) {
    if (t.some((x) => same(r, x))) continue;
    const clash = t.find((x) => touches(r, x));
    if (clash) return { kind: 'conflict', baseLine: Math.min(r.start, clash.start) + 1 };
    picked.push(r);
  }
  picked.sort((x, y) => x.start - y.start || x.end - y.end);
  const out: string[] = [];
  let at = 0;
  for (const r of picked) {
    out.push(...b.slice(at, r.start), ...r.lines);
    at = r.end;
  }
  out.push(...b.slice(at));
  return { kind: 'merged', text: out.join('') };
}
