/**
 * The engine on the real small-model diffs of the llm-patch corpus (no ground truth): applied or
 * refused, and every apply checked by the wrong-apply detectors (`suspect`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyOps, parseReply, PatchApplyError, PatchGuardError, PatchParseError, type EditHunk, type FileOp } from '../../src/patch/index.js';
import { refusalReviewOf, reviewKey, reviewOf, type Reviews, type Verdict } from './corpus-review.js';
import { detectSuspects, type Suspect } from './detectors.js';
import type { CorpusCase } from './pairs.js';

export interface CorpusCounts {
  diffs: number;
  applied: number;
  refused: number;
  suspect: number;
}

export interface SuspectCase {
  case: string;
  diff: string;
  detector: Suspect['detector'];
  hunk: number;
  at: number;
  lines: string[];
  message: string;
}

/** Applied replies by reviewed verdict (see corpus-review.ts), with the cases that are not `ok`. */
export interface ReviewedApplies {
  ok: number;
  wrong: number;
  doubtful: number;
  unreviewed: number;
  notOk: Array<{ case: string; diff: string; verdict: Exclude<Verdict, 'ok'> | 'unreviewed'; note?: string }>;
  /** Refused replies a reviewer read: refusing was right, or a careful person would have applied them. */
  refusedReviewed: { refuse: number; couldApply: string[] };
}

export interface CorpusRun {
  total: CorpusCounts;
  reviewed: ReviewedApplies;
  perModel: Record<string, CorpusCounts>;
  perLanguage: Record<string, CorpusCounts>;
  refusedBy: Record<string, number>;
  suspects: SuspectCase[];
  /** Slowest parse + apply of one corpus diff. */
  slowestMs: number;
}

const zero = (): CorpusCounts => ({ diffs: 0, applied: 0, refused: 0, suspect: 0 });

/**
 * Corpus headers say before.ext, after.ext, patched_before.ext or nothing: every update is pointed
 * at the case's single file, and a differing `+++` name is not taken as a rename.
 */
function retarget(ops: FileOp[], target: string): FileOp[] {
  return ops.map((op) => (op.kind === 'update' ? { kind: 'update', path: target, hunks: op.hunks, ...(op.wholeFile === undefined ? {} : { wholeFile: op.wholeFile }) } : op));
}

function refusal(error: unknown): string {
  if (error instanceof PatchParseError) return 'parse';
  if (error instanceof PatchApplyError) return error.failures[0]?.reason ?? 'apply';
  if (error instanceof PatchGuardError) return error.reason;
  return 'crash';
}

export interface CorpusDiff {
  kase: CorpusCase;
  file: string;
  before: string;
  diff: string;
}

export function corpusDiffs(cases: readonly CorpusCase[]): CorpusDiff[] {
  const out: CorpusDiff[] = [];
  for (const kase of cases) {
    let files: string[];
    try {
      files = readdirSync(join(kase.dir, 'diffs'));
    } catch {
      continue;
    }
    const before = readFileSync(join(kase.dir, kase.target), 'utf8');
    for (const file of files.filter((f) => f.endsWith('.diff')).sort()) out.push({ kase, file, before, diff: readFileSync(join(kase.dir, 'diffs', file), 'utf8') });
  }
  return out;
}

export function runCorpus(diffs: readonly CorpusDiff[], reviews: Reviews): CorpusRun {
  const total = zero();
  const reviewed: ReviewedApplies = { ok: 0, wrong: 0, doubtful: 0, unreviewed: 0, notOk: [], refusedReviewed: { refuse: 0, couldApply: [] } };
  const perModel: Record<string, CorpusCounts> = {};
  const perLanguage: Record<string, CorpusCounts> = {};
  const refusedBy: Record<string, number> = {};
  const suspects: SuspectCase[] = [];
  let slowestMs = 0;
  for (const { kase, file, before, diff } of diffs) {
    const model = file.replace(/\.diff$/, '');
    const tallies = [total, (perModel[model] ??= zero()), (perLanguage[kase.language] ??= zero())];
    for (const t of tallies) t.diffs++;
    const started = performance.now();
    let after: string | null | undefined;
    let hunks: EditHunk[] = [];
    try {
      // defaultPath: the corpus job concerns one file (as the product passes for single-file jobs).
      const ops = retarget(parseReply(diff, { defaultPath: kase.target }), kase.target);
      hunks = ops.flatMap((op) => (op.kind === 'update' ? op.hunks : []));
      after = applyOps(ops, new Map([[kase.target, before]])).changes.find((c) => c.path === kase.target)?.after;
    } catch (error) {
      const why = refusal(error);
      refusedBy[why] = (refusedBy[why] ?? 0) + 1;
    }
    slowestMs = Math.max(slowestMs, performance.now() - started);
    if (after === undefined || after === null) {
      for (const t of tallies) t.refused++;
      const verdict = refusalReviewOf(reviews, reviewKey(kase.language, kase.id, file));
      if (verdict === 'refuse') reviewed.refusedReviewed.refuse++;
      else if (verdict === 'could-apply') reviewed.refusedReviewed.couldApply.push(`${kase.language}/${kase.id}/${file}`);
      continue;
    }
    for (const t of tallies) t.applied++;
    const review = reviewOf(reviews, reviewKey(kase.language, kase.id, file), after);
    reviewed[review.verdict]++;
    if (review.verdict !== 'ok') reviewed.notOk.push({ case: `${kase.language}/${kase.id}`, diff: file, verdict: review.verdict, ...(review.note === undefined ? {} : { note: review.note }) });
    const found = detectSuspects(before, hunks, after, kase.target);
    if (found.length === 0) continue;
    for (const t of tallies) t.suspect++;
    for (const s of found) suspects.push({ case: `${kase.language}/${kase.id}`, diff: file, ...s });
  }
  return { total, reviewed, perModel, perLanguage, refusedBy, suspects, slowestMs: +slowestMs.toFixed(1) };
}
