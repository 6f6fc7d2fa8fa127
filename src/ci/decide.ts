import type { CiState } from './collect-failures.js';
import { failureSignature, sameFailures } from './signature.js';

export interface RoundSummary {
  /** Signature of the failures this round set out to fix. */
  signature: string[];
  /** Names of the checks that were red when the round started. */
  failedChecks: string[];
}

export type CiVerdict =
  | { kind: 'wait'; pending: string[] }
  | { kind: 'green' }
  /** Red, but not as before: one more round, pinned to the commit just checked. */
  | { kind: 'next'; signature: string[] }
  | { kind: 'stop'; reason: 'same-failures' | 'max-rounds' | 'timeout'; still: string[] };

/**
 * After Spark's commit of round `rounds.length`: what the checks on that commit say. Pure.
 * Green needs every check that was red before to have reported on the new commit and passed:
 * right after a push GitHub may not have created the suites yet, and nothing red yet is not green.
 */
export function decide(state: CiState, rounds: readonly RoundSummary[], limits: { maxRounds: number; timedOut: boolean }): CiVerdict {
  const last = rounds[rounds.length - 1];
  const reported = new Set([...state.passed, ...state.failing.map((f) => f.name)]);
  const missing = (last?.failedChecks ?? []).filter((name) => !reported.has(name));
  const still = state.failing.map((f) => f.name);
  if (state.failing.length === 0) {
    if (state.pending.length === 0 && missing.length === 0) return { kind: 'green' };
    if (limits.timedOut) return { kind: 'stop', reason: 'timeout', still: [...state.pending, ...missing] };
    return { kind: 'wait', pending: [...state.pending, ...missing] };
  }
  // A red check is final for that check; still wait for the others so the next round sees everything.
  if (state.pending.length > 0 && !limits.timedOut) return { kind: 'wait', pending: state.pending };
  const signature = failureSignature(state);
  if (last && sameFailures(signature, last.signature)) return { kind: 'stop', reason: 'same-failures', still };
  if (rounds.length >= limits.maxRounds) return { kind: 'stop', reason: 'max-rounds', still };
  if (limits.timedOut && state.pending.length > 0) return { kind: 'stop', reason: 'timeout', still: [...still, ...state.pending] };
  return { kind: 'next', signature };
}
