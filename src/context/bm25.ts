/**
 * Okapi BM25 over repository paths (and identifiers from contents when available), for the
 * issue case where there is no diff to anchor on. Deterministic: ties break on path.
 */
import { compareStrings, words } from './paths.js';

export interface Bm25Hit {
  path: string;
  score: number;
}

const K1 = 1.2;
const B = 0.75;
const STOP = new Set([
  'the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'is', 'it', 'be', 'this', 'that', 'with', 'as',
  'at', 'by', 'from', 'we', 'should', 'when', 'not', 'are', 'was', 'fix', 'make', 'use', 'add', 'please', 'can',
  'do', 'does', 'if', 'so', 'but', 'has', 'have', 'into', 'its', 'src', 'lib', 'test', 'tests', 'ts', 'js', 'py',
  'index', 'main', 'spark', 'bug', 'issue', 'error', 'there', 'which', 'would', 'will', 'also', 'new', 'all',
]);

/** Light plural folding (retries → retry, handlers → handler) so prose matches file names. */
export function fold(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:ches|shes|sses|xes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Query words, folded, stop words removed; repeats kept (they weigh the term). */
export function queryTerms(text: string): string[] {
  return words(text)
    .filter((w) => !STOP.has(w))
    .map(fold)
    .filter((w) => !STOP.has(w));
}

/** Folded words of each path, computed once per tree. */
export function pathWords(paths: readonly string[]): string[][] {
  return paths.map((p) => words(p).map(fold));
}

/** Folded words of free text (e.g. a file's identifiers), for `bm25`'s `extra` documents. */
export function foldedWords(text: string): string[] {
  const out = words(text);
  for (let i = 0; i < out.length; i++) out[i] = fold(out[i] as string);
  return out;
}

/**
 * Scores each document against the query. `extra` maps a path to more folded words
 * (identifiers, see `foldedWords`) indexed along with the path's own words; path words are
 * counted twice since names are the strongest signal a tree gives.
 */
export function bm25(
  query: readonly string[],
  paths: readonly string[],
  extra?: ReadonlyMap<string, readonly string[]>,
  precomputed?: readonly (readonly string[])[],
): Bm25Hit[] {
  if (query.length === 0 || paths.length === 0) return [];
  const weight = new Map<string, number>();
  for (const q of query) weight.set(q, (weight.get(q) ?? 0) + 1);
  // Most documents match no query term: only those that do get a term-frequency map.
  const matched: Array<{ index: number; tf: Map<string, number>; length: number }> = [];
  const docFreq = new Map<string, number>();
  let totalLength = 0;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i] as string;
    const pathWords = precomputed?.[i] ?? words(path).map(fold);
    let tf: Map<string, number> | undefined;
    let length = pathWords.length * 2;
    for (const w of pathWords) if (weight.has(w)) (tf ??= new Map()).set(w, (tf.get(w) ?? 0) + 2);
    const extraWords = extra?.get(path);
    if (extraWords) {
      length += extraWords.length;
      for (const w of extraWords) if (weight.has(w)) (tf ??= new Map()).set(w, (tf.get(w) ?? 0) + 1);
    }
    totalLength += length;
    if (tf === undefined) continue;
    for (const w of tf.keys()) docFreq.set(w, (docFreq.get(w) ?? 0) + 1);
    matched.push({ index: i, tf, length });
  }
  const n = paths.length;
  const avg = totalLength / n || 1;
  const hits: Bm25Hit[] = [];
  for (const { index, tf, length } of matched) {
    let score = 0;
    for (const [term, f] of tf) {
      const df = docFreq.get(term) ?? 0;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      score += ((weight.get(term) ?? 1) * idf * (f * (K1 + 1))) / (f + K1 * (1 - B + (B * length) / avg));
    }
    hits.push({ path: paths[index] as string, score });
  }
  return hits.sort((a, b) => b.score - a.score || compareStrings(a.path, b.path));
}
