import ignore from 'ignore';

/** Says which pattern matches a repository path, or undefined. */
export type PathMatcher = (path: string) => string | undefined;

/**
 * The one path matcher (gitignore semantics, the `ignore` package) for `paths.ignore`,
 * `paths.protected` and the default protected list: `infra/` matches everything below
 * `infra`, `secrets/[ab].txt` is a character class, `!` re-includes, the last match wins.
 * Case-insensitive, so `.GitHub/Workflows/x.yml` cannot pass on a case-insensitive checkout.
 * A path the library cannot judge (not a clean relative path) counts as matched: callers use
 * a match to refuse or to exclude, so the unknown case takes the safe side.
 */
export function compilePathMatcher(patterns: readonly string[]): PathMatcher {
  if (patterns.length === 0) return () => undefined;
  const rules = ignore({ ignorecase: true }).add(patterns.map(String));
  return (path) => {
    try {
      const verdict = rules.test(path);
      return verdict.ignored ? (verdict.rule?.pattern ?? '(pattern)') : undefined;
    } catch {
      return '(not a relative path)';
    }
  };
}
