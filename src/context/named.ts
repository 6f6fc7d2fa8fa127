/**
 * Files the maintainer's words point at: explicit paths (`src/foo.ts`, `foo.ts`, `lib/util`)
 * and identifiers whose spelling matches a file name (`parseConfig` → `parse-config.ts`).
 */
import { baseOf, compareStrings, stemOf } from './paths.js';

export interface NamedIndex {
  /** lowercase basename → paths */
  byBase: ReadonlyMap<string, readonly string[]>;
  /** normalised stem (lowercase, no `-_.`) → paths */
  byStem: ReadonlyMap<string, readonly string[]>;
  paths: ReadonlySet<string>;
  sortedPaths: readonly string[];
}

const normaliseStem = (s: string): string => s.toLowerCase().replace(/[-_.]/g, '');

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexNames(tree: readonly string[]): NamedIndex {
  const byBase = new Map<string, string[]>();
  const byStem = new Map<string, string[]>();
  const sortedPaths = [...tree].sort();
  for (const path of sortedPaths) {
    push(byBase, baseOf(path).toLowerCase(), path);
    const stem = stemOf(path).replace(/\.(test|spec|d)$/i, '');
    if (stem.length >= 3) push(byStem, normaliseStem(stem), path);
  }
  return { byBase, byStem, paths: new Set(tree), sortedPaths };
}

const PATHLIKE = /(?:^|[\s`'"([<])((?:\.{0,2}\/)?[\w@.-]+(?:\/[\w@.-]+)*\/?)(?=[\s`'")\]>,:;!?]|\.(?:\s|$)|$)/g;
const IDENT = /(?<![\w$])([A-Za-z_$][\w$]{2,})(?![\w$])/g;
const COMMON = new Set([
  'the', 'and', 'for', 'this', 'that', 'with', 'from', 'make', 'should', 'when', 'fix', 'add', 'use', 'not',
  'return', 'returns', 'function', 'const', 'let', 'var', 'class', 'import', 'export', 'test', 'tests', 'index',
  'main', 'file', 'files', 'error', 'value', 'type', 'types', 'please', 'also', 'instead', 'into', 'null', 'true',
  'false', 'undefined', 'string', 'number', 'async', 'await', 'new', 'line', 'lines', 'code', 'change', 'empty',
]);

/** Paths named by `text`, most specific first (explicit paths, then basenames, then identifiers). */
export function namedPaths(text: string, index: NamedIndex, max = 20): string[] {
  if (text.trim() === '') return [];
  const exact: string[] = [];
  const byName: string[] = [];
  const byIdent: string[] = [];
  for (const m of text.matchAll(PATHLIKE)) {
    const token = (m[1] as string).replace(/^\.?\//, '').replace(/[/.,:;]+$/, '');
    if (token === '' || (!token.includes('/') && !token.includes('.'))) continue;
    if (index.paths.has(token)) {
      exact.push(token);
      continue;
    }
    if (token.includes('/')) {
      // A path suffix (`context/pack.ts`) or a directory prefix (`src/context`).
      const suffix = `/${token}`;
      const prefix = `${token}/`;
      for (const p of index.sortedPaths) if (p.endsWith(suffix)) exact.push(p);
      if (!exact.length) {
        let n = 0;
        for (const p of index.sortedPaths) {
          if (p.startsWith(prefix) && !p.slice(prefix.length).includes('/')) {
            byName.push(p);
            if (++n >= 8) break;
          }
        }
      }
    } else {
      byName.push(...(index.byBase.get(token.toLowerCase()) ?? []));
    }
  }
  const quoted = new Set<string>();
  for (const span of text.matchAll(/`([^`\n]+)`/g)) for (const w of (span[1] as string).matchAll(IDENT)) quoted.add(w[1] as string);
  for (const m of text.matchAll(IDENT)) {
    const ident = m[1] as string;
    if (COMMON.has(ident.toLowerCase())) continue;
    // Only identifier-shaped words (camelCase, snake_case, PascalCase) — plain English words
    // like "parser" would match too many files.
    if (!/[a-z][A-Z]|_|^[A-Z][a-z]+[A-Z]/.test(ident) && !quoted.has(ident)) continue;
    byIdent.push(...(index.byStem.get(normaliseStem(ident)) ?? []));
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const group of [exact, byName, byIdent]) {
    for (const p of [...group].sort(compareStrings)) {
      if (seen.has(p)) continue;
      seen.add(p);
      out.push(p);
      if (out.length >= max) return out;
    }
  }
  return out;
}
