import { normalizeLine } from './normalize.js';

/** A line that says something: three or more characters besides whitespace and brackets (not a lone `}` or `);`). */
export function substantialLine(line: string): boolean {
  return normalizeLine(line, 'unicode').replace(/[\s{}()[\];,]/g, '').length >= 3;
}

/** A block worth checking for re-insertion: a lone `}` or blank line may rightly be added twice. */
export function substantial(block: readonly string[]): boolean {
  return block.some(substantialLine);
}

/**
 * A shrunk block must still carry evidence: enough non-trivial lines that a unique match is
 * meaningful (a lone `}` is unique by accident far too often).
 */
export function specific(before: readonly string[], evidenceLines: number): boolean {
  if (evidenceLines === 0) return false;
  const count = before.filter(substantialLine).length;
  return count >= 1 && (before.length >= 2 || before[0]!.trim().length >= 8);
}

/** The first non-blank line of a block, trimmed, for naming it in a message ('' when all are blank). */
export const firstSolid = (lines: readonly string[]): string => lines.find((l) => l.trim() !== '')?.trim() ?? '';
