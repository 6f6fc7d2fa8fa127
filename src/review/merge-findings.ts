import type { Finding, ParsedReview } from './finding-format.js';
import { SEVERITY } from './finding-format.js';

export interface MergedReview {
  summaries: string[];
  findings: Finding[];
}

/**
 * Merges the parallel turns of one review: summaries kept in group order, findings de-duplicated
 * (same file, same start line, same text) and ordered most severe first, then by file and line.
 */
export function mergeFindings(parts: readonly ParsedReview[]): MergedReview {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const part of parts) {
    for (const f of part.findings) {
      const id = `${f.path}\n${f.line}\n${f.reason.toLowerCase().replace(/\s+/g, ' ').trim()}`;
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
