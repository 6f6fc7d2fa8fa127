/**
 * Candidate ranking shared by `relatedPaths` (what to fetch) and `buildContext` (what to
 * send first). Tiers: focus → changed → named → imports → imported-by → tests → retrieved;
 * inside a tier, higher score first, then path, so the order is fully deterministic.
 */
import { bm25, foldedWords, pathWords, queryTerms } from './bm25.js';
import { splitDiff, type DiffFile } from './diff.js';
import { importsOf, indexTree, type TreeIndex } from './imports.js';
import { importHints, mentionsImport } from './hints.js';
import type { ContentMemo } from './memo.js';
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

/** The subset of `ContextRequest` that ranking needs (no budget, no system instructions). */
export type RelatedRequest = Pick<ContextRequest, 'mode' | 'instruction' | 'diff' | 'changedPaths' | 'tree' | 'files'> &
  Partial<Pick<ContextRequest, 'title' | 'body' | 'focus' | 'ignore'>> & {
    /** Maximum number of paths `relatedPaths` returns (default 40). */
    limit?: number;
    /** Maximum BM25 hits considered (default: `limit`). */
    retrievalLimit?: number;
  };

export const TIER: Record<Reason, number> = {
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

interface TreeIndexes {
  tree: string[];
  treeIndex: TreeIndex;
  names: ReturnType<typeof indexNames>;
  tests: ReturnType<typeof indexTests>;
  words: string[][];
}

// Indexes depend only on the tree; the bot ranks twice per job (relatedPaths, then
// buildContext) with the same tree array, so they are memoised on that array's identity.
// Callers must not mutate a tree array after passing it in.
const indexCache = new WeakMap<readonly string[], TreeIndexes>();

function indexesFor(request: RelatedRequest): TreeIndexes {
  const cached = indexCache.get(request.tree);
  if (cached && request.changedPaths.every((p) => cached.treeIndex.paths.has(p))) return cached;
  const tree = [...new Set([...request.tree, ...request.changedPaths])].sort(compareStrings);
  const built = { tree, treeIndex: indexTree(tree), names: indexNames(tree), tests: indexTests(tree), words: pathWords(tree) };
  const given = new Set(request.tree);
  if (request.changedPaths.every((p) => given.has(p))) indexCache.set(request.tree, built);
  return built;
}

export function rankCandidates(request: RelatedRequest): Ranking {
  const { tree, treeIndex, names, tests, words: treeWords } = indexesFor(request);
  const diffFiles = splitDiff(request.diff);
  let availableSorted: string[] | undefined;
  const available = (): string[] => (availableSorted ??= sortedPaths(request.files, tree, treeIndex.paths));
  const best = new Map<string, Candidate>();
  const offer = (path: string, reason: Reason, score: number): void => {
    const kind = classifyPath(path, request.ignore);
    if (kind === 'secret' || kind === 'ignored' || kind === 'binary') return;
    if (kind === 'lockfile' && reason !== 'changed' && reason !== 'focus') return;
    const prev = best.get(path);
    if (!prev || TIER[reason] < TIER[prev.reason] || (TIER[reason] === TIER[prev.reason] && score > prev.score)) {
      best.set(path, { path, reason, score });
    }
  };

  const nameText = [request.instruction, request.mode === 'issue' ? `${request.title ?? ''}\n${request.body ?? ''}` : ''].join('\n');
  const named = namedPaths(nameText, names);
  const namedSet = new Set(named);

  // Changed files: named ones first, then by how much changed (bigger edits matter more).
  const churn = new Map(diffFiles.map((f) => [f.path, f.added + f.removed]));
  const deleted = new Set(diffFiles.filter((f) => f.deleted).map((f) => f.path));
  if (request.focus) offer(request.focus.path, 'focus', 1e9);
  for (const path of request.changedPaths) {
    if (deleted.has(path)) continue;
    offer(path, 'changed', (namedSet.has(path) ? 1e6 : 0) + Math.min(churn.get(path) ?? 0, 1e5));
  }
  named.forEach((path, i) => {
    if (treeIndex.paths.has(path)) offer(path, 'named', 1000 - i);
  });

  // Origins whose neighbours we follow, best first.
  const origins = [...best.values()].sort(byRank);
  origins.forEach((origin, rank) => {
    const content = request.files.get(origin.path);
    if (content === undefined) return;
    const weight = 1000 - rank;
    for (const [i, dep] of importsOf(origin.path, content, treeIndex).slice(0, MAX_IMPORTS_PER_ORIGIN).entries()) {
      offer(dep, 'import', weight - i / 100);
    }
  });
  reverseNeighbours(request, origins, treeIndex, available()).forEach(([path, score]) => offer(path, 'imported-by', score));
  // Barrel/package files next to an origin very likely import it; guessed without contents so
  // the bot can fetch them in the same round trip.
  origins.forEach((origin, rank) => {
    for (const barrel of barrelsFor(origin.path, treeIndex)) offer(barrel, 'imported-by', 500 - rank);
  });

  origins.forEach((origin, rank) => {
    testCounterparts(origin.path, tests).forEach((t, i) => offer(t, 'test', 1000 - rank - i / 10));
  });

  // Lowest tier, so retrieval only fills room the structural signals leave: in PR mode the
  // title/body describe the change and are worth matching too.
  const query = queryTerms(`${request.instruction}\n${request.title ?? ''}\n${request.body ?? ''}`);
  const retrievalLimit = request.retrievalLimit ?? request.limit ?? 40;
  if (query.length > 0 && retrievalLimit > 0) {
    const identifiers = identifierDocs(request.files, available(), treeIndex.memo);
    for (const hit of bm25(query, tree, identifiers, treeWords).slice(0, retrievalLimit)) offer(hit.path, 'retrieved', hit.score);
  }

  return { candidates: [...best.values()].sort(byRank), diffFiles };
}

export function byRank(a: Candidate, b: Candidate): number {
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

/** Files among the available contents that import one of the origins. */
function reverseNeighbours(request: RelatedRequest, origins: Candidate[], treeIndex: TreeIndex, available: readonly string[]): Array<[string, number]> {
  const targets = new Map<string, number>();
  origins.forEach((o, rank) => {
    if (languageOf(o.path) !== 'other') targets.set(o.path, 1000 - rank);
  });
  if (targets.size === 0) return [];
  const hints = importHints([...targets.keys()]);
  const out: Array<[string, number]> = [];
  let scanned = 0;
  for (const path of available) {
    const lang = languageOf(path);
    if (targets.has(path) || lang === 'other') continue;
    const content = request.files.get(path) as string;
    scanned += content.length;
    if (scanned > MAX_REVERSE_SCAN_BYTES) break;
    const hint = hints[lang];
    if (!hint) continue;
    if (!mentionsImport(content, lang, hint, treeIndex.memo)) continue;
    let score = -1;
    for (const dep of importsOf(path, content, treeIndex)) score = Math.max(score, targets.get(dep) ?? -1);
    if (score >= 0) out.push([path, score]);
  }
  return out;
}

/**
 * The available paths in code-point order. The memoised tree is already sorted that way, so
 * when every available path is in it (the usual case) a filter replaces a sort of thousands of keys.
 */
export function sortedPaths(files: ReadonlyMap<string, string>, sortedTree: readonly string[], inTree: ReadonlySet<string>): string[] {
  // Filtering costs O(tree), sorting O(files log files): filter only when most of the tree is in hand.
  if (files.size * 8 >= sortedTree.length) {
    let known = 0;
    for (const path of files.keys()) if (inTree.has(path)) known++;
    if (known === files.size) return sortedTree.filter((p) => files.has(p));
  }
  return [...files.keys()].sort(compareStrings);
}

const DEFINITION = /\b(?:function|class|interface|type|enum|def|func|const|let|var|struct)\s+([A-Za-z_$][\w$]*)/g;
const MAX_IDENTIFIER_BYTES = 2 * 1024 * 1024;

/** Folded words of the identifiers `content` defines; null when it defines none. Memoised per content. */
function definitionWords(content: string, memo: ContentMemo): string[] | null {
  const facts = memo.of(content);
  if (facts.identifiers !== undefined) return facts.identifiers;
  let folded: string[] | null = null;
  for (const m of content.matchAll(DEFINITION)) {
    const more = foldedWords(m[1] as string);
    if (folded) folded.push(...more);
    else folded = more;
  }
  facts.identifiers = folded;
  return folded;
}

/** Folded identifier words per available file, for BM25: definitions only, to keep it cheap and on-topic. */
function identifierDocs(files: ReadonlyMap<string, string>, sorted: readonly string[], memo: ContentMemo): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let scanned = 0;
  for (const path of sorted) {
    const content = files.get(path) as string;
    scanned += content.length;
    if (scanned > MAX_IDENTIFIER_BYTES) break;
    const folded = definitionWords(content, memo);
    if (folded) out.set(path, folded);
  }
  return out;
}
