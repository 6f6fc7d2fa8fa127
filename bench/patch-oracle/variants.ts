/**
 * The ways a model sends a change. Each variant turns a true (before, after) pair into a reply,
 * the snapshot to apply it to, and the only right answer. A variant that needs a file property
 * the pair lacks (tabs, a second hunk, an enclosing function) builds it by transforming both
 * sides the same way, or returns undefined ("not applicable").
 */
import { buildHunks, countBlock, edits, hunkOld, type Edit, type Hunk, type HunkLine } from './hunks.js';
import { applyPatchReply, fencedWithProse, searchReplaceReply, unifiedWrongNumbersReply } from './render.js';
import { seededRng } from './rng.js';
import { blockEnd, enclosingHeader, renameHeader } from './structure.js';
import { indentOf, indentUnit, joinText, spacesToTabs, splitText, tabsToSpaces, usesTabs } from './text.js';
import type { Pair, Rendered, Variant } from './types.js';

interface Sides {
  before: string[];
  after: string[];
  finalNewline: boolean;
}

function sides(pair: Pair): Sides | undefined {
  const b = splitText(pair.before);
  const a = splitText(pair.after);
  // apply_patch cannot say "add/remove the final newline"; CR bytes are built by the CRLF variant only.
  if (b.finalNewline !== a.finalNewline || pair.before.includes('\r') || pair.after.includes('\r')) return undefined;
  return { before: b.lines, after: a.lines, finalNewline: b.finalNewline };
}

const single = (path: string, before: string[], finalNewline: boolean, eol: '\n' | '\r\n' = '\n'): Map<string, string> => new Map([[path, joinText(before, finalNewline, eol)]]);

function expectOf(path: string, s: Sides, eol: '\n' | '\r\n' = '\n'): Rendered['expect'] {
  return { path, content: joinText(s.after, s.finalNewline, eol) };
}

/** Codex apply_patch semantics: the anchor is sought from the cursor, then the hunk after it; each hunk must land where it truly is. */
export function codexLands(before: readonly string[], hunks: readonly Hunk[], anchors: readonly (string | undefined)[]): boolean {
  let cursor = 0;
  for (let i = 0; i < hunks.length; i++) {
    const hunk = hunks[i]!;
    const anchor = anchors[i];
    if (anchor !== undefined) {
      const at = before.indexOf(anchor, cursor);
      if (at === -1) return false;
      cursor = at + 1;
    }
    const old = hunkOld(hunk);
    let found = -1;
    for (let p = cursor; p + old.length <= before.length && found === -1; p++) if (old.every((l, j) => before[p + j] === l)) found = p;
    if (found !== hunk.oldStart) return false;
    cursor = found + old.length;
  }
  return true;
}

const firstChangeIndent = (hunk: Hunk): string => indentOf(hunk.lines.find((l) => l.tag !== ' ' && l.text.trim() !== '')?.text ?? '');

/** Per hunk, the enclosing function line above it, unless it lies inside the previous hunk (Codex seeks anchors forward). */
function anchorsFor(before: readonly string[], hunks: readonly Hunk[]): (string | undefined)[] {
  let cursor = 0;
  return hunks.map((h) => {
    const at = enclosingHeader(before, h.oldStart, firstChangeIndent(h));
    const previousEnd = cursor;
    cursor = h.oldStart + hunkOld(h).length;
    return at === undefined || at < previousEnd ? undefined : before[at];
  });
}

function withAnchors(before: string[], changes: Edit[]): { hunks: Hunk[]; anchors: (string | undefined)[] } | undefined {
  const plainHunks = buildHunks(before, changes, 3, false);
  const anchors = anchorsFor(before, plainHunks);
  if (anchors.every((a) => a === undefined)) return undefined;
  if (codexLands(before, plainHunks, anchors)) return { hunks: plainHunks, anchors };
  // Three lines were not enough even after the anchor: a careful model widens the context.
  const wide = buildHunks(before, changes, 3, true);
  const wideAnchors = anchorsFor(before, wide);
  return codexLands(before, wide, wideAnchors) ? { hunks: wide, anchors: wideAnchors } : undefined;
}

/** The pair's clean hunks: 3 lines of context, widened until each block is unique in the file. */
function clean(s: Sides): Hunk[] {
  return buildHunks(s.before, edits(s.before, s.after), 3, true);
}

function simple(name: string, build: (pair: Pair, s: Sides, seed: string) => Rendered | undefined, mustRefuse = false): Variant {
  return {
    name,
    mustRefuse,
    render: (pair, seed) => {
      const s = sides(pair);
      return s === undefined ? undefined : build(pair, s, seed);
    },
  };
}

const cleanVariant = simple('apply_patch-clean', (pair, s) => ({ reply: applyPatchReply(clean(s), { path: pair.path }), files: single(pair.path, s.before, s.finalNewline), expect: expectOf(pair.path, s) }));

const anchorsVariant = simple('apply_patch-anchors', (pair, s) => {
  const a = withAnchors(s.before, edits(s.before, s.after));
  if (a === undefined) return undefined;
  return { reply: applyPatchReply(a.hunks, { path: pair.path, anchors: a.anchors }), files: single(pair.path, s.before, s.finalNewline), expect: expectOf(pair.path, s) };
});

const noEndVariant = simple('apply_patch-no-end-patch', (pair, s) => ({
  reply: applyPatchReply(clean(s), { path: pair.path, endPatch: false }),
  files: single(pair.path, s.before, s.finalNewline),
  expect: expectOf(pair.path, s),
}));

/**
 * Cut inside the last hunk that changes something, as if the model stopped mid-hunk and the stream
 * still finished normally: right after a `-` line whose `+` lines never come, inside a `+` block,
 * or in the middle of a line. Something the true change needs is always missing.
 */
export function truncate(reply: string, seed: string): string | undefined {
  const lines = reply.split('\n');
  const lastHunk = lines.map((l, i) => (l.startsWith('@@') ? i : -1)).filter((i) => i >= 0).pop();
  if (lastHunk === undefined) return undefined;
  const cuts: string[] = [];
  for (let i = lastHunk + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1] ?? '';
    if (line.startsWith('-') && next.startsWith('+')) cuts.push(`${lines.slice(0, i + 1).join('\n')}\n`);
    if (line.startsWith('+') && next.startsWith('+')) cuts.push(`${lines.slice(0, i + 1).join('\n')}\n`);
    if (line.startsWith('+') && line.trim().length > 4) cuts.push(`${lines.slice(0, i).join('\n')}\n${line.slice(0, Math.ceil(line.length / 2))}`);
  }
  return cuts.length === 0 ? undefined : seededRng(seed).pick(cuts);
}

const truncatedVariant = simple(
  'apply_patch-truncated',
  (pair, s, seed) => {
    const reply = truncate(applyPatchReply(clean(s), { path: pair.path, endPatch: false }), seed);
    return reply === undefined ? undefined : { reply, files: single(pair.path, s.before, s.finalNewline), expect: expectOf(pair.path, s) };
  },
  true,
);

/** Both indentation conventions of the pair: the file as it is, and converted to the other one. */
function indentVariant(name: string, fileTabs: boolean): Variant {
  return simple(name, (pair, s) => {
    const tabs = usesTabs(s.before);
    const unit = tabs ? 4 : indentUnit(s.before);
    const convert = (lines: string[]): string[] => (tabs === fileTabs ? lines : lines.map((l) => (fileTabs ? spacesToTabs(l, unit) : tabsToSpaces(l, 4))));
    const file: Sides = { before: convert(s.before), after: convert(s.after), finalNewline: s.finalNewline };
    const typed = (line: HunkLine): string => (fileTabs ? tabsToSpaces(line.text, 4) : spacesToTabs(line.text, unit));
    const hunks = clean(file);
    if (!hunks.some((h) => h.lines.some((l) => typed(l) !== l.text))) return undefined;
    return { reply: applyPatchReply(hunks, { path: pair.path, text: typed }), files: single(pair.path, file.before, file.finalNewline), expect: expectOf(pair.path, file) };
  });
}

/** Some lines carry trailing spaces in the file (chosen by content, so both sides agree); the model's context drops them. */
const trailingVariant = simple('apply_patch-trailing-ws-dropped', (pair, s) => {
  const pad = (l: string): string => {
    if (l.trim() === '') return l;
    let h = 0;
    for (let i = 0; i < l.length; i++) h = (h * 31 + l.charCodeAt(i)) >>> 0;
    return h % 3 === 0 ? `${l}  ` : l;
  };
  const file: Sides = { before: s.before.map(pad), after: s.after.map(pad), finalNewline: s.finalNewline };
  const hunks = clean(file);
  const typed = (line: HunkLine): string => (line.tag === ' ' ? line.text.trimEnd() : line.text);
  if (!hunks.some((h) => h.lines.some((l) => typed(l) !== l.text))) return undefined;
  return { reply: applyPatchReply(hunks, { path: pair.path, text: typed }), files: single(pair.path, file.before, file.finalNewline), expect: expectOf(pair.path, file) };
});

const crlfVariant = simple('apply_patch-crlf-file-lf-patch', (pair, s) => ({
  reply: applyPatchReply(clean(s), { path: pair.path }),
  files: single(pair.path, s.before, s.finalNewline, '\r\n'),
  expect: expectOf(pair.path, s, '\r\n'),
}));

const noFinalNewlineVariant = simple('apply_patch-no-final-newline', (pair, s) => {
  if (!s.finalNewline) return undefined;
  const file: Sides = { ...s, finalNewline: false };
  return { reply: applyPatchReply(clean(file), { path: pair.path }), files: single(pair.path, file.before, false), expect: expectOf(pair.path, file) };
});

const movedPath = (path: string): string => path.replace(/(\.[^./]+)?$/, (ext) => `-moved${ext}`);

const moveVariant = simple('apply_patch-move-to', (pair, s) => {
  const moveTo = movedPath(pair.path);
  return {
    reply: applyPatchReply(clean(s), { path: pair.path, moveTo }),
    files: single(pair.path, s.before, s.finalNewline),
    expect: { path: moveTo, oldPath: pair.path, content: joinText(s.after, s.finalNewline) },
  };
});

const perHunkVariant = simple('apply_patch-section-per-hunk', (pair, s) => {
  const hunks = clean(s);
  if (hunks.length < 2) return undefined;
  return { reply: applyPatchReply(hunks, { path: pair.path, sectionPerHunk: true }), files: single(pair.path, s.before, s.finalNewline), expect: expectOf(pair.path, s) };
});

/**
 * The first hunk's context made to occur twice: a copy of its enclosing block, header renamed, is
 * inserted just above the block (both sides). With the original header as `@@` anchor the place
 * is determined (Codex semantics); without it the reply is ambiguous and must be refused.
 */
function decoyed(s: Sides): { file: Sides; first: Hunk; rest: Hunk[]; anchor: string; changedLine: number } | undefined {
  const changes = edits(s.before, s.after);
  const firstEdit = changes[0];
  if (firstEdit === undefined) return undefined;
  const indent = indentOf([...firstEdit.removed, ...firstEdit.added].find((l) => l.trim() !== '') ?? '');
  const header = enclosingHeader(s.before, firstEdit.oldStart, indent);
  if (header === undefined) return undefined;
  const end = blockEnd(s.before, header);
  const renamed = renameHeader(s.before[header]!);
  if (end === undefined || renamed === undefined || end < firstEdit.oldStart + firstEdit.removed.length) return undefined;
  const decoy = [renamed, ...s.before.slice(header + 1, end + 1), ''];
  const insert = (lines: string[]): string[] => [...lines.slice(0, header), ...decoy, ...lines.slice(header)];
  const file: Sides = { before: insert(s.before), after: insert(s.after), finalNewline: s.finalNewline };
  const anchor = s.before[header]!;
  if (countBlock(file.before, [anchor]) !== 1) return undefined;
  const shifted = changes.map((e) => ({ ...e, oldStart: e.oldStart + decoy.length, newStart: e.newStart + decoy.length }));
  // The first hunk keeps its context inside the copied block, so that it occurs twice.
  const lo = header + decoy.length + 1;
  const hi = end + decoy.length + 1;
  const firstChange = shifted[0]!;
  const c = 3;
  const from = Math.max(lo, firstChange.oldStart - c);
  const to = Math.min(hi, firstChange.oldStart + firstChange.removed.length + c);
  const [first] = buildHunks(file.before.slice(from, to), [{ ...firstChange, oldStart: firstChange.oldStart - from }], c, false);
  if (first === undefined) return undefined;
  const firstHunk: Hunk = { oldStart: first.oldStart + from, lines: first.lines };
  if (countBlock(file.before, hunkOld(firstHunk)) < 2) return undefined;
  const rest = buildHunks(file.before, shifted.slice(1), 3, true);
  if (rest.length > 0 && rest[0]!.oldStart <= firstHunk.oldStart + hunkOld(firstHunk).length) return undefined;
  return { file, first: firstHunk, rest, anchor, changedLine: firstChange.oldStart + 1 };
}

const ambiguousAnchored = simple('apply_patch-ambiguous-with-anchor', (pair, s) => {
  const d = decoyed(s);
  if (d === undefined) return undefined;
  const hunks = [d.first, ...d.rest];
  const anchors = [d.anchor, ...d.rest.map(() => undefined)];
  if (!codexLands(d.file.before, hunks, anchors)) return undefined;
  return { reply: applyPatchReply(hunks, { path: pair.path, anchors }), files: single(pair.path, d.file.before, d.file.finalNewline), expect: expectOf(pair.path, d.file) };
});

const ambiguousBare = simple(
  'apply_patch-ambiguous-no-anchor',
  (pair, s) => {
    const d = decoyed(s);
    if (d === undefined) return undefined;
    return { reply: applyPatchReply([d.first, ...d.rest], { path: pair.path }), files: single(pair.path, d.file.before, d.file.finalNewline), expect: expectOf(pair.path, d.file) };
  },
  true,
);

/**
 * The same ambiguous reply, with the maintainer's instruction naming the first changed line of the
 * real block ("line N", `path:N` or `LN`, as `lineHintsFrom` reads it): the named line decides.
 */
const ambiguousNamed = simple('apply_patch-ambiguous-with-instruction-hint', (pair, s, seed) => {
  const d = decoyed(s);
  if (d === undefined) return undefined;
  const n = d.changedLine;
  const instruction = seededRng(seed).pick([`line ${n} is wrong, fix it`, `fix ${pair.path}:${n}`, `see L${n}`]);
  return { reply: applyPatchReply([d.first, ...d.rest], { path: pair.path }), files: single(pair.path, d.file.before, d.file.finalNewline), expect: expectOf(pair.path, d.file), instruction };
});

const FENCE = /^\s*(```|~~~)/;

/** A fence line as context: the file's own when a hunk has one, else a ``` line placed just above the first change (both sides). */
function fenced(s: Sides): { file: Sides; hunks: Hunk[] } {
  const hunks = clean(s);
  if (hunks.some((h) => h.lines.some((l) => l.tag === ' ' && FENCE.test(l.text)))) return { file: s, hunks };
  const first = edits(s.before, s.after)[0]!;
  const insert = (lines: string[], at: number): string[] => [...lines.slice(0, at), '```', ...lines.slice(at)];
  const file: Sides = { before: insert(s.before, first.oldStart), after: insert(s.after, first.newStart), finalNewline: s.finalNewline };
  return { file, hunks: clean(file) };
}

const fenceVariant = simple('apply_patch-fence-context', (pair, s) => {
  const f = fenced(s);
  return { reply: applyPatchReply(f.hunks, { path: pair.path }), files: single(pair.path, f.file.before, f.file.finalNewline), expect: expectOf(pair.path, f.file) };
});

const fenceMoveVariant = simple('apply_patch-fence-context-move-to', (pair, s) => {
  const f = fenced(s);
  const moveTo = movedPath(pair.path);
  return {
    reply: applyPatchReply(f.hunks, { path: pair.path, moveTo }),
    files: single(pair.path, f.file.before, f.file.finalNewline),
    expect: { path: moveTo, oldPath: pair.path, content: joinText(f.file.after, f.file.finalNewline) },
  };
});

const searchReplaceVariant = simple('search-replace', (pair, s) => ({ reply: searchReplaceReply(pair.path, clean(s)), files: single(pair.path, s.before, s.finalNewline), expect: expectOf(pair.path, s) }));

const unifiedVariant = simple('unified-wrong-numbers', (pair, s, seed) => ({
  reply: unifiedWrongNumbersReply(pair.path, clean(s), seededRng(seed)),
  files: single(pair.path, s.before, s.finalNewline),
  expect: expectOf(pair.path, s),
}));

const fencedProseVariant = simple('fenced-with-prose', (pair, s) => ({
  reply: fencedWithProse(applyPatchReply(clean(s), { path: pair.path })),
  files: single(pair.path, s.before, s.finalNewline),
  expect: expectOf(pair.path, s),
}));

/**
 * The context line right beside the first change (after it, else before it), when it is a real
 * line of code and the hunk keeps another one: the line a model most often gets wrong.
 */
function besideFirstChange(hunk: Hunk): number | undefined {
  const lines = hunk.lines;
  const first = lines.findIndex((l) => l.tag !== ' ');
  if (first === -1) return undefined;
  let end = first;
  while (end < lines.length && lines[end]!.tag !== ' ') end++;
  const real = (i: number): boolean => lines[i]?.tag === ' ' && /[A-Za-z_]\w{2,}/.test(lines[i]!.text) && lines[i]!.text.trim().length >= 6;
  // Only a line with more context beyond it, and (for a pure insertion) context on the other side
  // too: otherwise the hunk left is another valid hunk (one line less of context), not a broken one.
  const removes = lines.slice(first, end).some((l) => l.tag === '-');
  const afterOk = real(end) && lines[end + 1]?.tag === ' ' && (removes || lines[first - 1]?.tag === ' ');
  const beforeOk = real(first - 1) && lines[first - 2]?.tag === ' ' && (removes || lines[end]?.tag === ' ');
  const at = afterOk ? end : beforeOk ? first - 1 : undefined;
  if (at === undefined) return undefined;
  return lines.some((l, i) => i !== at && real(i)) ? at : undefined;
}

/** The clean reply with the first hunk's context changed by `edit` at the line beside its first change. */
function misquoted(name: string, edit: (lines: HunkLine[], at: number) => HunkLine[] | undefined): Variant {
  const variant = simple(name, (pair, s) => {
    const hunks = clean(s);
    const first = hunks[0];
    const at = first === undefined ? undefined : besideFirstChange(first);
    if (first === undefined || at === undefined) return undefined;
    const lines = edit(first.lines, at);
    if (lines === undefined) return undefined;
    return { reply: applyPatchReply([{ ...first, lines }, ...hunks.slice(1)], { path: pair.path }), files: single(pair.path, s.before, s.finalNewline), expect: expectOf(pair.path, s) };
  });
  return { ...variant, misquoted: true };
}

/** The model left the line beside its change out of its context: placing it right needs the rest of the context; refusing is fine. */
const contextLineLeftOut = misquoted('apply_patch-context-line-left-out', (lines, at) => lines.filter((_, i) => i !== at));

/** The model misremembered a name in the line beside its change (`value` → `valueOld`): the file keeps its line; refusing is fine. */
const contextLineMisremembered = misquoted('apply_patch-context-line-misremembered', (lines, at) => {
  const line = lines[at]!;
  const renamed = line.text.replace(/[A-Za-z_]\w{2,}/, (w) => `${w}Old`);
  return renamed === line.text ? undefined : lines.map((l, i) => (i === at ? { ...l, text: renamed } : l));
});

export const VARIANTS: readonly Variant[] = [
  cleanVariant,
  anchorsVariant,
  noEndVariant,
  truncatedVariant,
  indentVariant('apply_patch-tabs-file-spaces-patch', true),
  indentVariant('apply_patch-spaces-file-tabs-patch', false),
  trailingVariant,
  crlfVariant,
  noFinalNewlineVariant,
  moveVariant,
  perHunkVariant,
  ambiguousAnchored,
  ambiguousBare,
  ambiguousNamed,
  fenceVariant,
  fenceMoveVariant,
  searchReplaceVariant,
  unifiedVariant,
  fencedProseVariant,
  contextLineLeftOut,
  contextLineMisremembered,
];
