import { parseRounds, type LoopRecord } from './rounds.js';

export interface WaitingLoop {
  /** The status comment that carries the loop (edited on, never re-posted). */
  comment: { id: number; kind: 'issue' };
  record: LoopRecord;
  /** Spark's commit whose checks the loop waits for. */
  sha: string;
  /** The round that pushed `sha`. */
  round: number;
}

/**
 * The `/spark fix-ci` loop a restart left waiting on `sha`, from this app's comments on the PR
 * (oldest first). Pure. Only the newest of them counts: a later comment (another command's
 * status, a cancel reply, a queued note) means the loop was superseded, and an ended record or
 * one waiting on another commit is not waiting on `sha`.
 */
export function waitingLoop(comments: ReadonlyArray<{ id: number; body: string }>, sha: string): WaitingLoop | undefined {
  const newest = comments.at(-1);
  const record = newest && parseRounds(newest.body);
  if (!newest || !record || record.end || record.waitingOn !== sha) return undefined;
  return { comment: { id: newest.id, kind: 'issue' }, record, sha, round: record.rounds.length };
}
