/**
 * `.gitignore`-style matching for `paths.ignore` (pure; no dependency). Supports comments,
 * `!` negation (last match wins), leading `/` anchoring, trailing `/` for directories,
 * `*`, `?`, `[...]` and `**`. A pattern without an inner slash matches at any depth.
 */
interface Rule {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atStart && atEnd) {
          // `**/` matches zero or more directories; a trailing `**` matches everything below.
          if (glob[i + 2] === '/') {
            out += '(?:.*/)?';
            i += 2;
          } else {
            out += '.*';
            i += 1;
          }
          continue;
        }
        out += '[^/]*';
        i += 1;
        continue;
      }
      out += '[^/]*';
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else if (ch === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1] as string);
      i += 1;
    } else {
      out += escapeRegex(ch);
    }
  }
  return out;
}

function compileRule(line: string): Rule | undefined {
  let pattern = line.replace(/(?<!\\)\s+$/, '');
  if (pattern === '' || pattern.startsWith('#')) return undefined;
  let negate = false;
  if (pattern.startsWith('!')) {
    negate = true;
    pattern = pattern.slice(1);
  }
  let dirOnly = false;
  if (pattern.endsWith('/')) {
    dirOnly = true;
    pattern = pattern.slice(0, -1);
  }
  const anchored = pattern.includes('/');
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  if (pattern === '') return undefined;
  const body = globToRegex(pattern);
  const regex = new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`);
  return { regex, negate, dirOnly };
}

export type PathMatcher = (path: string) => boolean;

/** Compiles patterns once; the returned matcher says whether a repo-relative file path is ignored. */
export function compileIgnore(patterns: readonly string[] = []): PathMatcher {
  const rules = patterns.map(compileRule).filter((r): r is Rule => r !== undefined);
  if (rules.length === 0) return () => false;
  return (path: string) => {
    const clean = path.replace(/^\.?\//, '');
    // A file is ignored when it, or any directory above it, is matched by the last applicable rule.
    const parts = clean.split('/');
    let ignored = false;
    for (let depth = 1; depth <= parts.length; depth++) {
      const candidate = parts.slice(0, depth).join('/');
      const isDir = depth < parts.length;
      for (const rule of rules) {
        if (rule.dirOnly && !isDir) continue;
        if (rule.regex.test(candidate)) ignored = !rule.negate;
      }
      // gitignore: a file under an excluded directory cannot be re-included.
      if (ignored && isDir) return true;
    }
    return ignored;
  };
}
