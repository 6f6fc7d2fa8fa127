/**
 * A file's text as lines plus the line endings it used, so a rewrite can keep CRLF/LF per
 * line and the presence or absence of the final newline exactly.
 */
export interface TextLines {
  lines: string[];
  /** Line ending after each line: '\n', '\r\n', or '' for a last line without newline. */
  eols: string[];
  /** The ending used for new lines: the file's majority ending. */
  eol: '\n' | '\r\n';
  /** Whether the text ends with a newline (an empty file counts as yes: new content gets one). */
  finalNewline: boolean;
}

export function splitText(text: string): TextLines {
  const lines: string[] = [];
  const eols: string[] = [];
  let crlf = 0;
  let lf = 0;
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) {
      lines.push(text.slice(start));
      eols.push('');
      break;
    }
    if (nl > start && text.charCodeAt(nl - 1) === 13) {
      lines.push(text.slice(start, nl - 1));
      eols.push('\r\n');
      crlf++;
    } else {
      lines.push(text.slice(start, nl));
      eols.push('\n');
      lf++;
    }
    start = nl + 1;
  }
  return { lines, eols, eol: crlf > lf ? '\r\n' : '\n', finalNewline: text === '' || text.endsWith('\n') };
}

export function joinText(t: TextLines): string {
  let out = '';
  const last = t.lines.length - 1;
  for (let i = 0; i < last; i++) out += t.lines[i] + (t.eols[i] || t.eol);
  if (last >= 0) out += t.lines[last] + (t.finalNewline ? t.eols[last] || t.eol : '');
  return out;
}

/** Split plain model text (any EOL) into lines without endings; a trailing newline adds no line. */
export function toLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
