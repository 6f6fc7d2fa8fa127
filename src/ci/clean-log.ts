/**
 * Log text as a person reads it: GitHub Actions timestamps and ANSI escape sequences removed,
 * carriage-return progress redraws collapsed to their last state, CRLF normalised.
 */
// `2024-01-01T00:00:00.0000000Z ` (Actions job logs), also with fewer fraction digits.
const TIMESTAMP = /^\uFEFF?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/;
// CSI (colours, erase-line), OSC (hyperlinks, titles) and the lone two-byte escapes.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;

export function stripAnsi(text: string): string {
  return text.includes('\u001b') || text.includes('\u009b') ? text.replace(ANSI, '') : text;
}

export function cleanLine(raw: string): string {
  let line = raw.replace(TIMESTAMP, '');
  line = stripAnsi(line);
  const cr = line.lastIndexOf('\r');
  if (cr >= 0) {
    // `progress 10%\rprogress 100%`: the terminal shows only what was drawn last.
    const tail = line.slice(cr + 1);
    line = tail === '' ? line.slice(0, cr).slice(line.slice(0, cr).lastIndexOf('\r') + 1) : tail;
  }
  return line.trimEnd();
}

export function cleanLog(text: string): string[] {
  return text.split('\n').map(cleanLine);
}
