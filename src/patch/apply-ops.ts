import { checkPatchBudget } from '../guard/index.js';
import { PatchApplyError, PatchGuardError } from './errors.js';
import { buildRetryPrompt } from './retry-prompt.js';
import type { ApplyOptions, FileChange, FileOp, PatchResult } from './types.js';
import { minChangedLines } from './min-changed-lines.js';
import { fileDiff } from './unified-diff.js';
import { Workspace } from './workspace.js';

/**
 * Applies parsed operations to the snapshot (path → content) by content, never by line
 * number. All hunk failures are collected before throwing one PatchApplyError, so the single
 * re-prompt can fix everything at once. Policy violations throw PatchGuardError.
 */
export function applyOps(ops: readonly FileOp[], files: ReadonlyMap<string, string>, options: ApplyOptions = {}): PatchResult {
  if (options.maxChangedLines !== undefined) checkPatchBudget([{ path: '', after: null, ...minChangedLines(ops, files) }], options);
  const ws = new Workspace(files, options);
  for (const op of ops) ws.apply(op);
  if (ws.failures.length > 0) throw new PatchApplyError(ws.failures, buildRetryPrompt(ws.failures));
  return summarize(ws, files, options);
}

function summarize(ws: Workspace, snapshot: ReadonlyMap<string, string>, options: ApplyOptions): PatchResult {
  const { files, removed } = ws.result();
  const changes: FileChange[] = [];
  for (const [path, { origin, content }] of files) {
    const oldPath = origin !== undefined && origin !== path ? origin : undefined;
    const before = origin !== undefined ? (snapshot.get(origin) ?? null) : (snapshot.get(path) ?? null);
    if (before === content && oldPath === undefined) continue;
    changes.push(change(path, before, content, oldPath));
  }
  for (const path of removed) changes.push(change(path, snapshot.get(path) ?? '', null));
  changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (changes.length === 0) {
    throw new PatchGuardError('no_op', 'The patch changes nothing: every edit reproduces the current content. Ask for a concrete change.');
  }
  checkPatchBudget(changes, options);
  const additions = changes.reduce((n, c) => n + c.additions, 0);
  const deletions = changes.reduce((n, c) => n + c.deletions, 0);
  return { changes, additions, deletions };
}

function change(path: string, before: string | null, after: string | null, oldPath?: string): FileChange {
  const { diff, additions, deletions } = fileDiff(path, before, after, oldPath ?? path);
  return { path, ...(oldPath === undefined ? {} : { oldPath }), before, after, diff, additions, deletions };
}
