/**
 * The "two-block" layout small models fall back to when they ignore the requested format:
 *
 *   ORIGINAL LINES:            (also BEFORE / OLD, optionally "CODE", bold or "#" headed)
 *   ```
 *   lines as they are now
 *   ```
 *   CHANGED LINES:             (also AFTER / NEW / FIXED / UPDATED / MODIFIED / REPLACEMENT)
 *   ```
 *   the same lines, edited
 *   ```
 *
 * It means exactly what a SEARCH/REPLACE block means, so it becomes one update hunk and gets
 * the same content matching (unique match required). Blocks may be fenced or bare: a bare
 * ORIGINAL block runs up to the CHANGED header, a bare CHANGED block up to the first blank line.
 * Anything that does not complete the pattern is handed back to the caller as ordinary prose:
 * "Before:" in a sentence never breaks an otherwise valid reply.
 */
const BEFORE_HEADER = /^\s*(?:#+\s*)?[*_]*\s*(?:original|before|old)(?:\s+(?:lines?|code))?\s*[*_]*\s*:\s*[*_]*\s*$/i;
const AFTER_HEADER = /^\s*(?:#+\s*)?[*_]*\s*(?:changed|after|new|fixed|updated|modified|replacement)(?:\s+(?:lines?|code))?\s*[*_]*\s*:\s*[*_]*\s*$/i;
const FENCE = /^\s*(```|~~~)/;
/** `39 |     return x;`: numbered listings copied from a compiler message or an editor. */
const LINE_NUMBER = /^\s*\d+\s*\|\s?/;

export function isTwoBlockStart(line: string): boolean {
  return BEFORE_HEADER.test(line);
}

type State = 'want_before' | 'before_fenced' | 'before_bare' | 'want_after' | 'after_header' | 'after_fenced' | 'after_bare' | 'done';

export type TwoBlockStep =
  /** The line belongs to the layout; keep feeding. */
  | { kind: 'more' }
  /** The layout is complete (the line was consumed). */
  | { kind: 'done'; before: string[]; after: string[] }
  /** The layout is complete but this line is not part of it: re-dispatch it. */
  | { kind: 'done_unconsumed'; before: string[]; after: string[]; line: string }
  /** Not the layout after all: replay `lines` (including this one) as ordinary text. */
  | { kind: 'abandon'; lines: string[] };

export class TwoBlockReader {
  private state: State = 'want_before';
  private readonly before: string[] = [];
  private readonly after: string[] = [];
  /** Every line seen after the header, for replay when the layout is abandoned. */
  private readonly seen: string[] = [];

  line(text: string): TwoBlockStep {
    this.seen.push(text);
    const blank = text.trim() === '';
    switch (this.state) {
      case 'want_before':
        if (blank) return { kind: 'more' };
        if (FENCE.test(text)) this.state = 'before_fenced';
        else {
          this.state = 'before_bare';
          this.before.push(text);
        }
        return { kind: 'more' };
      case 'before_fenced':
        if (FENCE.test(text)) this.state = 'want_after';
        else this.before.push(text);
        return { kind: 'more' };
      case 'before_bare':
        if (AFTER_HEADER.test(text)) return this.startAfter();
        if (FENCE.test(text)) return this.abandon();
        this.before.push(text);
        return { kind: 'more' };
      case 'want_after':
        if (blank) return { kind: 'more' };
        if (AFTER_HEADER.test(text)) return this.startAfter();
        return this.abandon();
      case 'after_fenced':
        if (FENCE.test(text)) return this.finishNow(undefined);
        this.after.push(text);
        return { kind: 'more' };
      case 'after_bare':
        if (blank || FENCE.test(text) || BEFORE_HEADER.test(text)) return this.finishNow(blank ? undefined : text);
        this.after.push(text);
        return { kind: 'more' };
      case 'after_header':
        return this.afterHeader(text, blank);
      case 'done':
        return this.abandon();
    }
  }

  /** End of reply: a bare CHANGED block may end with the text; anything else is not the layout. */
  finish(): TwoBlockStep {
    if (this.state === 'after_bare') return this.finishNow(undefined);
    return { kind: 'abandon', lines: [...this.seen] };
  }

  private startAfter(): TwoBlockStep {
    this.state = 'after_header';
    return { kind: 'more' };
  }

  /** The line right after the CHANGED header (blank lines skipped): fenced or bare block. */
  private afterHeader(text: string, blank: boolean): TwoBlockStep {
    if (blank) return { kind: 'more' };
    if (FENCE.test(text)) this.state = 'after_fenced';
    else {
      this.state = 'after_bare';
      this.after.push(text);
    }
    return { kind: 'more' };
  }

  /** `unconsumed`: the line that ended a bare block without belonging to it. */
  private finishNow(unconsumed: string | undefined): TwoBlockStep {
    this.state = 'done';
    const before = trimBlankEdges(this.before);
    const after = trimBlankEdges(this.after);
    if (before.length === 0) return { kind: 'abandon', lines: [...this.seen] };
    const numbered = [...before, ...after].every((l) => l.trim() === '' || LINE_NUMBER.test(l));
    const strip = (ls: string[]): string[] => (numbered ? ls.map((l) => l.replace(LINE_NUMBER, '')) : ls);
    const result = { before: strip(before), after: strip(after) };
    return unconsumed === undefined ? { kind: 'done', ...result } : { kind: 'done_unconsumed', ...result, line: unconsumed };
  }

  private abandon(): TwoBlockStep {
    this.state = 'done';
    return { kind: 'abandon', lines: [...this.seen] };
  }
}

function trimBlankEdges(lines: readonly string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === '') a++;
  while (b > a && lines[b - 1]!.trim() === '') b--;
  return lines.slice(a, b);
}
