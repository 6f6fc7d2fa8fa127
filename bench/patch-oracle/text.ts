/** Line splitting that keeps what a patch cannot express: the line ending and the final newline. */
export interface SplitText {
  lines: string[];
  finalNewline: boolean;
}

/** Splits on `\n` only: a `\r` stays part of its line (CRLF files are built by `withEol`). */
export function splitText(text: string): SplitText {
  if (text === '') return { lines: [], finalNewline: false };
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, finalNewline };
}

export function joinText(lines: readonly string[], finalNewline: boolean, eol: '\n' | '\r\n' = '\n'): string {
  if (lines.length === 0) return '';
  return lines.join(eol) + (finalNewline ? eol : '');
}

/** Leading whitespace width of a line with tabs counted as one unit each (only for comparisons). */
export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/** The file's indentation step in spaces (most common increase between consecutive indented lines), default 2. */
export function indentUnit(lines: readonly string[]): number {
  const counts = new Map<number, number>();
  let previous = 0;
  for (const line of lines) {
    if (line.trim() === '' || line.startsWith('\t')) continue;
    const width = indentOf(line).length;
    const step = width - previous;
    if (step >= 2 && step <= 8) counts.set(step, (counts.get(step) ?? 0) + 1);
    previous = width;
  }
  let best = 2;
  let bestCount = 0;
  for (const [step, count] of counts) if (count > bestCount || (count === bestCount && step < best)) [best, bestCount] = [step, count];
  return best;
}

/** Leading spaces → one tab per `unit` spaces (the remainder stays spaces, as in tab-indented JSDoc). */
export function spacesToTabs(line: string, unit: number): string {
  const lead = /^ */.exec(line)?.[0].length ?? 0;
  if (lead === 0) return line;
  return '\t'.repeat(Math.floor(lead / unit)) + ' '.repeat(lead % unit) + line.slice(lead);
}

/** Leading tabs → `width` spaces each. */
export function tabsToSpaces(line: string, width: number): string {
  const lead = /^\t*/.exec(line)?.[0].length ?? 0;
  if (lead === 0) return line;
  return ' '.repeat(lead * width) + line.slice(lead);
}

export const usesTabs = (lines: readonly string[]): boolean => lines.some((l) => l.startsWith('\t'));
