/**
 * Minimal glob matching for protected paths: `**` spans directories, `*` and `?` stay inside
 * one segment; a pattern without `/` matches the file name at any depth (like .gitignore).
 * Case-insensitive, so `.GitHub/Workflows/x.yml` cannot sneak past on a case-insensitive checkout.
 */
export function globToRegExp(pattern: string): RegExp {
  const anyDepth = !pattern.includes('/');
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${anyDepth ? '(?:.*/)?' : ''}${re}$`, 'i');
}

export function matchesAny(path: string, patterns: readonly string[]): string | undefined {
  return patterns.find((p) => globToRegExp(p.replace(/^\//, '')).test(path));
}
