/** Runs every variant of every pair through the engine and counts exact / wrong / refused. */
import { detectSuspects } from './detectors.js';
import { judge, type Verdict } from './judge.js';
import { shrink } from './shrink.js';
import type { Pair, Rendered, Variant } from './types.js';

export interface Counts {
  cases: number;
  exact: number;
  wrong: number;
  refused: number;
  crashed: number;
}

export interface VariantCounts extends Counts {
  mustRefuse: boolean;
  notApplicable: number;
}

/** A case that was not right, with everything needed to reproduce it. */
export interface Miss {
  id: string;
  variant: string;
  source: Pair['source'];
  verdict: Verdict | 'applied-but-must-refuse' | 'refused-but-could-apply';
  detail: string;
  rendered: Rendered;
  got?: string | null;
  pair: Pair;
}

/** The corpus detectors run on oracle applies, where the truth is known: how often they fire on each. */
export interface DetectorCalibration {
  exactApplies: number;
  flaggedExact: number;
  wrongApplies: number;
  flaggedWrong: number;
  /** Per detector: [fired on an exact apply, fired on a wrong apply]. */
  perDetector: Record<string, [number, number]>;
}

export interface OracleRun {
  perVariant: Record<string, VariantCounts>;
  detectors: DetectorCalibration;
  perSource: Record<string, Counts>;
  misses: Miss[];
  /** Refusals where applying was right: not a safety problem, lost recall (listed for the engine work). */
  lost: Miss[];
  totalMs: number;
}

const zero = (): Counts => ({ cases: 0, exact: 0, wrong: 0, refused: 0, crashed: 0 });

/** Yields to the event loop after every pair, so capped stress workers running beside it are timed out on time. */
export async function runOracle(pairs: readonly Pair[], variants: readonly Variant[]): Promise<OracleRun> {
  const started = performance.now();
  const perVariant: Record<string, VariantCounts> = {};
  const perSource: Record<string, Counts> = {};
  const misses: Miss[] = [];
  const lost: Miss[] = [];
  const detectors: DetectorCalibration = { exactApplies: 0, flaggedExact: 0, wrongApplies: 0, flaggedWrong: 0, perDetector: {} };
  for (const v of variants) perVariant[v.name] = { ...zero(), mustRefuse: v.mustRefuse, notApplicable: 0 };
  for (const pair of pairs) {
    await new Promise((resolve) => setImmediate(resolve));
    for (const v of variants) {
      const counts = perVariant[v.name]!;
      let rendered: Rendered | undefined;
      try {
        rendered = v.render(pair, `${pair.id}/${v.name}`);
      } catch (error) {
        throw new Error(`oracle: rendering ${v.name} for ${pair.id} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      if (rendered === undefined) {
        counts.notApplicable++;
        continue;
      }
      const j = judge(rendered);
      const source = (perSource[pair.source] ??= zero());
      for (const c of [counts, source]) {
        c.cases++;
        c[j.verdict]++;
      }
      if (v.misquoted !== true && j.applied !== undefined && j.applied.after !== null && (j.verdict === 'exact' || j.verdict === 'wrong')) {
        const original = rendered.files.get(rendered.expect.oldPath ?? rendered.expect.path) ?? '';
        const fired = new Set(detectSuspects(original, j.applied.hunks, j.applied.after, rendered.expect.path).map((s) => s.detector));
        const wrong = j.verdict === 'wrong';
        if (wrong) detectors.wrongApplies++;
        else detectors.exactApplies++;
        if (fired.size > 0) {
          if (wrong) detectors.flaggedWrong++;
          else detectors.flaggedExact++;
        }
        for (const d of fired) (detectors.perDetector[d] ??= [0, 0])[wrong ? 1 : 0]++;
      }
      const base = { id: pair.id, variant: v.name, source: pair.source, rendered, pair };
      if (j.verdict === 'wrong' || j.verdict === 'crashed') misses.push({ ...base, verdict: j.verdict, detail: j.detail, ...(j.got === undefined ? {} : { got: j.got }) });
      else if (j.verdict === 'refused' && !v.mustRefuse) lost.push({ ...base, verdict: 'refused-but-could-apply', detail: j.detail });
      else if (j.verdict === 'exact' && v.mustRefuse) misses.push({ ...base, verdict: 'applied-but-must-refuse', detail: 'applied (result happens to equal the after-file)' });
    }
  }
  return { perVariant, detectors, perSource, misses, lost, totalMs: Math.round(performance.now() - started) };
}

const size = (m: Miss): number => m.rendered.reply.length + [...m.rendered.files.values()].reduce((n, f) => n + f.length, 0);

/**
 * Per variant, the smallest miss cut down to its minimal reproducer (same verdict with the
 * fewest unchanged lines kept around the change), for the report.
 */
export function minimalMisses(misses: readonly Miss[], variants: readonly Variant[]): Miss[] {
  const out: Miss[] = [];
  for (const v of variants) {
    const mine = misses.filter((m) => m.variant === v.name).sort((a, b) => size(a) - size(b));
    const first = mine[0];
    if (first === undefined) continue;
    const small = shrink(first.pair, v, `${first.pair.id}/${v.name}`, (r) => {
      const j = judge(r);
      return first.verdict === 'applied-but-must-refuse' ? j.verdict === 'exact' : first.verdict === 'refused-but-could-apply' ? j.verdict === 'refused' : j.verdict === first.verdict;
    });
    if (small === undefined) {
      out.push(first);
      continue;
    }
    const j = judge(small.rendered);
    out.push({ ...first, id: `${first.id} (trimmed)`, pair: small.pair, rendered: small.rendered, detail: j.detail, ...(j.got === undefined ? {} : { got: j.got }) });
  }
  return out;
}
