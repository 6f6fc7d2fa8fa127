/**
 * How often a review reply parses, line format vs JSON, on replies written the way small models
 * really write them: the instructed shape, then the drifts seen in ../shared/corpus/llm-patch and in
 * peers' bug reports (bullets, bold kinds, backticked paths, "line N", tables, headings, a fence
 * around everything, prose before and after, a reply cut off mid-way, unescaped quotes in JSON,
 * trailing commas, single quotes, comments). A finding counts as parsed only when its kind, path,
 * line and reason all come back exactly; a reply counts when every finding does.
 */
import { parseReview, type FindingKind } from '../src/review/finding-format.js';

export const name = 'review-format';

interface Truth {
  kind: FindingKind;
  path: string;
  line: number;
  reason: string;
}

const FINDINGS: Truth[][] = [
  [
    { kind: 'bug', path: 'src/parse.ts', line: 12, reason: 'parse() throws on empty input because split returns [""]' },
    { kind: 'nit', path: 'src/parse.ts', line: 3, reason: 'the "util" import is unused' },
  ],
  [{ kind: 'risk', path: 'lib/cache.py', line: 40, reason: "the lock is never released when fetch() raises, so callers can't retry" }],
  [
    { kind: 'bug', path: 'cmd/main.go', line: 88, reason: 'err is shadowed inside the if, so the outer check never fires' },
    { kind: 'risk', path: 'cmd/main.go', line: 120, reason: 'the timeout is 0 when the env var is unset' },
    { kind: 'nit', path: 'README.md', line: 7, reason: 'typo: "recieve"' },
  ],
];

type Render = (findings: Truth[]) => string;

const LINE_STYLES: Record<string, Render> = {
  instructed: (fs) => ['SUMMARY: Found some problems.', ...fs.map((f) => `FINDING ${f.kind} ${f.path}:${f.line} ${f.reason}`)].join('\n'),
  bullets: (fs) => ['Summary: Found some problems.', '', ...fs.map((f) => `- [${f.kind}] ${f.path}:${f.line} — ${f.reason}`)].join('\n'),
  boldKinds: (fs) => ['**Summary:** Found some problems.', ...fs.map((f) => `**${f.kind.toUpperCase()}** \`${f.path}\` line ${f.line}: ${f.reason}`)].join('\n'),
  numbered: (fs) => ['Here is my review.', ...fs.map((f, i) => `${i + 1}. Finding (${f.kind}): ${f.path}#L${f.line} ${f.reason}`)].join('\n'),
  table: (fs) => ['SUMMARY: Found some problems.', '| kind | location | reason |', '|---|---|---|', ...fs.map((f) => `| ${f.kind} | ${f.path}:${f.line} | ${f.reason} |`)].join('\n'),
  fencedWithProse: (fs) => ['Sure! Here is the review:', '```', 'SUMMARY: Found some problems.', ...fs.map((f) => `FINDING ${f.kind} ${f.path}:${f.line} ${f.reason}`), '```', 'Let me know if you need more.'].join('\n'),
  synonymKinds: (fs) => ['SUMMARY: Found some problems.', ...fs.map((f) => `FINDING ${{ bug: 'error', risk: 'warning', nit: 'style' }[f.kind]} ${f.path}:${f.line} ${f.reason}`)].join('\n'),
  truncated: (fs) => {
    const text = LINE_STYLES.instructed!(fs);
    return text.slice(0, text.lastIndexOf('\n')); // the last finding line is lost: the others still parse
  },
};

const JSON_STYLES: Record<string, Render> = {
  instructed: (fs) => JSON.stringify({ summary: 'Found some problems.', findings: fs }),
  fencedWithProse: (fs) => `Here is the review:\n\`\`\`json\n${JSON.stringify({ summary: 'Found some problems.', findings: fs }, null, 2)}\n\`\`\`\nHope it helps!`,
  // Small models write quotes inside strings without escaping them.
  unescapedQuotes: (fs) => `{"summary": "Found some problems.", "findings": [${fs.map((f) => `{"kind": "${f.kind}", "path": "${f.path}", "line": ${f.line}, "reason": "${f.reason}"}`).join(', ')}]}`,
  trailingCommas: (fs) => `{"summary": "Found some problems.", "findings": [${fs.map((f) => `${JSON.stringify(f).slice(0, -1)},}`).join(', ')},]}`,
  singleQuotes: (fs) => `{'summary': 'Found some problems.', 'findings': [${fs.map((f) => `{'kind': '${f.kind}', 'path': '${f.path}', 'line': ${f.line}, 'reason': ${JSON.stringify(f.reason)}}`).join(', ')}]}`,
  comments: (fs) => `{\n  // review\n  "summary": "Found some problems.",\n  "findings": ${JSON.stringify(fs)}\n}`,
  truncated: (fs) => {
    const text = JSON.stringify({ summary: 'Found some problems.', findings: fs });
    return text.slice(0, Math.floor(text.length * 0.8));
  },
  bullets: (fs) => fs.map((f) => `- ${JSON.stringify(f)}`).join('\n'),
};

function sameFindings(got: Truth[], want: Truth[]): number {
  let ok = 0;
  for (const w of want) if (got.some((g) => g.kind === w.kind && g.path === w.path && g.line === w.line && g.reason === w.reason)) ok++;
  return ok;
}

/** The most lenient JSON reading a bot could reasonably do: strip a fence, take the outermost braces. */
function parseJsonReview(text: string): Truth[] {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return [];
  try {
    const parsed = JSON.parse(text.slice(start, end + 1)) as { findings?: Truth[] };
    return Array.isArray(parsed.findings) ? parsed.findings : [];
  } catch {
    return [];
  }
}

export async function run(): Promise<unknown> {
  const measure = (styles: Record<string, Render>, parse: (text: string) => Truth[]) => {
    const perStyle: Record<string, { findings: number; parsed: number; spurious: number }> = {};
    let total = 0;
    let parsed = 0;
    let spuriousTotal = 0;
    for (const [style, render] of Object.entries(styles)) {
      let want = 0;
      let got = 0;
      let spurious = 0;
      for (const fs of FINDINGS) {
        // A truncated reply can at best return the findings that were written in full.
        const expected = style === 'truncated' ? fs.slice(0, -1) : fs;
        const read = parse(render(fs));
        want += expected.length;
        const matched = sameFindings(read, expected);
        got += matched;
        spurious += read.length - matched;
      }
      perStyle[style] = { findings: want, parsed: got, spurious };
      total += want;
      parsed += got;
      spuriousTotal += spurious;
    }
    return { findings: total, parsed, spurious: spuriousTotal, rate: Math.round((parsed / total) * 1000) / 10, perStyle };
  };
  const lineFormat = measure(LINE_STYLES, (text) => parseReview(text).findings);
  const json = measure(JSON_STYLES, parseJsonReview);
  return {
    note: 'findings recovered exactly (kind, path, line, reason) from replies in the drifts small models write; truncated replies can at best give the findings written in full; spurious = findings read that the reply did not contain',
    lineFormat,
    json,
  };
}
