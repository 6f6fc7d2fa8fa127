/**
 * The context plan: one pure step that names the files to fetch, given the tree, the diff, the
 * files in hand (the changed files) and the maintainer's words. It ranks once, keeping what it
 * derived (tree indexes, named files, origins, the imports and identifiers it read), so the pack
 * step (`packContext`) only reads the contents the fetch added and packs in the same pass.
 */
import { rank, rankBasis, sortedPaths, type Candidate, type Evidence, type RankBasis, type RankInput } from './rank.js';

export interface PlanInput extends RankInput {
  /** Contents in hand (the changed files; in `spark context --thorough`, every source file). */
  files: ReadonlyMap<string, string>;
  /** Most paths `fetch` and `related` name (default 40). */
  limit?: number;
  /** Most BM25 hits considered (default: `limit`). */
  retrievalLimit?: number;
}

export interface ContextPlan {
  readonly input: PlanInput;
  /** Paths to read besides the files in hand, best first, at most `limit`: one batch, no second round trip. */
  readonly fetch: readonly string[];
  /** The best `limit` paths besides the changed and focus files, whether in hand or not. */
  readonly related: readonly string[];
  /** The ranking over what was in hand, best first. */
  readonly candidates: readonly Candidate[];
  /** Paths in hand when the plan was made (the caller may add fetched files to the same map later). */
  readonly inHand: ReadonlySet<string>;
  /** For `packContext`: what ranking derived from the request and read from the contents. */
  readonly basis: RankBasis;
  readonly evidence: Evidence;
  readonly retrievalLimit: number;
}

const DEFAULT_LIMIT = 40;

/** Excludes changed and focus paths, paths outside the tree, sensitive paths, binaries and lockfiles. */
export function planContext(input: PlanInput): ContextPlan {
  const limit = input.limit ?? DEFAULT_LIMIT;
  const retrievalLimit = input.retrievalLimit ?? limit;
  const basis = rankBasis(input);
  const inHand = new Set(input.files.keys());
  const available = sortedPaths(inHand, basis);
  const { ranking, evidence } = rank(basis, available, (path) => input.files.get(path), retrievalLimit);
  const changed = new Set(input.changedPaths);
  const inTree = new Set(input.tree);
  const fetch: string[] = [];
  const related: string[] = [];
  for (const c of ranking.candidates) {
    if (fetch.length >= limit && related.length >= limit) break;
    if (changed.has(c.path) || !inTree.has(c.path) || c.reason === 'focus' || c.reason === 'changed') continue;
    if (related.length < limit) related.push(c.path);
    if (fetch.length < limit && !inHand.has(c.path)) fetch.push(c.path);
  }
  return { input, fetch, related, candidates: ranking.candidates, inHand, basis, evidence, retrievalLimit };
}
