/**
 * `paths.ignore` for the context: the same gitignore-semantics matcher the patch guard uses
 * (src/guard/path-matcher.ts), as a yes/no question. Comments, `!` negation (last match wins),
 * leading `/` anchoring, trailing `/` for directories, `*`, `?`, `[...]` and `**`.
 */
import { compilePathMatcher } from '../guard/index.js';

export type PathMatcher = (path: string) => boolean;

/** Compiles patterns once; the returned matcher says whether a repo-relative file path is ignored. */
export function compileIgnore(patterns: readonly string[] = []): PathMatcher {
  const match = compilePathMatcher(patterns);
  return (path) => match(path.replace(/^\.?\/+/, '')) !== undefined;
}
