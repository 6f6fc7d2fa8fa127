/**
 * Facts derived from one file's content alone (its import specifiers, its definition
 * identifiers, whether it mentions an import of given targets), memoised across calls.
 * The bot ranks the same contents twice per job (`relatedPaths`, then `buildContext` with the
 * same origins), and `spark context --thorough` ranks the whole checkout twice, so the second
 * pass reads these instead of rescanning megabytes of source.
 *
 * Keyed by the content string itself: V8 caches a string's hash on the string and hashes long
 * strings by length only, so a lookup is O(1) for the same string object and a short compare
 * otherwise; an equal string fetched again hits too. Bounded by entries and characters (the
 * keys are retained): when either bound would be passed, everything is dropped at once, which
 * keeps the bookkeeping free and the worst case a recomputation.
 */
import type { PythonImport } from './imports.js';

export interface ContentFacts {
  jsSpecifiers?: string[];
  pythonImports?: PythonImport[];
  goImports?: string[];
  /** Folded words of the definition identifiers (see rank.ts). */
  identifiers?: string[] | null;
  /** Last reverse-import pre-filter (language and regex source) seen for this content, and its outcome. */
  hint?: { key: string; hit: boolean };
}

const MAX_ENTRIES = 8192;
const MAX_CHARS = 48 * 1024 * 1024;

const facts = new Map<string, ContentFacts>();
let chars = 0;

export function factsOf(content: string): ContentFacts {
  let entry = facts.get(content);
  if (entry === undefined) {
    if (facts.size >= MAX_ENTRIES || chars + content.length > MAX_CHARS) {
      facts.clear();
      chars = 0;
    }
    entry = {};
    facts.set(content, entry);
    chars += content.length;
  }
  return entry;
}

/** Forgets everything (benchmarks use it to time a job on contents never seen before). */
export function clearContentMemo(): void {
  facts.clear();
  chars = 0;
}
