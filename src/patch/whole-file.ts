import { diffArrays } from 'diff';

/**
 * A reply that is a whole new version of one file (no patch markers, one code block) is only
 * trusted when it is clearly the complete file: models often elide ("// ... rest unchanged"),
 * truncate, or answer with a fragment, and writing that back would silently delete code.
 *
 * Accepted only when all hold:
 * - no elision marker line (a comment or bare line saying "...", "rest of the file", "existing code",
 *   "unchanged", "omitted", "same as before");
 * - it starts and ends like the original: the first and last non-blank lines of the original are
 *   kept (in the line alignment) as the first and last non-blank lines of the reply, so a
 *   truncated tail or a missing header is refused;
 * - it is mostly the original: at least MIN_KEPT of the original's non-blank lines are kept,
 *   and at least MIN_KEPT of the reply's non-blank lines come from the original.
 */
export const MIN_KEPT = 0.6;

const ELISION = [
  /^\s*(?:\/\/|#|--|\/\*+|\*|<!--)?\s*(?:\.\.\.|…)(?:\s|$|[*/>-])/,
  /^\s*(?:\/\/|#|--|\/\*+|\*|<!--)\s*.*\b(?:rest of (?:the )?(?:file|code|class|function|method|implementation)|existing code|remains? (?:the same|unchanged)|unchanged|omitted for brevity|same as (?:before|above))\b/i,
];

export type WholeFileVerdict = { ok: true } | { ok: false; reason: string };

export function checkWholeFile(original: string, proposed: readonly string[]): WholeFileVerdict {
  const elided = proposed.findIndex((l) => ELISION.some((re) => re.test(l)));
  if (elided !== -1) {
    return { ok: false, reason: `the reply is not the complete file: line ${elided + 1} ("${proposed[elided]!.trim()}") stands for omitted code; send a patch instead of a whole file` };
  }
  const old = original.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const neu = proposed.map((l) => l.trim()).filter((l) => l !== '');
  if (old.length === 0 || neu.length === 0) return { ok: false, reason: 'a whole-file reply needs a non-empty original and reply; send a patch instead' };
  if (old[0] !== neu[0] || old[old.length - 1] !== neu[neu.length - 1]) {
    return { ok: false, reason: 'the reply does not start and end like the file (truncated or a fragment?); send a patch instead of a whole file' };
  }
  let kept = 0;
  for (const part of diffArrays(old, neu)) if (!part.added && !part.removed) kept += part.value.length;
  if (kept / old.length < MIN_KEPT || kept / neu.length < MIN_KEPT) {
    const pct = Math.round((100 * kept) / old.length);
    return { ok: false, reason: `the reply keeps only ${pct}% of the file's lines: it does not look like a new version of this file; send a patch instead` };
  }
  return { ok: true };
}
