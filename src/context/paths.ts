/** Small POSIX path helpers for repo-relative paths (no node:path: the builder is pure). */
export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

export function baseOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

export function extOf(path: string): string {
  const base = baseOf(path);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** Basename without its last extension. */
export function stemOf(path: string): string {
  const base = baseOf(path);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? base : base.slice(0, dot);
}

/** Joins and normalises `.`/`..`; returns undefined when the path escapes the repo root. */
export function joinPath(dir: string, relative: string): string | undefined {
  const out: string[] = dir === '' ? [] : dir.split('/');
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isAlnum = (c: number): boolean => isDigit(c) || isUpper(c) || isLower(c);

/**
 * Splits identifiers and paths into lowercase words: `parseHTTPConfig_v2.ts` → parse, http, config, v2, ts.
 * Words are runs of ASCII letters and digits, split before an upper-case letter that follows a
 * lower-case letter or digit, and before the last capital of an acronym (`HTTPConfig` → HTTP, Config);
 * one-letter words are dropped unless they are digits. A character loop rather than split regexes:
 * BM25 runs this over every path and identifier, and lookbehind splits are slow in V8.
 */
export function words(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isAlnum(text.charCodeAt(i))) i++;
    const chunkStart = i;
    let start = i;
    let digit = false;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (!isAlnum(c)) break;
      if (i > chunkStart && isUpper(c)) {
        const prev = text.charCodeAt(i - 1);
        if (isLower(prev) || isDigit(prev) || (isUpper(prev) && i + 1 < n && isLower(text.charCodeAt(i + 1)))) {
          if (i - start > 1 || digit) out.push(text.slice(start, i).toLowerCase());
          start = i;
          digit = false;
        }
      }
      if (isDigit(c)) digit = true;
    }
    if (i > start && (i - start > 1 || digit)) out.push(text.slice(start, i).toLowerCase());
  }
  return out;
}

export type Language = 'js' | 'python' | 'go' | 'other';

const JS_EXT = new Set(['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'vue', 'svelte']);

export function languageOf(path: string): Language {
  const ext = extOf(path);
  if (JS_EXT.has(ext)) return 'js';
  if (ext === 'py' || ext === 'pyi') return 'python';
  if (ext === 'go') return 'go';
  return 'other';
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
