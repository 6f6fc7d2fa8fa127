/** Pure rendering of the status comment, edited in place as the job advances. */
import { renderTurnMarker, type TurnRecord } from '../conversation/turn-marker.js';

export type Phase = 'queued' | 'reading' | 'generating' | 'applying' | 'retrying' | 'pushing' | 'waiting' | 'done' | 'failed';

export interface StatusTimings {
  contextMs?: number;
  ttftMs?: number;
  tokensPerSecond?: number;
  totalMs?: number;
}

export type StatusOutcome =
  | { kind: 'commit'; url: string; sha: string }
  | { kind: 'review'; url: string; suggestions: number; inBody: number }
  | { kind: 'pull'; url: string; number: number }
  | { kind: 'answer'; url: string }
  | { kind: 'described'; url: string };

export interface StatusState {
  command: string;
  /** What the command runs on (default 'pull request'). */
  subject?: 'pull request' | 'issue';
  instruction: string;
  phase: Phase;
  /** Jobs ahead of this one on the same PR. */
  waitingBehind?: number;
  /** Files the model has started editing (streamed). */
  files?: string[];
  outputTokens?: number;
  outcome?: StatusOutcome;
  changed?: { files: number; additions: number; deletions: number };
  timings?: StatusTimings;
  /** Actionable, user-safe reason (never a stack or a secret). */
  error?: string;
  note?: string;
  /** A follow-up: the earlier fix it continues (its status comment and commit, as GitHub gave them). */
  continues?: { statusUrl: string; commit: { sha: string; url: string } };
  /** A fix's record for a later follow-up (hidden; src/conversation/turn-marker.ts). */
  turn?: TurnRecord;
  /** The queue job this comment reports on (hidden; a replay finds its comment by it). */
  job?: string;
}

/** The hidden line naming a status comment's job; ids outside this alphabet get none. */
export function jobMarker(jobId: string): string | undefined {
  return /^[\w.%-]{1,200}$/.test(jobId) ? `<!-- spark-job:${jobId} -->` : undefined;
}

const ICON: Record<Phase, string> = {
  queued: '⏳',
  reading: '📖',
  generating: '⚡',
  applying: '🧩',
  retrying: '🔁',
  pushing: '⬆️',
  waiting: '⏱️',
  done: '✅',
  failed: '❌',
};

function label(state: StatusState): string {
  switch (state.phase) {
    case 'queued':
      return state.waitingBehind ? `Queued behind ${state.waitingBehind} job(s) on this ${state.subject === 'issue' ? 'issue' : 'PR'}` : 'Queued';
    case 'reading':
      return state.subject === 'issue' ? 'Reading the issue and the repository' : 'Reading the pull request';
    case 'generating':
      return 'Generating the patch';
    case 'applying':
      return 'Applying the patch';
    case 'retrying':
      return 'The patch did not apply; asking the model once more with the exact error';
    case 'pushing':
      return 'Pushing';
    case 'waiting':
      return 'Waiting for the checks on its commit';
    case 'done':
      return 'Done';
    case 'failed':
      return 'Failed';
  }
}

function ms(value: number | undefined): string | undefined {
  return value === undefined ? undefined : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

export function renderTimings(t: StatusTimings | undefined): string | undefined {
  if (!t) return undefined;
  const parts = [
    t.contextMs !== undefined ? `context ${ms(t.contextMs)}` : undefined,
    t.ttftMs !== undefined ? `TTFT ${ms(t.ttftMs)}` : undefined,
    t.tokensPerSecond !== undefined ? `${Math.round(t.tokensPerSecond)} tok/s` : undefined,
    t.totalMs !== undefined ? `total ${ms(t.totalMs)}` : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : undefined;
}

/**
 * Instruction text is user input: keep it on one line and out of Markdown structure, and let it
 * open no HTML comment (which would hide text, or pass for one of Spark's hidden records).
 */
function quote(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim().replace(/<!--/g, '&lt;!--');
  return one.length > 200 ? `${one.slice(0, 199)}…` : one;
}

export function renderStatus(state: StatusState): string {
  const lines = [`${ICON[state.phase]} **Spark ${state.command}** — ${label(state)}`];
  if (state.instruction) lines.push(`> ${quote(state.instruction)}`);
  const c = state.continues;
  if (c) lines.push('', `↪ Continues [the earlier fix](${c.statusUrl}) ([${c.commit.sha.slice(0, 7)}](${c.commit.url})).`);
  if (state.phase === 'generating' || state.phase === 'applying' || state.phase === 'retrying') {
    if (state.files?.length) lines.push('', `Editing: ${state.files.map((f) => `\`${f}\``).join(', ')}`);
    if (state.outputTokens) lines.push(`~${state.outputTokens} tokens so far`);
  }
  const outcome = state.outcome;
  if (outcome?.kind === 'commit') lines.push('', `Pushed ${outcome.url.includes('/commit/') ? `[${outcome.sha.slice(0, 7)}](${outcome.url})` : outcome.sha.slice(0, 7)}.`);
  if (outcome?.kind === 'review') {
    lines.push('', `Posted [a review](${outcome.url}) with ${outcome.suggestions} suggestion(s)${outcome.inBody ? ` (+${outcome.inBody} change(s) outside the diff, in the review body)` : ''}.`);
  }
  if (outcome?.kind === 'answer') lines.push('', `Posted [the answer](${outcome.url}).`);
  if (outcome?.kind === 'described') lines.push('', `Wrote the Spark section of [the description](${outcome.url}).`);
  if (outcome?.kind === 'pull') lines.push('', `Opened draft PR [#${outcome.number}](${outcome.url}).`);
  if (state.changed) lines.push(`${state.changed.files} file(s) changed, +${state.changed.additions} −${state.changed.deletions}.`);
  if (state.error) lines.push('', state.error);
  if (state.note) lines.push('', state.note);
  const timings = renderTimings(state.timings);
  if (timings && (state.phase === 'done' || state.phase === 'failed')) lines.push('', `<sub>${timings}</sub>`);
  const job = state.job && jobMarker(state.job);
  if (job) lines.push('', job);
  // Last: a follow-up reads the turn record only where it ends Spark's comment.
  if (state.turn && state.phase === 'done') lines.push('', renderTurnMarker(state.turn));
  return lines.join('\n');
}
