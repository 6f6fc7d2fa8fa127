export const DESCRIBE_START = '<!-- spark:describe:start -->';
export const DESCRIBE_END = '<!-- spark:describe:end -->';

/**
 * Puts Spark's description section into a PR body: replaced between the markers on a re-run,
 * appended the first time. Everything outside the markers is the author's and stays byte for
 * byte. A body with a start marker but no end marker (hand-edited) gets a fresh section
 * appended rather than losing the text after the lone marker.
 */
export function spliceDescription(body: string | null, section: string): string {
  const current = body ?? '';
  const block = `${DESCRIBE_START}\n${section.trim()}\n${DESCRIBE_END}`;
  const start = current.indexOf(DESCRIBE_START);
  const end = start >= 0 ? current.indexOf(DESCRIBE_END, start + DESCRIBE_START.length) : -1;
  if (start >= 0 && end >= 0) {
    return current.slice(0, start) + block + current.slice(end + DESCRIBE_END.length);
  }
  if (current.trim() === '') return block;
  // The author's text stays byte for byte, trailing spaces included; the section starts on a line of its own.
  return `${current}${current.endsWith('\n') ? '\n' : '\n\n'}${block}`;
}
