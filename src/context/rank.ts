/**
 * Candidate ranking. Tiers: focus → changed → named → imports → imported-by → tests →
 * retrieved; inside a tier, higher score first, then path, so the order is fully deterministic.
 *
 * Split by what each part reads. `rankBasis` derives everything the request alone decides (tree
 * indexes, diff, named files, the origins whose neighbours are followed, tests, barrels); it is
 * built once per context plan. `rank` adds what file contents say (forward imports of origins,
 * reverse imports, definition identifiers for BM25) and returns the per-path facts it read, so a
 * later call with more contents (the pack step, after the fetch) reads each content once and
 * gives the same ranking as one call with everything in hand.
 */
import { bm25, foldedWords, pathWords, queryTerms, type Bm25Hit } from './bm25.js';
import { splitDiff, type DiffFile } from './diff.js';
import { importsOf, indexTree, type TreeIndex } from './imports.js';
import { importHints, mentionsImport, type ImportHints } from './hints.js';
import { indexNames, namedPaths } from './named.js';
import { compareStrings, languageOf } from './paths.js';
import { classifyPath } from './safety.js';
import { indexTests, testCounterparts } from './testmatch.js';
import type { ContextRequest, IncludedFile } from './types.js';

export type Reason = IncludedFile['reason'];

export interface Candidate {
  path: string;
  reason: Reason;
  /** Higher is better within a tier. */
  score: number;
}

/** What ranking reads from the request besides file contents (no budget, no system instructions). */
export type RankInput = Pick<ContextRequest, 'mode' | 'instruction' | 'diff' | 'changedPaths' | 'tree'> &
  Partial<Pick<ContextRequest, 'title' | 'body' | 'focus' | 'ignore'>>;

const TIER: Record<Reason, number> = {
  focus: 0,
  changed: 1,
  named: 2,
  import: 3,
  'imported-by': 4,
  test: 5,
  retrieved: 6,
};

export interface Ranking {
  candidates: Candidate[];
  diffFiles: DiffFile[];
}

/** Caps keep ranking O(changed files), not O(repository), on huge trees. */
const MAX_IMPORTS_PER_ORIGIN = 24;
const MAX_REVERSE_SCAN_BYTES = 64 * 1024 * 1024;
const MAX_IDENTIFIER_BYTES = 2 * 1024 * 1024;

/** Everything ranking derives from the request alone. */
export interface RankBasis {
  input: RankInput;
  /** The tree plus the changed paths, sorted, and its lookup structures. */
  tree: string[];
  treeIndex: TreeIndex;
  words: string[][];
  diffFiles: DiffFile[];
  /** Focus, changed and named offers (before content), and barrel and test offers (after). */
  head: Candidate[];
  tail: Candidate[];
  /** Focus, changed and named paths, best first: the files whose neighbours are followed. */
  origins: Candidate[];
  /** Origin path → weight, for reverse imports; and the pre-filters that find their importers. */
  targets: ReadonlyMap<string, number>;
  hints: ImportHints;
  query: string[];
}

export function rankBasis(input: RankInput): RankBasis {
  const tree = [...new Set([...input.tree, ...input.changedPaths])].sort(compareStrings);
  const treeIndex = indexTree(tree);
  const names = indexNames(tree);
  const tests = indexTests(tree);
  const diffFiles = splitDiff(input.diff);
  const head: Candidate[] = [];
  const nameText = [input.instruction, input.mode === 'issue' ? `${input.title ?? ''}\n${input.body ?? ''}` : ''].join('\n');
  const named = namedPaths(nameText, names);
  const namedSet = new Set(named);

  // Changed files: named ones first, then by how much changed (bigger edits matter more).
  const churn = new Map(diffFiles.map((f) => [f.path, f.added + f.removed]));
  const deleted = new Set(diffFiles.filter((f) => f.deleted).map((f) => f.path));
  if (input.focus) head.push({ path: input.focus.path, reason: 'focus', score: 1e9 });
  for (const path of input.changedPaths) {
    if (deleted.has(path)) continue;
    head.push({ path, reason: 'changed', score: (namedSet.has(path) ? 1e6 : 0) + Math.min(churn.get(path) ?? 0, 1e5) });
  }
  named.forEach((path, i) => {
    if (treeIndex.paths.has(path)) head.push({ path, reason: 'named', score: 1000 - i });
  });
  const origins = merge(input, head);

  const tail: Candidate[] = [];
  // Barrel/package files next to an origin very likely import it; guessed without contents so
  // the bot can fetch them in the same round trip.
  origins.forEach((origin, rank) => {
    for (const barrel of barrelsFor(origin.path, treeIndex)) tail.push({ path: barrel, reason: 'imported-by', score: 500 - rank });
  });
  origins.forEach((origin, rank) => {
    testCounterparts(origin.path, tests).forEach((t, i) => tail.push({ path: t, reason: 'test', score: 1000 - rank - i / 10 }));
  });

  const targets = new Map<string, number>();
  origins.forEach((o, rank) => {
    if (languageOf(o.path) !== 'other') targets.set(o.path, 1000 - rank);
  });
  const query = queryTerms(`${input.instruction}\n${input.title ?? ''}\n${input.body ?? ''}`);
  return { input, tree, treeIndex, words: pathWords(tree), diffFiles, head, tail, origins, targets, hints: importHints([...targets.keys()]), query };
}

/** Facts read from one path's content; each is computed at most once per plan. */
interface PathFacts {
  /** Repo paths it imports ([] when the pre-filter shows it imports no origin and it is not one). */
  imports?: readonly string[];
  /** Folded words of the identifiers it defines; null when there are none. */
  identifiers?: readonly string[] | null;
}

export interface Evidence {
  facts: ReadonlyMap<string, PathFacts>;
  /** BM25 hits, all of them, and the identifier documents they were scored with. */
  retrieval?: { docs: readonly string[]; hits: readonly Bm25Hit[] };
}

/**
 * Ranks with the contents available. `available` lists every path with content, sorted;
 * `content` returns it. Facts in `prior` (from an earlier call with the same basis and the
 * same contents for those paths) are reused, never recomputed; `prior` is not modified.
 */
export function rank(basis: RankBasis, available: readonly string[], content: (path: string) => string | undefined, retrievalLimit: number, prior?: Evidence): { ranking: Ranking; evidence: Evidence } {
  const { input, treeIndex } = basis;
  const facts = new Map(prior?.facts);
  const importsFor = (path: string, text: string): readonly string[] => {
    const known = facts.get(path);
    if (known?.imports) return known.imports;
    const imports = importsOf(path, text, treeIndex);
    facts.set(path, { ...known, imports });
    return imports;
  };
  const best = new Map<string, Candidate>();
  const offer = (path: string, reason: Reason, score: number): void => offerTo(best, input, path, reason, score);

  for (const c of basis.head) offer(c.path, c.reason, c.score);
  basis.origins.forEach((origin, position) => {
    const text = content(origin.path);
    if (text === undefined) return;
    const weight = 1000 - position;
    for (const [i, dep] of importsFor(origin.path, text).slice(0, MAX_IMPORTS_PER_ORIGIN).entries()) offer(dep, 'import', weight - i / 100);
  });

  // Files among the available contents that import one of the origins.
  if (basis.targets.size > 0) {
    let scanned = 0;
    for (const path of available) {
      const lang = languageOf(path);
      if (basis.targets.has(path) || lang === 'other') continue;
      const text = content(path) as string;
      scanned += text.length;
      if (scanned > MAX_REVERSE_SCAN_BYTES) break;
      const hint = basis.hints[lang];
      if (!hint) continue;
      let imports = facts.get(path)?.imports;
      if (imports === undefined) {
        if (mentionsImport(text, lang, hint)) imports = importsFor(path, text);
        else facts.set(path, { ...facts.get(path), imports: (imports = []) });
      }
      let score = -1;
      for (const dep of imports) score = Math.max(score, basis.targets.get(dep) ?? -1);
      if (score >= 0) offer(path, 'imported-by', score);
    }
  }
  for (const c of basis.tail) offer(c.path, c.reason, c.score);

  // Lowest tier, so retrieval only fills room the structural signals leave: in PR mode the
  // title/body describe the change and are worth matching too.
  let retrieval = prior?.retrieval;
  if (basis.query.length > 0 && retrievalLimit > 0) {
    const docs = new Map<string, readonly string[]>();
    let scanned = 0;
    for (const path of available) {
      const text = content(path) as string;
      scanned += text.length;
      if (scanned > MAX_IDENTIFIER_BYTES) break;
      let words = facts.get(path)?.identifiers;
      if (words === undefined) facts.set(path, { ...facts.get(path), identifiers: (words = definitionWords(text)) });
      if (words) docs.set(path, words);
    }
    const docPaths = [...docs.keys()];
    if (!retrieval || !sameList(retrieval.docs, docPaths)) retrieval = { docs: docPaths, hits: bm25(basis.query, basis.tree, docs, basis.words) };
    for (const hit of retrieval.hits.slice(0, retrievalLimit)) offer(hit.path, 'retrieved', hit.score);
  }

  const evidence: Evidence = retrieval ? { facts, retrieval } : { facts };
  return { ranking: { candidates: [...best.values()].sort(byRank), diffFiles: basis.diffFiles }, evidence };
}

function offerTo(best: Map<string, Candidate>, input: RankInput, path: string, reason: Reason, score: number): void {
  const kind = classifyPath(path, input.ignore);
  if (kind === 'secret' || kind === 'ignored' || kind === 'binary') return;
  if (kind === 'lockfile' && reason !== 'changed' && reason !== 'focus') return;
  const prev = best.get(path);
  if (!prev || TIER[reason] < TIER[prev.reason] || (TIER[reason] === TIER[prev.reason] && score > prev.score)) {
    best.set(path, { path, reason, score });
  }
}

/** The offers, best per path (safety-filtered), in rank order. */
function merge(input: RankInput, offers: readonly Candidate[]): Candidate[] {
  const best = new Map<string, Candidate>();
  for (const c of offers) offerTo(best, input, c.path, c.reason, c.score);
  return [...best.values()].sort(byRank);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function byRank(a: Candidate, b: Candidate): number {
  return TIER[a.reason] - TIER[b.reason] || b.score - a.score || compareStrings(a.path, b.path);
}

function barrelsFor(path: string, index: TreeIndex): string[] {
  const lang = languageOf(path);
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const prefix = dir === '' ? '' : `${dir}/`;
  const names =
    lang === 'js' ? ['index.ts', 'index.tsx', 'index.js', 'index.mjs'] : lang === 'python' ? ['__init__.py'] : [];
  return names.map((n) => prefix + n).filter((p) => p !== path && index.paths.has(p));
}

/**
 * The available paths in code-point order. The basis tree is already sorted that way, so when
 * every available path is in it (the usual case) a filter replaces a sort of thousands of keys.
 */
export function sortedPaths(paths: ReadonlySet<string>, basis: Pick<RankBasis, 'tree' | 'treeIndex'>): string[] {
  // Filtering costs O(tree), sorting O(paths log paths): filter only when most of the tree is in hand.
  if (paths.size * 8 >= basis.tree.length) {
    let known = 0;
    for (const path of paths) if (basis.treeIndex.paths.has(path)) known++;
    if (known === paths.size) return basis.tree.filter((p) => paths.has(p));
  }
  return [...paths].sort(compareStrings);
}

const DEFINITION = /\b(?:function|class|interface|type|enum|def|func|const|let|var|struct)\s+([A-Za-z_$][\w$]*)/g;

/** Folded words of the identifiers `content` defines; null when it defines none. */
function definitionWords(content: string): string[] | null {
  let folded: string[] | null = null;
  for (const m of content.matchAll(DEFINITION)) {
    const more = foldedWords(m[1] as string);
    if (folded) folded.push(...more);
    else folded = more;
  }
  return folded;
}
