/**
 * The review reply format: one line per finding, not JSON. A fast small model writes a line
 * prefix reliably, while JSON breaks on one unescaped quote or a cut-off brace (measured in
 * `npm run bench -- review-format`).
 *
 * Grammar (what the model is asked for; the parser is lenient, see `parseFindingLine`):
 *
 *   reply    := summary finding* [NO_CHANGES]
 *   summary  := "SUMMARY:" text                       (or the prose before the first finding)
 *   finding  := "FINDING" kind location reason NEWLINE [patch]
 *   kind     := "bug" | "risk" | "nit"
 *   location := path ":" line ["-" line]               (lines of the new file, as in the diff's "+" side)
 *   reason   := one sentence
 *   patch    := "*** Begin Patch" … "*** End Patch"    (the fix for this finding only; none for a question or a risk)
 */

export const FINDING_MARKER = 'FINDING';
export const SUMMARY_MARKER = 'SUMMARY:';
export const PATCH_BEGIN = '*** Begin Patch';

export type FindingKind = 'bug' | 'risk' | 'nit';

/** Lower is more severe: `review.min_severity: risk` keeps bug and risk. */
export const SEVERITY: Readonly<Record<FindingKind, number>> = { bug: 0, risk: 1, nit: 2 };

export interface Finding {
  kind: FindingKind;
  path: string;
  /** 1-based line of the new file where the finding starts. */
  line: number;
  endLine?: number;
  reason: string;
  /** The apply_patch block that followed the finding line, verbatim ('' when none). */
  patch: string;
}

export interface ParsedReview {
  summary: string;
  findings: Finding[];
  /** Lines that looked like findings but could not be read (kept for the log and the re-prompt). */
  unreadable: string[];
}

/** Words small models use for each kind, mapped to the three kinds. */
const KIND_WORDS: ReadonlyMap<string, FindingKind> = new Map([
  ['bug', 'bug'],
  ['error', 'bug'],
  ['defect', 'bug'],
  ['issue', 'bug'],
  ['risk', 'risk'],
  ['warning', 'risk'],
  ['security', 'risk'],
  ['question', 'risk'],
  ['concern', 'risk'],
  ['nit', 'nit'],
  ['nitpick', 'nit'],
  ['style', 'nit'],
  ['minor', 'nit'],
  ['suggestion', 'nit'],
]);

/** File names without a dot or slash that are still clearly files. */
const EXTENSIONLESS = /^(?:[A-Z]\w*file|BUILD|WORKSPACE|LICENSE|README)$/;

/** Lines longer than this are never findings (keeps every pattern below linear in practice). */
const MAX_FINDING_LINE = 2000;

export function findingInstructions(): string {
  return [
    'Write the review in this line format (plain lines, no JSON, no tables):',
    `${SUMMARY_MARKER} <at most three short sentences on what you found>`,
    `${FINDING_MARKER} <bug|risk|nit> <path>:<line>[-<end line>] <one sentence: what is wrong and why>`,
    'Line numbers are those of the new file (the "+" side of the diff). Use one FINDING line per finding.',
    'bug = wrong behaviour; risk = a likely problem or a question for the author; nit = small and optional.',
    'When a finding is fixed by a code change, put one patch directly after its FINDING line, in the apply_patch',
    'format from your instructions, changing only those lines. A question or a risk without a fix gets no patch.',
    'If nothing should change, write the SUMMARY line and then the line NO_CHANGES.',
  ].join('\n');
}

/**
 * Reads a review reply. Patches are returned raw per finding (the patch engine parses them);
 * the reply is never trusted: unreadable finding lines are reported, not guessed.
 */
export function parseReview(text: string): ParsedReview {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const findings: Finding[] = [];
  const unreadable: string[] = [];
  const prose: string[] = [];
  let summary: string | undefined;
  let current: Finding | undefined;
  let patch: string[] | undefined;
  const closePatch = (): void => {
    if (current && patch) current.patch = patch.join('\n');
    patch = undefined;
  };
  for (const raw of lines) {
    if (patch !== undefined) {
      patch.push(raw);
      if (raw.trim() === '*** End Patch') closePatch();
      continue;
    }
    const trimmed = raw.trim();
    if (trimmed.startsWith(PATCH_BEGIN)) {
      patch = [raw];
      continue;
    }
    const summaryText = summaryOf(trimmed);
    if (summaryText !== undefined && summary === undefined) {
      summary = summaryText;
      continue;
    }
    const finding = parseFindingLine(trimmed);
    if (finding) {
      current = finding;
      findings.push(finding);
      continue;
    }
    if (looksLikeFinding(trimmed)) unreadable.push(trimmed.slice(0, 200));
    else if (findings.length === 0 && trimmed !== '' && !isNoise(trimmed)) prose.push(trimmed);
  }
  closePatch();
  return { summary: summary ?? prose.join(' ').slice(0, 1500), findings, unreadable };
}

function summaryOf(line: string): string | undefined {
  const m = /^[#*_\s]*summary[*_\s]*:[*_\s]*/i.exec(line.slice(0, 40));
  return m ? line.slice(m[0].length).trim() : undefined;
}

function isNoise(line: string): boolean {
  return line === 'NO_CHANGES' || /^`{3,}\w*$/.test(line) || /^[-=*_]{3,}$/.test(line);
}

/** A line that names a finding kind up front but did not parse: worth reporting. */
function looksLikeFinding(line: string): boolean {
  if (line.length > MAX_FINDING_LINE) return false;
  const head = stripListMarks(line).replace(/^finding\b[\s:(]*/i, '');
  const word = /^\W*([a-z]+)/i.exec(head)?.[1]?.toLowerCase();
  return line.toUpperCase().startsWith(FINDING_MARKER) || (word !== undefined && KIND_WORDS.has(word) && /:\d|line/i.test(line));
}

function stripListMarks(line: string): string {
  return line.replace(/^(?:[-*+>|]\s*|\d{1,3}[.)]\s+|#{1,6}\s+)+/, '');
}

/**
 * One finding line, in any of the shapes small models write:
 * `FINDING bug src/a.ts:12 reason`, `- [bug] src/a.ts:12-14 — reason`, `**BUG** \`src/a.ts\` line 12: reason`,
 * `1. Finding (nit): src/a.ts#L3 reason`, `bug | src/a.ts:12 | reason`.
 */
export function parseFindingLine(line: string): Finding | undefined {
  if (line.length > MAX_FINDING_LINE) return undefined;
  let rest = stripListMarks(line.trim());
  rest = rest.replace(/^\*\*finding\*\*|^finding\b/i, '').replace(/^[\s:]+/, '');
  const kindMatch = /^[[(*_`\s]*([A-Za-z]+)[\])*_`\s]*[:|\-–—]?\s*/.exec(rest);
  const kind = kindMatch ? KIND_WORDS.get(kindMatch[1]!.toLowerCase()) : undefined;
  if (!kind || !kindMatch) return undefined;
  rest = rest.slice(kindMatch[0].length);
  const loc = readLocation(rest);
  if (!loc) return undefined;
  const reason = rest
    .slice(loc.consumed)
    .replace(/^[\s*_`)\]]*(?:[:|\-–—]\s*)?/, '')
    .replace(/\s*\|\s*$/, '')
    .trim();
  if (reason === '') return undefined;
  const finding: Finding = { kind, path: loc.path, line: loc.line, reason, patch: '' };
  if (loc.endLine !== undefined && loc.endLine > loc.line) finding.endLine = loc.endLine;
  return finding;
}

interface Location {
  path: string;
  line: number;
  endLine?: number;
  consumed: number;
}

/** `path:12`, `path:12-14`, `path:L12`, `path#L12-L14`, `` `path` line 12 ``, `path (lines 12–14)`. */
function readLocation(text: string): Location | undefined {
  const m = /^[`'"]?([^\s:`'"#(),]+)[`'"]?(?::L?|#L|,?\s*\(?lines?\s+|\s+L)(\d{1,7})(?:\s*[-–]\s*L?(\d{1,7}))?\)?/.exec(text);
  if (!m) return undefined;
  const path = m[1]!;
  if (!/[./]/.test(path) && !EXTENSIONLESS.test(path)) return undefined;
  const line = Number(m[2]);
  if (line < 1) return undefined;
  const location: Location = { path: path.replace(/^\.\//, ''), line, consumed: m[0].length };
  if (m[3] !== undefined) location.endLine = Number(m[3]);
  return location;
}
