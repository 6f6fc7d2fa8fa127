/**
 * Import resolution against the repository tree, for TS/JS, Python and Go (the specifiers come
 * from import-scan.ts). Resolution is pure: a path is only returned if it exists in the tree.
 */
import { goImports, jsSpecifiers, pythonImports, type PythonImport } from './import-scan.js';
import { dirOf, extOf, joinPath, languageOf } from './paths.js';

/** Lookup structure over the tree, built once per tree (so once per job). */
export interface TreeIndex {
  paths: ReadonlySet<string>;
  /** directory → files directly inside it (sorted). */
  byDir: ReadonlyMap<string, readonly string[]>;
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
  return { paths, byDir };
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
  // A specifier resolves the same way each time: resolve each once (a generated file may repeat one thousands of times).
  if (lang === 'js') for (const spec of new Set(jsSpecifiers(content))) found.push(...resolveJs(path, spec, index));
  else if (lang === 'python') for (const imp of pythonImports(content)) found.push(...resolvePython(path, imp, index));
  else if (lang === 'go') for (const spec of new Set(goImports(content))) found.push(...resolveGo(spec, index));
  return [...new Set(found)].filter((p) => p !== path);
}
