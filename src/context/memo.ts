/**
 * Facts derived from one file's content alone (its import specifiers, its definition
 * identifiers, whether it may import given targets), memoised for the length of a job. The bot
 * ranks the same contents twice per job (`relatedPaths`, then `buildContext` with the same
 * origins), and `spark context --thorough` ranks the whole checkout twice, so the second pass
 * reads these instead of rescanning megabytes of source.
 *
 * One memo lives with each tree's indexes (see rank.ts), so it is shared by the calls of one
 * job and dropped with it: nothing is retained across jobs. Keyed by the content string itself:
 * V8 caches a string's hash on the string and hashes long strings by length only, so a lookup
 * is O(1) for the same string object and a short compare otherwise. Bounded by entries and
 * characters (the keys are retained): past either bound everything is dropped at once, which
 * keeps the bookkeeping free and the worst case a recomputation.
 */
import type { PythonImport } from './imports.js';

export interface ContentFacts {
  jsSpecifiers?: string[];
  pythonImports?: PythonImport[];
  goImports?: string[];
  /** Folded words of the definition identifiers (see rank.ts); null when there are none. */
  identifiers?: string[] | null;
  /** Last reverse-import pre-filter (language and regex source) seen for this content, and its outcome. */
  hint?: { key: string; hit: boolean };
}

const MAX_ENTRIES = 8192;
const MAX_CHARS = 64 * 1024 * 1024;

export class ContentMemo {
  private readonly facts = new Map<string, ContentFacts>();
  private chars = 0;

  of(content: string): ContentFacts {
    let entry = this.facts.get(content);
    if (entry === undefined) {
      if (this.facts.size >= MAX_ENTRIES || this.chars + content.length > MAX_CHARS) {
        this.facts.clear();
        this.chars = 0;
      }
      entry = {};
      this.facts.set(content, entry);
      this.chars += content.length;
    }
    return entry;
  }
}
