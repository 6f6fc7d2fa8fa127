import type { HunkRange, ReviewSuggestion } from '../patch/index.js';
import type { Finding } from './finding-format.js';
import { findingKey, keyMarker } from './finding-key.js';

/** GitHub's cap on the inline comments of one review; the rest goes into the review body. */
export const MAX_INLINE_COMMENTS = 100;

/** One finding, made safe and placed: its patch already mapped to suggestions on the PR diff. */
export interface PlacedFinding {
  finding: Finding;
  /** The finding's one sentence, already inert (src/report/inert.ts) and redacted. */
  reason: string;
  /** Suggestion comments its patch became (bodies are bare ```suggestion blocks). */
  suggestions: ReviewSuggestion[];
  /** What of its patch could not be a suggestion, as a unified diff ('' if none). */
  bodyDiff: string;
  /** Its whole patch as a unified diff ('' if none), for when it has to go into the body. */
  diff: string;
}

export interface ExplainedReview {
  comments: ReviewSuggestion[];
  /** Markdown for the findings that could not sit on a line of the diff. */
  body: string[];
  /** Findings left out because an earlier Spark review already posted them on the same line content. */
  repeated: number;
}

/**
 * Lays findings out as review comments: every suggestion carries its reason above the block;
 * a finding without a patch (a question, a risk) is an inline comment on its line when that
 * line is a RIGHT-side line of a PR hunk, else a line in the body. Each carries a hidden key
 * (file, line content, reason) so a re-review skips what it already said on unchanged lines.
 */
export function explainFindings(
  placed: readonly PlacedFinding[],
  ranges: ReadonlyMap<string, readonly HunkRange[]>,
  headLine: (path: string, line: number) => string | undefined,
  posted: ReadonlySet<string>,
): ExplainedReview {
  const comments: ReviewSuggestion[] = [];
  const body: string[] = [];
  let repeated = 0;
  for (const p of placed) {
    const { finding } = p;
    const lineText = headLine(finding.path, finding.line);
    const key = findingKey(finding, lineText ?? '');
    if (lineText !== undefined && posted.has(key)) {
      repeated++;
      continue;
    }
    const head = `**${finding.kind}**: ${p.reason}\n${keyMarker(key)}`;
    const where = `\`${finding.path}:${finding.line}${finding.endLine ? `-${finding.endLine}` : ''}\``;
    if (p.suggestions.length > 0 && comments.length + p.suggestions.length <= MAX_INLINE_COMMENTS) {
      for (const s of p.suggestions) comments.push({ ...s, body: `${head}\n\n${s.body}` });
      if (p.bodyDiff) body.push(`- ${where} **${finding.kind}**: ${p.reason}\n\n${diffBlock(p.bodyDiff)}`);
      continue;
    }
    const anchor = p.suggestions.length === 0 && comments.length < MAX_INLINE_COMMENTS ? anchorOf(finding, ranges.get(finding.path) ?? []) : undefined;
    if (anchor) {
      comments.push({ path: finding.path, ...anchor, body: head });
      continue;
    }
    const diff = p.diff ? `\n\n${diffBlock(p.diff)}` : '';
    body.push(`- ${where} **${finding.kind}**: ${p.reason} ${keyMarker(key)}${diff}`);
  }
  return { comments, body, repeated };
}

/** The finding's lines as a comment anchor, when they lie in one RIGHT-side hunk of the PR diff. */
function anchorOf(finding: Finding, ranges: readonly HunkRange[]): Pick<ReviewSuggestion, 'line' | 'side' | 'start_line' | 'start_side'> | undefined {
  const end = finding.endLine ?? finding.line;
  const hunk = ranges.find((r) => r.lines.has(finding.line));
  if (!hunk) return undefined;
  if (end !== finding.line && hunk.lines.has(end)) return { line: end, side: 'RIGHT', start_line: finding.line, start_side: 'RIGHT' };
  return { line: finding.line, side: 'RIGHT' };
}

/** A diff block whose fence no backtick run inside the diff can close. */
export function diffBlock(diff: string): string {
  const longest = Math.max(0, ...[...diff.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}diff\n${diff.trimEnd()}\n${fence}`;
}
