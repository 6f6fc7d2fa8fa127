/**
 * The human side of the bench: every miss dumped to a folder (reply, snapshot, expected, got) and
 * a Markdown report listing wrong and suspect cases with the smallest reproducer of each kind.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { SuspectCase } from './corpus.js';
import type { Miss, VariantCounts } from './oracle.js';
import type { StressResult } from './run-stress.js';

const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);

/** Writes one JSON file per miss into `dir` (emptied first). */
export function dumpMisses(dir: string, misses: readonly Miss[]): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  misses.forEach((m, i) => {
    const file = join(dir, `${String(i).padStart(4, '0')}-${safe(m.variant)}-${safe(m.id)}.json`);
    writeFileSync(file, `${JSON.stringify({ id: m.id, variant: m.variant, verdict: m.verdict, detail: m.detail, reply: m.rendered.reply, files: Object.fromEntries(m.rendered.files), expected: m.rendered.expect, got: m.got ?? null }, null, 2)}\n`);
  });
}

/** A fence longer than any backtick run in `text`, so the block cannot close early. */
function fence(text: string, info = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${info}\n${text.endsWith('\n') ? text : `${text}\n`}${f}`;
}

const size = (m: Miss): number => m.rendered.reply.length + [...m.rendered.files.values()].reduce((n, f) => n + f.length, 0);

export interface ReportInput {
  command: string;
  perVariant: Record<string, VariantCounts>;
  misses: readonly Miss[];
  lost: readonly Miss[];
  /** Per variant, the minimal reproducer of its misses / lost applies (see shrink.ts). */
  minimal: readonly Miss[];
  suspects: readonly SuspectCase[];
  corpusRoot?: string;
  stress: Record<string, StressResult>;
  dumpDir: string;
}

export function markdownReport(input: ReportInput): string {
  const out: string[] = ['# Patch oracle: current misses', '', `Run: \`${input.command}\` (JSON on stdout and in bench/results/latest.json; every miss as JSON in ${input.dumpDir}).`, ''];
  out.push('| variant | cases | exact | wrong | refused | crashed | n/a | must refuse |', '|---|---|---|---|---|---|---|---|');
  for (const [name, c] of Object.entries(input.perVariant)) out.push(`| ${name} | ${c.cases} | ${c.exact} | ${c.wrong} | ${c.refused} | ${c.crashed} | ${c.notApplicable} | ${c.mustRefuse ? 'yes' : ''} |`);
  out.push('', '## Wrong (and crashed, and applied where refusing was required)', '');
  const byVariant = new Map<string, Miss[]>();
  for (const m of input.misses) byVariant.set(m.variant, [...(byVariant.get(m.variant) ?? []), m]);
  if (byVariant.size === 0) out.push('None.');
  for (const [variant, misses] of byVariant) {
    const smallest = input.minimal.find((m) => m.variant === variant && m.verdict !== 'refused-but-could-apply') ?? [...misses].sort((a, b) => size(a) - size(b))[0]!;
    out.push(`### ${variant}: ${misses.length}`, '', `Cases: ${misses.slice(0, 12).map((m) => `\`${m.id}\` (${m.verdict}${m.detail === '' ? '' : `: ${m.detail}`})`).join(', ')}${misses.length > 12 ? `, … ${misses.length - 12} more` : ''}`, '');
    const snapshot = [...smallest.rendered.files.values()][0] ?? '';
    out.push(`Smallest reproducer: \`${smallest.id}\`, file \`${smallest.rendered.expect.oldPath ?? smallest.rendered.expect.path}\`:`, '', fence(JSON.stringify(snapshot).length > 3000 ? `${JSON.stringify(snapshot).slice(0, 3000)}…` : JSON.stringify(snapshot), 'json'), '', 'Reply:', '', fence(smallest.rendered.reply.length > 4000 ? `${smallest.rendered.reply.slice(0, 4000)}\n[… ${smallest.rendered.reply.length - 4000} more characters]` : smallest.rendered.reply), '');
    if (smallest.got !== undefined) {
      const diff = createTwoFilesPatch('expected', 'engine', smallest.rendered.expect.content, smallest.got ?? '', '', '', { context: 2 });
      out.push('Expected vs engine:', '', fence(diff.length > 4000 ? `${diff.slice(0, 4000)}\n[…]` : diff, 'diff'), '');
    }
  }
  out.push('## Refused although applying was right (recall, not safety)', '');
  const lostBy = new Map<string, Miss[]>();
  for (const m of input.lost) lostBy.set(m.variant, [...(lostBy.get(m.variant) ?? []), m]);
  if (lostBy.size === 0) out.push('None.');
  for (const [variant, lost] of lostBy) {
    const smallest = input.minimal.find((m) => m.variant === variant && m.verdict === 'refused-but-could-apply') ?? [...lost].sort((a, b) => size(a) - size(b))[0]!;
    out.push(`- ${variant}: ${lost.length} — ${lost.slice(0, 8).map((m) => `\`${m.id}\` (${m.detail})`).join(', ')}${lost.length > 8 ? ', …' : ''}`);
    out.push('', fence(smallest.rendered.reply.length > 2500 ? `${smallest.rendered.reply.slice(0, 2500)}\n[…]` : smallest.rendered.reply), '');
  }
  out.push('', '## Suspect corpus applies (detectors)', '');
  if (input.suspects.length === 0) out.push('None.');
  for (const s of input.suspects) {
    const where = input.corpusRoot === undefined ? s.case : `${input.corpusRoot}/${s.case}`;
    out.push(`- \`${s.case}\` \`diffs/${s.diff}\` — **${s.detector}** (hunk ${s.hunk}, line ${s.at}): ${s.message}. Lines: ${s.lines.slice(0, 4).map((l) => `\`${l.replace(/`/g, "'")}\``).join(' ')}${s.lines.length > 4 ? ' …' : ''}. Reproduce: \`${where}/before.*\` + that diff.`);
  }
  out.push('', '## Stress (parse + apply, one worker each, capped)', '');
  for (const [name, r] of Object.entries(input.stress)) out.push(`- ${name}: ${r.ms === null ? r.outcome : `${r.ms} ms, ${r.outcome}`}`);
  return `${out.join('\n')}\n`;
}
