import type { HunkFailureDetail } from './errors.js';
import { firstSolid, specific, substantial, substantialLine } from './evidence.js';
import type { FileView } from './file-view.js';
import { MIN_SIMILARITY, similarity } from './fuzzy-context.js';
import { groupsOf, type Group, type Row } from './hunk-rows.js';
import { normalizeLine } from './normalize.js';

/**
 * Context the model got wrong, judged where a change group was placed with part of its context
 * dropped (`a` lines kept before the change, `b` after; the removed lines at [delStart, delEnd)).
 * Each rule was seen committing wrong code on real small-model replies (docs/patch.md): a side of
 * the context that stands elsewhere, a dropped line drifted or made up at the spot, an insertion
 * whose lines already stand a few lines away, a line right beside the change that is not the
 * file's. The first that applies is the refusal, with a message that names the lines.
 */
export function misquotedContext(view: FileView, g: Group, a: number, b: number, delStart: number, delEnd: number): HunkFailureDetail | undefined {
  const dropped = droppedLines(g, a, b, delStart, delEnd);
  // Context that stands where the hunk says: the lines kept in the match and dropped ones that still fit (shared with a neighbour group).
  const keptRows = [...g.pre.slice(g.pre.length - a), ...g.post.slice(0, b)];
  const kept = keptRows.filter(substantialLine).length + dropped.filter((d) => substantialLine(d.text) && view.lines[d.at] !== undefined && view.sameCode(d.text, view.lines[d.at]!)).length;
  const inPlace = kept > 0 && editsInPlace(g);
  const pointed = contextPointsElsewhere(view, g, a, b, delStart, delEnd, kept, inPlace);
  if (pointed !== undefined) return contextElsewhere(g, pointed);
  const mismatch = dropped.find((d) => materialMismatch(view, g, d.text, view.lines[d.at], inPlace));
  if (mismatch !== undefined) return contextMismatch(g, mismatch.text, view.lines[mismatch.at]);
  if (g.del.length === 0 && (a < g.pre.length || b < g.post.length)) {
    const near = standsNear(view, g, delStart);
    if (near !== undefined) return addedNear(g, near);
  }
  // Last, as the least specific: the lines right around the change, even a `}`, must be the file's.
  const beside = inPlace ? undefined : besideMismatch(view, g, delStart, delEnd);
  return beside === undefined ? undefined : besideFailure(g, beside);
}

/**
 * The same judgement for the fuzzy fallback, which took a whole hunk at `at` with some context
 * lines drifted (`rows`: the hunk's old side, each marked removed or drifted): a drifted line
 * holds code the file does not have there, unless the hunk is one edit in place that the drift
 * does not touch.
 */
export function driftedContext(view: FileView, hunkRows: readonly Row[], old: ReadonlyArray<{ text: string; changed: boolean; drifted: boolean }>, at: number): HunkFailureDetail | undefined {
  const groups = groupsOf(hunkRows);
  const whole: Group = { pre: [], del: groups.flatMap((g) => g.del), add: groups.flatMap((g) => g.add), post: [], from: 0, to: hunkRows.length };
  const kept = old.filter((r) => !r.changed && !r.drifted && substantialLine(r.text)).length;
  const inPlace = groups.length === 1 && kept > 0 && editsInPlace(whole);
  const off = old.findIndex((r, j) => r.drifted && !r.changed && materialMismatch(view, whole, r.text, view.lines[at + j], inPlace));
  return off === -1 ? undefined : contextMismatch(whole, old[off]!.text, view.lines[at + off]);
}

/**
 * A side of the group's context, whole, that stands verbatim in the file as a block (with
 * evidence enough to mean something), but not beside the spot found with part of that side
 * dropped (blank lines aside): the model's context points there. It quoted another function, or
 * left out (or made up) lines between that context and its change, so what it wrote may not be
 * what this spot needs. A pure insertion has only its two sides to say where it goes, so a side
 * of two or more substantial lines that points away contradicts it. A group that removes lines is
 * placed by them as well: there the side must carry more evidence than the context kept at the
 * spot, and a group that edits its lines in place (each removed line becomes one close variant
 * of itself) is placed by those lines alone.
 */
function contextPointsElsewhere(view: FileView, g: Group, a: number, b: number, delStart: number, delEnd: number, kept: number, inPlace: boolean): { side: 'pre' | 'post'; line: number } | undefined {
  if (inPlace) return undefined;
  const reach = g.pre.length + g.post.length + g.add.length + 8;
  // `side` runs from its far end to the change; `offset` is where its first line would stand, `expected` says whether a hit is that spot.
  const points = (side: readonly string[], offset: number, expected: (hit: number) => boolean): number | undefined => {
    const evidence = side.filter(substantialLine).length;
    if (!specific(side, side.length)) return undefined;
    const hits = view.index.find(side, 'unicode');
    if (hits.length === 0 || hits.some(expected)) return undefined;
    // One line standing a few lines off says the model left lines out (or made some up) beside its change.
    const near = hits.find((h) => Math.abs(h - offset) <= reach);
    if (g.del.length === 0) return evidence >= 2 || near !== undefined ? (near ?? hits[0]) : undefined;
    return evidence > kept || near !== undefined ? (near ?? hits[0]) : undefined;
  };
  // A side is compared without its trivial far end (`}` lines the model may have counted wrong).
  const solidPre = g.pre.slice(Math.max(0, g.pre.findIndex(substantialLine)));
  const lastSubstantial = g.post.map(substantialLine).lastIndexOf(true);
  const solidPost = g.post.slice(0, lastSubstantial + 1);
  if (a < g.pre.length && solidPre.length > 0) {
    // The block's last non-blank line must be the last non-blank line before the change.
    const lastSolid = solidPre.map((l) => l.trim() !== '').lastIndexOf(true);
    const line = points(solidPre, delStart - solidPre.length, (hit) => hit + lastSolid === view.lastSolidBefore(delStart));
    if (line !== undefined) return { side: 'pre', line };
  }
  if (b < g.post.length && solidPost.length > 0) {
    const firstSolid = solidPost.findIndex((l) => l.trim() !== '');
    const line = points(solidPost, delEnd, (hit) => hit + firstSolid === view.firstSolidFrom(delEnd));
    if (line !== undefined) return { side: 'post', line };
  }
  return undefined;
}

/**
 * Each removed line replaced by one close variant of itself (`f(a)` → `f(&a)`): an edit in place,
 * which its own lines place once they are found (callers also want some context kept at the spot).
 */
function editsInPlace(g: { del: readonly string[]; add: readonly string[] }): boolean {
  return g.del.length > 0 && g.del.length === g.add.length && g.del.every((d, j) => similarity(normalizeLine(d, 'unicode'), normalizeLine(g.add[j]!, 'unicode')) >= MIN_SIMILARITY);
}

/**
 * The model's nearest non-blank context line on a side of its change that is not the file's
 * nearest non-blank line on that side of the spot, even a `}`: the line a change is put next to is
 * part of what the hunk says, and a spot where it is not there is not the model's.
 */
function besideMismatch(view: FileView, g: Group, delStart: number, delEnd: number): { side: 'pre' | 'post'; model: string; file: string } | undefined {
  const modelPre = [...g.pre].reverse().find((l) => l.trim() !== '');
  if (modelPre !== undefined) {
    const file = view.lines[view.lastSolidBefore(delStart)] ?? '';
    if (!view.sameCode(modelPre, file)) return { side: 'pre', model: modelPre, file };
  }
  const modelPost = g.post.find((l) => l.trim() !== '');
  if (modelPost !== undefined) {
    const file = view.lines[view.firstSolidFrom(delEnd)] ?? '';
    if (!view.sameCode(modelPost, file)) return { side: 'post', model: modelPost, file };
  }
  return undefined;
}

/** The group's context lines left out of the match, each with the 0-based file line where the hunk puts it. */
function droppedLines(g: Group, a: number, b: number, delStart: number, delEnd: number): Array<{ text: string; at: number }> {
  const out: Array<{ text: string; at: number }> = [];
  for (let j = 0; j < g.pre.length - a; j++) out.push({ text: g.pre[j]!, at: delStart - g.pre.length + j });
  for (let j = b; j < g.post.length; j++) out.push({ text: g.post[j]!, at: delEnd + j });
  return out;
}

/**
 * A context line left out of the match that the file has differently where the hunk puts it:
 * drifted (a similar line with other code) or made up (a line the file has nowhere). The model's
 * picture of the spot then holds code the result would not, and nothing tells a misremembered
 * line from a change it wrote as context (its context uses `input_ptr` where the file still says
 * `input`, after its own edit renamed it). Such a spot is refused, except for an edit in place
 * whose words the line does not touch: that edit stands on its own lines. Lines the file has
 * elsewhere are judged by `contextPointsElsewhere`; blank and trivial lines never count.
 */
function materialMismatch(view: FileView, g: Group, model: string, file: string | undefined, inPlace: boolean): boolean {
  if (!substantialLine(model) || (file !== undefined && view.sameCode(model, file))) return false;
  if (view.index.count(model, 'unicode') > 0) return false;
  if (!inPlace) return true;
  const changed = symmetricDifference(wordsOf(g.del), wordsOf(g.add));
  const differing = symmetricDifference(wordsOf([model]), wordsOf(file === undefined ? [] : [file]));
  return [...differing].some((w) => changed.has(w));
}

function wordsOf(lines: readonly string[]): Set<string> {
  return new Set(lines.flatMap((l) => l.match(/[A-Za-z_]\w*|\d+/g) ?? []));
}

function symmetricDifference(x: ReadonlySet<string>, y: ReadonlySet<string>): Set<string> {
  return new Set([...[...x].filter((w) => !y.has(w)), ...[...y].filter((w) => !x.has(w))]);
}

/**
 * A pure insertion placed with part of its context dropped whose added lines already stand, as
 * code, a few lines from the spot: the model's picture of the region is off (it wrote an existing
 * line as new), so inserting it would put it there twice. The 0-based line where they stand.
 */
function standsNear(view: FileView, g: Group, at: number): number | undefined {
  if (!substantial(g.add)) return undefined;
  const reach = g.pre.length + g.post.length + g.add.length + 8;
  return view.codeOccurrences(g.add).find((p) => p >= at - reach - g.add.length && p <= at + reach);
}

function besideFailure(g: Group, m: { side: 'pre' | 'post'; model: string; file: string }): HunkFailureDetail {
  return {
    reason: 'not_found',
    before: [...g.pre, ...g.del, ...g.post],
    message: `the line ${m.side === 'pre' ? 'before' : 'after'} the change is "${m.model.trim()}" in the hunk, but "${m.file.trim()}" in the file where the rest of the hunk matches: quote the lines right around the change exactly`,
  };
}

function contextMismatch(g: Group, model: string, file: string | undefined): HunkFailureDetail {
  return {
    reason: 'not_found',
    before: [...g.pre, ...g.del, ...g.post],
    message: `the context line "${model.trim()}" is not in the file where the change goes (the file has "${(file ?? '').trim()}" there): quote the lines exactly as they stand, and write every line you change as "-"/"+"`,
  };
}

function contextElsewhere(g: Group, pointed: { side: 'pre' | 'post'; line: number }): HunkFailureDetail {
  const ctx = pointed.side === 'pre' ? g.pre : g.post;
  const first = firstSolid(ctx);
  return {
    reason: 'not_found',
    before: [...g.pre, ...g.del, ...g.post],
    message: `the context ${pointed.side === 'pre' ? 'before' : 'after'} the change (first: "${first}") stands at line ${pointed.line + 1}, but the ${g.del.length > 0 ? 'lines to change do' : 'new lines would'} not ${pointed.side === 'pre' ? 'follow' : 'precede'} it there: quote the lines exactly as they stand around the change`,
  };
}

function addedNear(g: Group, line: number): HunkFailureDetail {
  return {
    reason: 'not_found',
    before: [...g.pre, ...g.post],
    message: `the added lines (first: "${firstSolid(g.add)}") already stand at line ${line + 1}, near where the hunk's remaining context puts them: re-read the file and send only the change still needed`,
  };
}
