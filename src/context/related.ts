import { rankCandidates, type RelatedRequest } from './rank.js';

/**
 * Paths worth fetching besides the changed files, best first, in one batch: everything is
 * derived from the tree and the contents already at hand, so no second round trip is needed.
 * Excludes changed paths, paths already in `files`, sensitive paths, binaries and lockfiles.
 */
export function relatedPaths(request: RelatedRequest): string[] {
  const limit = request.limit ?? 40;
  const changed = new Set(request.changedPaths);
  const inTree = new Set(request.tree);
  const out: string[] = [];
  for (const c of rankCandidates(request).candidates) {
    if (out.length >= limit) break;
    if (changed.has(c.path) || request.files.has(c.path) || !inTree.has(c.path)) continue;
    if (c.reason === 'focus' || c.reason === 'changed') continue;
    out.push(c.path);
  }
  return out;
}
