import type { LineHints, LineRange } from './types.js';

/** A review thread's lines (`FocusRange`): the path and range the maintainer commented on. */
interface ThreadLines {
  path: string;
  startLine: number;
  endLine: number;
}

/** Named ranges longer than this are not a pointer to one spot. */
const MAX_RANGE = 500;
/** More named ranges than this say nothing about one spot either: the rest are ignored. */
const MAX_RANGES = 20;
const MAX_LINE = 10_000_000;

/** A repository path with an extension (`src/a.ts`, `Makefile.am`); not a time (`12:30`) or a version (`1.2:3`). */
const PATH = String.raw`((?:[\w@+.-]+\/)*[\w@+.-]*[A-Za-z_][\w@+-]*\.[A-Za-z]\w*)`;
const RANGE_SEP = String.raw`\s*(?:-|–|—|\.\.|to|through)\s*`;

const PATTERNS: ReadonlyArray<{ re: RegExp; path?: number; list?: number; start?: number; end?: number }> = [
  // https://github.com/o/r/blob/<ref>/src/a.ts#L10-L14
  { re: new RegExp(String.raw`/blob/[^\s/]+/${PATH}#L(\d+)(?:-L(\d+))?`, 'g'), path: 1, start: 2, end: 3 },
  // src/a.ts:42, src/a.ts:10-14, src/a.ts:42:7 (column ignored), src/a.ts#L42
  { re: new RegExp(String.raw`(?<![\w/.])${PATH}(?::|#L)(\d+)(?:(?:-L?)(\d+))?(?![\w.])`, 'g'), path: 1, start: 2, end: 3 },
  // line 42, lines 10-14, lines 10 to 14, lines 3, 7 and 9 — optionally "of src/a.ts" / "in src/a.ts"
  {
    re: new RegExp(String.raw`\blines?\s*(?:#|no\.?\s*)?(\d+(?:${RANGE_SEP}\d+)?(?:\s*(?:,|and|&)\s*\d+(?:${RANGE_SEP}\d+)?)*)(?:\s+(?:of|in)\s+\x60?${PATH})?`, 'gi'),
    list: 1,
    path: 2,
  },
  // L42, L10-L14, L10-14
  { re: /(?<![\w#/])L(\d+)(?:-L?(\d+))?\b/g, start: 1, end: 2 },
];

/** "10-14", "10 to 14", "42" → a range, or undefined when it is not a plausible pointer. */
function range(start: number, end = start): LineRange | undefined {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 1 || end < start || end > MAX_LINE) return undefined;
  return end - start > MAX_RANGE ? undefined : { start, end };
}

function listRanges(list: string): LineRange[] {
  const out: LineRange[] = [];
  for (const part of list.split(/\s*(?:,|\band\b|&)\s*/i)) {
    const m = new RegExp(String.raw`^(\d+)(?:${RANGE_SEP}(\d+))?$`, 'i').exec(part.trim());
    const r = m === null ? undefined : range(Number(m[1]), m[2] === undefined ? undefined : Number(m[2]));
    if (r !== undefined) out.push(r);
  }
  return out;
}

/**
 * The line numbers an instruction names ("fix line 42", `L42`, "lines 10-14", `src/a.ts:42`,
 * a GitHub `#L10-L14` link) and, for a review-thread command, the thread's own lines. They are
 * only tie-breakers for the patch engine (`ApplyOptions.lineHints`): untrusted numbers that pick
 * between equally good spots, never a reason to place a hunk.
 */
export function lineHintsFrom(instruction: string, thread?: ThreadLines): LineHints {
  const byPath = new Map<string, LineRange[]>();
  const anyFile: LineRange[] = [];
  let count = 0;
  const add = (path: string | undefined, r: LineRange | undefined): void => {
    if (r === undefined || count >= MAX_RANGES) return;
    count++;
    if (path === undefined) anyFile.push(r);
    else byPath.set(path, [...(byPath.get(path) ?? []), r]);
  };
  if (thread !== undefined) add(thread.path, range(thread.startLine, thread.endLine));
  // Each part of the text is read by the first pattern that matches it (a path:line is not also an "L42").
  let text = instruction.slice(0, 10_000);
  for (const { re, path, list, start, end } of PATTERNS) {
    text = text.replace(re, (...m: Array<string | undefined>) => {
      const named = path === undefined ? undefined : m[path];
      if (list !== undefined) for (const r of listRanges(m[list]!)) add(named, r);
      else add(named, range(Number(m[start!]), m[end!] === undefined ? undefined : Number(m[end!])));
      return ' ';
    });
  }
  return {
    ...(byPath.size === 0 ? {} : { byPath: [...byPath].map(([p, lines]) => ({ path: p, lines })) }),
    ...(anyFile.length === 0 ? {} : { anyFile }),
  };
}
