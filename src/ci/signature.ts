import type { CiState } from './collect-failures.js';

/**
 * What "the same failures" means between two rounds: the set of (check, failing test or
 * normalised cause) pairs. Numbers, hashes and durations are blanked so a timing or a shifted
 * line does not make an unchanged failure look new.
 */
export function failureSignature(state: Pick<CiState, 'failing'>): string[] {
  const keys = new Set<string>();
  for (const check of state.failing) {
    if (check.failures.length === 0) keys.add(`${check.name}|${normalise(check.cause)}`);
    for (const f of check.failures) keys.add(`${check.name}|${f.test ? `test:${f.test}` : normalise(f.message)}`);
  }
  return [...keys].sort();
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/\b[0-9a-f]{7,40}\b/g, '#')
    .replace(/\d+(?:\.\d+)?\s*(?:ms|s|m)\b/g, '#')
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

export function sameFailures(a: readonly string[], b: readonly string[]): boolean {
  return a.length > 0 && a.length === b.length && a.every((key, i) => key === b[i]);
}
