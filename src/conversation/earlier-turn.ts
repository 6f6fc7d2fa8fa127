import { parseTurnMarker, type TurnRecord } from './turn-marker.js';

/** One of this app's comments on the PR: a status comment may carry a turn record. */
export interface BotComment {
  id: number;
  body: string;
  url: string;
  /** ISO time GitHub created the comment (when that turn started). */
  createdAt: string;
  /** Review-thread comments: the thread's first comment. */
  thread?: number;
}

export interface EarlierTurnRef {
  record: TurnRecord;
  /** The status comment that carries it (linked from the follow-up's status). */
  comment: { id: number; url: string };
  sameThread: boolean;
}

const HOUR_MS = 3_600_000;

/**
 * The Spark fix a new `/spark fix` continues, from this app's comments on the PR. Pure.
 * In a review thread, the thread's last fix, however old: a thread is one conversation. Else
 * (and in a thread without one) the PR's last fix, anywhere on it, when it started at most
 * `hours` before the command came. `hours` 0: never. Only turns older than the command count.
 */
export function pickEarlierTurn(comments: readonly BotComment[], at: { thread?: number; receivedAt: number; hours: number }): EarlierTurnRef | undefined {
  if (at.hours <= 0) return undefined;
  const turns = comments
    .map((comment) => ({ comment, record: parseTurnMarker(comment.body), started: Date.parse(comment.createdAt) }))
    .filter((t): t is { comment: BotComment; record: TurnRecord; started: number } => t.record !== undefined && Number.isFinite(t.started) && t.started <= at.receivedAt)
    .sort((a, b) => a.started - b.started || a.comment.id - b.comment.id);
  const inThread = at.thread === undefined ? undefined : turns.findLast((t) => t.comment.thread === at.thread);
  const chosen = inThread ?? turns.findLast((t) => at.receivedAt - t.started <= at.hours * HOUR_MS);
  if (!chosen) return undefined;
  return { record: chosen.record, comment: { id: chosen.comment.id, url: chosen.comment.url }, sameThread: inThread !== undefined };
}
