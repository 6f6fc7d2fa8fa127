/**
 * `npm run bench -- ci-extract`: how much of the real-log corpus (test/fixtures/ci-logs, made by
 * scripts/ci-logs/generate.mjs from real tool runs) the CI failure extractor recovers — the
 * share of the places the broken code really breaks at found among the extracted `file:line`
 * references — per tool, the places it reports beyond those, and the extraction time of one
 * corpus pass and of a 5 MB log.
 */
import { extractFailures } from '../src/ci/extract-failures.js';
import { readCorpus, scoreCorpus } from './support/ci-corpus.js';

export const name = 'ci-extract';

export async function run(): Promise<unknown> {
  const corpus = readCorpus();
  const started = performance.now();
  const score = scoreCorpus(corpus);
  const corpusMs = performance.now() - started;
  const perTool: Record<string, { expected: number; recovered: number }> = {};
  for (const entry of corpus) {
    const row = (perTool[entry.tool] ??= { expected: 0, recovered: 0 });
    const missed = score.perLog.find((l) => l.log === entry.log)?.missed.length ?? 0;
    row.expected += entry.expected.length;
    row.recovered += entry.expected.length - missed;
  }
  const noise = Array.from({ length: 75_000 }, (_, i) => `2026-01-01T00:00:00.0000000Z building module ${i} of 75000 ........`).join('\n');
  const big = `${noise}\n2026-01-01T00:00:01.0000000Z src/a.ts(3,7): error TS2304: Cannot find name 'x'.\n2026-01-01T00:00:01.0000000Z ##[error]Process completed with exit code 2.\n`;
  const bigStarted = performance.now();
  const found = extractFailures(big, { files: ['src/a.ts'] }).refs.length;
  const bigMs = performance.now() - bigStarted;
  return {
    logs: score.logs,
    expectedPlaces: score.expected,
    recoveredPlaces: score.recovered,
    recallPercent: Math.round(score.recall * 1000) / 10,
    goalPercent: 95,
    extraPlaces: score.extra,
    missed: score.missed,
    perTool,
    corpusMs: Math.round(corpusMs),
    log5MB: { bytes: Buffer.byteLength(big), ms: Math.round(bigMs), placesFound: found },
  };
}
