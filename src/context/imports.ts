/**
 * Import/require extraction and resolution against the repository tree, for TS/JS
 * (es-module-lexer, with a regex fallback for syntax it rejects), Python and Go (light
 * line parsers). Resolution is pure: a path is only returned if it exists in the tree.
 */
import { parse as parseModule } from 'es-module-lexer/js';
import { ContentMemo } from './memo.js';
import { dirOf, extOf, joinPath, languageOf } from './paths.js';

const REQUIRE = /(?<![\w$.])require\s*\(\s*(['"`])([^'"`\n]+)\1\s*\)/g;
const IMPORT_FALLBACK = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*(['"])([^'"\n]+)\1|(?:^|[\s;(])import\s*\(?\s*(['"])([^'"\n]+)\3/gm;

function jsSpecifiers(content: string): string[] {
  const out: string[] = [];
  let parsed = false;
  // The lexer stops at the first construct it cannot tokenise (some TS syntax); the regex
  // fallback is then used so one odd generic does not hide every import of the file.
  try {
    const [imports] = parseModule(content);
    for (const imp of imports) if (imp.n) out.push(imp.n);
    parsed = true;
  } catch {
    parsed = false;
  }
  if (!parsed) {
    for (const m of content.matchAll(IMPORT_FALLBACK)) {
      const spec = m[2] ?? m[4];
      if (spec) out.push(spec);
    }
  }
  if (content.includes('require')) for (const m of content.matchAll(REQUIRE)) out.push(m[2] as string);
  return out;
}

export interface PythonImport {
  /** Dotted module, without leading dots. */
  module: string;
  /** Number of leading dots (relative import level). */
  level: number;
  /** Names after `import` in `from x import a, b` (may be submodules). */
  names: string[];
}

function pythonImports(content: string): PythonImport[] {
  const out: PythonImport[] = [];
  // Join parenthesised continuation lines so `from x import (\n a,\n b)` reads as one statement.
  const text = content.replace(/\(([^()]*)\)/g, (_m, inner: string) => inner.replace(/\n/g, ' '));
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    let m = /^from\s+(\.*)([\w.]*)\s+import\s+(.+)$/.exec(line);
    if (m) {
      const names = (m[3] as string)
        .split(',')
        .map((n) => n.trim().split(/\s+as\s+/)[0]?.trim() ?? '')
        .filter((n) => /^\w+$/.test(n));
      out.push({ module: m[2] as string, level: (m[1] as string).length, names });
      continue;
    }
    m = /^import\s+(.+)$/.exec(line);
    if (m) {
      for (const part of (m[1] as string).split(',')) {
        const mod = part.trim().split(/\s+as\s+/)[0]?.trim() ?? '';
        if (/^[\w.]+$/.test(mod)) out.push({ module: mod, level: 0, names: [] });
      }
    }
  }
  return out;
}

function goImports(content: string): string[] {
  const out: string[] = [];
  for (const block of content.matchAll(/^import\s*\(([\s\S]*?)^\)/gm)) {
    for (const m of (block[1] as string).matchAll(/^\s*(?:[\w.]+\s+)?"([^"]+)"/gm)) out.push(m[1] as string);
  }
  for (const m of content.matchAll(/^import\s+(?:[\w.]+\s+)?"([^"]+)"/gm)) out.push(m[1] as string);
  return out;
}

/** Lookup structure over the tree, built once per tree (so once per job). */
export interface TreeIndex {
  paths: ReadonlySet<string>;
  /** directory → files directly inside it (sorted). */
  byDir: ReadonlyMap<string, readonly string[]>;
  /** Per-content facts for the job that uses this tree (see memo.ts). */
  memo: ContentMemo;
}

export function indexTree(tree: readonly string[]): TreeIndex {
  const paths = new Set(tree);
  const byDir = new Map<string, string[]>();
  for (const path of [...paths].sort()) {
    const dir = dirOf(path);
    let list = byDir.get(dir);
    if (!list) byDir.set(dir, (list = []));
    list.push(path);
  }
  return { paths, byDir, memo: new ContentMemo() };
}

const JS_TRY = ['', '.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mts', '.mjs', '.cts', '.cjs', '.vue', '.svelte', '.json'];
const JS_INDEX = ['/index.ts', '/index.tsx', '/index.js', '/index.jsx', '/index.mjs', '/index.cjs'];

function resolveJs(from: string, spec: string, index: TreeIndex): string[] {
  let base: string | undefined;
  if (spec.startsWith('.')) base = joinPath(dirOf(from), spec);
  else if (spec.startsWith('/')) base = joinPath('', spec);
  else if (/^(?:~|@)\//.test(spec)) base = joinPath('src', spec.slice(2)); // common `@/x` → src/x alias
  else return [];
  if (base === undefined) return [];
  const candidates: string[] = [];
  // nodenext TypeScript imports `./x.js` for `./x.ts`: try the source extensions too.
  const ext = extOf(base);
  const stems = ['js', 'jsx', 'mjs', 'cjs'].includes(ext) ? [base, base.slice(0, -(ext.length + 1))] : [base];
  for (const stem of stems) for (const suffix of JS_TRY) candidates.push(stem + suffix);
  for (const suffix of JS_INDEX) candidates.push(base + suffix);
  for (const c of candidates) if (index.paths.has(c)) return [c];
  return [];
}

function resolvePython(from: string, imp: PythonImport, index: TreeIndex): string[] {
  const roots: string[] = [];
  if (imp.level > 0) {
    let dir = dirOf(from);
    for (let i = 1; i < imp.level; i++) dir = dirOf(dir);
    roots.push(dir);
  } else {
    // Absolute imports: repo root, `src/` layout, and the importing file's top-level dirs.
    roots.push('', 'src', 'lib');
    const dir = dirOf(from);
    if (dir !== '') roots.push(dir);
  }
  const out: string[] = [];
  const modPath = imp.module.replace(/\./g, '/');
  for (const root of roots) {
    const base = modPath === '' ? root : root === '' ? modPath : `${root}/${modPath}`;
    const found: string[] = [];
    for (const c of [`${base}.py`, `${base}/__init__.py`, `${base}.pyi`]) if (index.paths.has(c)) found.push(c);
    for (const name of imp.names) {
      const sub = base === '' ? name : `${base}/${name}`;
      for (const c of [`${sub}.py`, `${sub}/__init__.py`]) if (index.paths.has(c)) found.push(c);
    }
    if (found.length > 0) {
      out.push(...found);
      break;
    }
  }
  return out;
}

const GO_PACKAGE_FILES = 6;

function resolveGo(spec: string, index: TreeIndex): string[] {
  // Module-qualified import path: the longest suffix that names a tree directory is the package.
  const parts = spec.split('/');
  for (let i = 0; i < parts.length; i++) {
    const dir = parts.slice(i).join('/');
    const files = index.byDir.get(dir);
    if (!files) continue;
    const goFiles = files.filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
    if (goFiles.length > 0) return goFiles.slice(0, GO_PACKAGE_FILES);
  }
  return [];
}

/** Repo paths imported by `path` (forward edges), in source order, de-duplicated. */
export function importsOf(path: string, content: string, index: TreeIndex): string[] {
  const lang = languageOf(path);
  const found: string[] = [];
  // Extraction depends only on the content: memoised for the job (see memo.ts).
  const facts = index.memo.of(content);
  if (lang === 'js') for (const spec of (facts.jsSpecifiers ??= jsSpecifiers(content))) found.push(...resolveJs(path, spec, index));
  else if (lang === 'python') for (const imp of (facts.pythonImports ??= pythonImports(content))) found.push(...resolvePython(path, imp, index));
  else if (lang === 'go') for (const spec of (facts.goImports ??= goImports(content))) found.push(...resolveGo(spec, index));
  return [...new Set(found)].filter((p) => p !== path);
}
