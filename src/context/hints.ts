/**
 * Cheap pre-filters for reverse imports ("which available files import one of the origins?"),
 * so the module lexer only runs on files that may import a target. They may accept too much
 * (the lexer then decides) but never reject a file the lexer would report as an importer.
 */
import { importScanWindow } from './import-scan.js';
import { baseOf, languageOf, stemOf, type Language } from './paths.js';

export type ImportHints = Partial<Record<Language, RegExp>>;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Per-language regexes: a file can only import a target if an import specifier ending in the
 * target's name appears in it. This keeps the lexer off the thousands of files that merely
 * mention a common word like "context". The JS one is global: `mentionsImport` walks its matches.
 */
export function importHints(targets: readonly string[]): ImportHints {
  const js = new Set<string>();
  const py = new Set<string>();
  const go = new Set<string>();
  for (const t of targets) {
    const lang = languageOf(t);
    const dirName = t.includes('/') ? baseOf(t.slice(0, t.lastIndexOf('/'))) : '';
    if (lang === 'js') {
      js.add(escape(stemOf(t)));
      if (/^index\./.test(baseOf(t)) && dirName !== '') js.add(escape(dirName));
    } else if (lang === 'python') {
      const name = stemOf(t) === '__init__' ? dirName : stemOf(t);
      if (name !== '') py.add(escape(name));
    } else if (lang === 'go' && dirName !== '') go.add(escape(dirName));
  }
  const out: ImportHints = {};
  // Only relative specifiers resolve to repo files, so the stem always follows a slash.
  if (js.size > 0) out.js = new RegExp(`/(?:${[...js].join('|')})(?:\\.[cm]?[jt]sx?)?['"\`]`, 'g');
  // Python: the name as a word. The line parser is linear and capped, so a loose filter costs
  // little, and a statement split over lines (`from pkg import (\n core)`) is never dropped.
  if (py.size > 0) out.python = new RegExp(`\\b(?:${[...py].join('|')})\\b`);
  if (go.size > 0) out.go = new RegExp(`/(?:${[...go].join('|')})"`);
  return out;
}

/**
 * Whether `content` may import a target, per its language's hint, over the part of the file the
 * import scanners read (`importScanWindow`). One regex pass per file: a combined alternation
 * scans about as fast as one `includes`, so it beats literal pre-checks once there are several
 * target names.
 */
export function mentionsImport(content: string, lang: Language, hint: RegExp): boolean {
  const text = importScanWindow(content);
  return lang === 'js' ? someSpecifierLike(text, hint) : hint.test(text);
}

/**
 * JS: a match only counts if its string could be an import source. Route strings, URLs and
 * token tables ("/context" in an array) are common false positives, and lexing a megabyte
 * file for nothing costs more than the whole scan. Cue words are found by one forward scan
 * shared by all matches (matches come in order), so a file of thousands of "/context" strings
 * costs one pass, not a 1 KiB look-back each.
 */
function someSpecifierLike(content: string, hint: RegExp): boolean {
  const cues = new CueScan(content);
  hint.lastIndex = 0;
  for (let m = hint.exec(content); m !== null; m = hint.exec(content)) {
    if (maySourceAt(content, m.index, m.index + m[0].length - 1, cues)) {
      hint.lastIndex = 0;
      return true;
    }
  }
  return false;
}

/** How far before a string an import keyword is looked for; the lexer reports nothing without one. */
const CUE_WINDOW = 1024;
const CUE_WORDS = ['import', 'export', 'from', 'require'];

/**
 * Positions of cue words in increasing order, read lazily: `lastBefore(end)` is the start of the
 * last cue word that ends at or before `end`. Calls must come with non-decreasing `end`.
 */
class CueScan {
  private readonly re = /(?=import|export|from|require)/g;
  private last = -1;
  private next: number;

  constructor(private readonly content: string) {
    this.next = this.find(0);
  }

  private find(from: number): number {
    this.re.lastIndex = from;
    const m = this.re.exec(this.content);
    return m === null ? -1 : m.index;
  }

  private endOf(at: number): number {
    for (const w of CUE_WORDS) if (this.content.startsWith(w, at)) return at + w.length;
    return at;
  }

  lastBefore(end: number): number {
    while (this.next !== -1 && this.endOf(this.next) <= end) {
      this.last = this.next;
      this.next = this.find(this.next + 1);
    }
    return this.last;
  }
}

/**
 * A hint match starting at `start` (inside a string) and ending at `close` (its closing quote).
 * The module lexer reports a string as an import source only after an `import`/`export` keyword
 * (it recovers from malformed clauses in between, so the exact position cannot be predicted
 * cheaply), and the `require(…)` and fallback scanners need `require`, `from` or `import` right
 * before it. So a string with none of those words in the `CUE_WINDOW` characters before its
 * opening quote is not a source; only a clause or comment longer than the window between the
 * keyword and the string could be missed, which real code does not have. Unclear cases (no
 * opening quote nearby) are accepted.
 */
function maySourceAt(content: string, start: number, close: number, cues: CueScan): boolean {
  const quote = content.charCodeAt(close);
  let open = start - 1;
  // An escaped quote is not the opening one: keep going (a window that starts earlier only accepts more).
  while (open >= 0 && close - open <= CUE_WINDOW && (content.charCodeAt(open) !== quote || content.charCodeAt(open - 1) === 92)) open--;
  if (open < 0 || close - open > CUE_WINDOW) return true;
  // A cue word inside content.slice(max(0, open - CUE_WINDOW), start).
  return cues.lastBefore(start) >= Math.max(0, open - CUE_WINDOW);
}
