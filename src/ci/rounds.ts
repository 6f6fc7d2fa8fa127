/**
 * The rounds of one `/spark fix-ci` command as the status comment shows them, and the same
 * record hidden in the comment (base64 JSON in an HTML comment, so untrusted text cannot close
 * it), from which a restarted app re-derives where the loop stood.
 */
import { inertCode } from '../report/inert.js';

export interface RoundRecord {
  round: number;
  /** The commit whose failures this round fixed. */
  base: string;
  /** Failing checks of `base`, with their one-line causes (redacted). */
  failing: Array<{ name: string; cause: string }>;
  /** Failure signature of `base` (see signature.ts). */
  signature: string[];
  model: string;
  /** Spark's commit, once pushed. */
  commit?: { sha: string; url: string };
  ms?: number;
}

export interface LoopRecord {
  v: 1;
  rounds: RoundRecord[];
  /** The commit whose checks the loop waits for. */
  waitingOn?: string;
  /** Set when the loop ended. */
  end?: { kind: 'green' | 'stopped'; reason: string };
  /** The command that started the loop: what a continuation after a restart needs to go on as it. */
  command?: { instruction: string; requester: { login: string; id: number }; commentUrl?: string };
}

const MARKER = /<!-- spark-ci:([A-Za-z0-9+/=]+) -->/;

/** HTML comment delimiters in untrusted text could fake or hide the record: they are broken up. */
const safe = (text: string): string => text.replace(/<!--|-->/g, '…');

export function renderRounds(record: LoopRecord): string {
  const lines = ['| round | failing on | checks | cause | commit | time |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of record.rounds) {
    const checks = r.failing.map((f) => inertCode(safe(f.name), 60)).join(', ') || '—';
    const cause = r.failing[0] ? inertCode(safe(r.failing[0].cause), 120) : '—';
    const commit = r.commit ? `[${r.commit.sha.slice(0, 7)}](${r.commit.url})` : '—';
    const time = r.ms === undefined ? '…' : `${(r.ms / 1000).toFixed(1)} s`;
    lines.push(`| ${r.round}${r.model ? ` (${inertCode(r.model, 40)})` : ''} | \`${r.base.slice(0, 7)}\` | ${checks} | ${cause} | ${commit} | ${time} |`);
  }
  if (record.waitingOn && !record.end) lines.push('', `Waiting for the checks on \`${record.waitingOn.slice(0, 7)}\`…`);
  if (record.end) lines.push('', safe(record.end.reason));
  lines.push('', `<!-- spark-ci:${Buffer.from(JSON.stringify(record), 'utf8').toString('base64')} -->`);
  return lines.join('\n');
}

/** The loop record in a status comment's body, or undefined when it has none (or it is malformed). */
export function parseRounds(body: string): LoopRecord | undefined {
  // The last marker is the record: ours always ends the comment.
  const m = [...body.matchAll(new RegExp(MARKER.source, 'g'))].at(-1);
  if (!m) return undefined;
  try {
    const value = JSON.parse(Buffer.from(m[1] as string, 'base64').toString('utf8')) as Partial<LoopRecord>;
    return value.v === 1 && Array.isArray(value.rounds) ? (value as LoopRecord) : undefined;
  } catch {
    return undefined;
  }
}
