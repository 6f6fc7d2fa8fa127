import type { Finding, ParsedReview } from './finding-format.js';
import { SEVERITY } from './finding-format.js';
import { findingKey } from './finding-key.js';

export interface MergedReview {
  summaries: string[];
  findings: Finding[];
}

/**
 * Merges the parallel turns of one review: summaries kept in group order, findings de-duplicated
 * by their key (same file, same line content at the head, same text: finding-key.ts) and ordered
 * most severe first, then by file and line. `headLine` reads a line of the head ('' or undefined
 * when there is none: the line number then stands in for it).
 */
export function mergeFindings(parts: readonly ParsedReview[], headLine: (path: string, line: number) => string | undefined): MergedReview {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const part of parts) {
    for (const f of part.findings) {
      const id = findingKey(f, headLine(f.path, f.line) ?? `line ${f.line}`);
      if (seen.has(id)) continue;
      seen.add(id);
      findings.push(f);
    }
  }
  findings.sort((a, b) => SEVERITY[a.kind] - SEVERITY[b.kind] || a.path.localeCompare(b.path) || a.line - b.line);
  return { summaries: parts.map((p) => p.summary).filter((s) => s !== ''), findings };
}

/** Keeps findings at or above `minSeverity` (`nit` keeps all). */
export function filterBySeverity(findings: readonly Finding[], minSeverity: Finding['kind']): Finding[] {
  return findings.filter((f) => SEVERITY[f.kind] <= SEVERITY[minSeverity]);
}
