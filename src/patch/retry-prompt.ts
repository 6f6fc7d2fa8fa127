import type { HunkFailure } from './errors.js';

/**
 * The text sent back to the model for its one retry: what failed, the exact lines it wrote,
 * and what the file really contains nearby, so it can copy the real lines this time.
 */
export function buildRetryPrompt(failures: readonly HunkFailure[]): string {
  const parts = [
    'Your patch could not be applied to the current files. Reply with a complete corrected patch in the same format.',
    'Copy context and removed lines exactly from the files as shown; do not renumber or paraphrase them.',
  ];
  for (const f of failures) {
    const where = f.hunkIndex >= 0 ? `${f.path}, hunk ${f.hunkIndex + 1}` : f.path;
    parts.push(`\n- ${where}: ${f.message}.`);
    if (f.reason === 'not_found' || f.reason === 'ambiguous' || f.reason === 'anchor_not_found') {
      parts.push(fence('You wrote these lines to find', f.before));
    }
    if (f.missingLines && f.missingLines.length > 0 && f.missingLines.length < f.before.length) {
      parts.push(fence('These of them are not in the file', f.missingLines));
    }
    if (f.closest) {
      parts.push(fence(`The closest lines in ${f.path} (from line ${f.closest.line})`, f.closest.lines));
    }
  }
  return parts.join('\n');
}

function fence(title: string, lines: readonly string[]): string {
  const body = lines.join('\n');
  const ticks = body.includes('```') ? '````' : '```';
  return `${title}:\n${ticks}\n${body}\n${ticks}`;
}
