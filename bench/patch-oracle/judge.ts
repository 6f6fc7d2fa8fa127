/**
 * Runs a rendered reply through the engine's public API exactly as the product does (parse the
 * whole reply, then apply to the snapshot) and compares with the one right answer.
 *   exact   = the engine changed exactly the expected file to exactly the expected content;
 *   refused = it threw one of its own errors (parse, apply, guard): nothing would be committed;
 *   wrong   = it produced anything else (other content, other path, extra files);
 *   crashed = it threw something else (a bug, but nothing committed).
 */
import { applyOps, lineHintsFrom, parseReply, PatchApplyError, PatchGuardError, PatchParseError, type EditHunk, type FileChange } from '../../src/patch/index.js';
import type { Rendered } from './types.js';

export type Verdict = 'exact' | 'wrong' | 'refused' | 'crashed';

export interface Judgement {
  verdict: Verdict;
  /** Why it was refused / what was wrong, one line. */
  detail: string;
  /** The engine's result for the expected path (wrong cases). */
  got?: string | null;
  changes?: FileChange[];
  /** When something applied: the parsed hunks for the expected file and its result (detector calibration). */
  applied?: { hunks: EditHunk[]; after: string | null };
}

export function judge(r: Rendered): Judgement {
  let changes: FileChange[];
  let hunks: EditHunk[] = [];
  try {
    const ops = parseReply(r.reply);
    hunks = ops.flatMap((op) => (op.kind === 'update' && op.path === (r.expect.oldPath ?? r.expect.path) ? op.hunks : []));
    changes = applyOps(ops, r.files, { allowProtected: true, ...(r.instruction === undefined ? {} : { lineHints: lineHintsFrom(r.instruction) }) }).changes;
  } catch (error) {
    if (error instanceof PatchApplyError) return { verdict: 'refused', detail: `apply: ${error.failures.map((f) => f.reason).join(',')}` };
    if (error instanceof PatchGuardError) return { verdict: 'refused', detail: `guard: ${error.reason}` };
    if (error instanceof PatchParseError) return { verdict: 'refused', detail: 'parse' };
    return { verdict: 'crashed', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  const { path, content, oldPath } = r.expect;
  const target = changes.find((c) => c.path === path);
  const others = changes.filter((c) => c !== target).map((c) => c.path);
  if (target === undefined) return { verdict: 'wrong', detail: `expected a change to ${path}, got ${changes.map((c) => c.path).join(', ') || 'none'}`, changes };
  const applied = { hunks, after: target.after };
  const problems: string[] = [];
  if (target.after !== content) problems.push('content differs');
  if ((target.oldPath ?? undefined) !== oldPath) problems.push(`oldPath ${target.oldPath ?? 'none'} (expected ${oldPath ?? 'none'})`);
  if (others.length > 0) problems.push(`also changed ${others.join(', ')}`);
  if (problems.length === 0) return { verdict: 'exact', detail: '', applied };
  return { verdict: 'wrong', detail: problems.join('; '), got: target.after, changes, applied };
}
