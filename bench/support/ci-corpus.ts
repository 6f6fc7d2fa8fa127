/**
 * The real-log corpus written by scripts/ci-logs/generate.mjs, and how much of it the extractor
 * recovers: the share of the places the broken code really breaks at that appear among the
 * extracted `file:line` references (recall), and the places reported beyond those (extra).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFailures } from '../../src/ci/extract-failures.js';
import type { ExtractedLog } from '../../src/ci/types.js';

/** test/fixtures/ci-logs, found from here both in the sources and in dist/. */
function corpusDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'test', 'fixtures', 'ci-logs', 'manifest.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('test/fixtures/ci-logs not found above this file');
    dir = up;
  }
  return join(dir, 'test', 'fixtures', 'ci-logs');
}

export const CORPUS_DIR = corpusDir();

export interface CorpusEntry {
  log: string;
  tool: string;
  command: string;
  exitCode: number;
  files: string[];
  expected: Array<{ file: string; line: number }>;
}

export function readCorpus(): CorpusEntry[] {
  return (JSON.parse(readFileSync(join(CORPUS_DIR, 'manifest.json'), 'utf8')) as { logs: CorpusEntry[] }).logs;
}

export interface CorpusScore {
  logs: number;
  expected: number;
  recovered: number;
  /** Places the extractor reported that the broken code does not contain. */
  extra: number;
  recall: number;
  missed: string[];
  perLog: Array<{ log: string; result: ExtractedLog; missed: string[] }>;
}

export function scoreCorpus(entries = readCorpus()): CorpusScore {
  let expected = 0;
  let recovered = 0;
  let extra = 0;
  const missed: string[] = [];
  const perLog: CorpusScore['perLog'] = [];
  for (const entry of entries) {
    const result = extractFailures(readFileSync(join(CORPUS_DIR, entry.log), 'utf8'), { files: entry.files });
    const logMissed: string[] = [];
    for (const want of entry.expected) {
      expected++;
      if (result.refs.some((r) => r.path === want.file && r.line === want.line)) recovered++;
      else logMissed.push(`${entry.log}: ${want.file}:${want.line}`);
    }
    extra += result.refs.filter((r) => !entry.expected.some((w) => w.file === r.path && w.line === r.line)).length;
    missed.push(...logMissed);
    perLog.push({ log: entry.log, result, missed: logMissed });
  }
  return { logs: entries.length, expected, recovered, extra, recall: expected === 0 ? 0 : recovered / expected, missed, perLog };
}
