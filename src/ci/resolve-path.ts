/**
 * Maps a path as a tool printed it (absolute on the runner, relative to a package, a
 * `file://` URL, a bare file name) to a repository path, or refuses. With the repository's
 * file list a path must name a file that exists, and a bare name must be unambiguous: a
 * wrong file is worse than none. Without it, only workspace-relative paths are kept.
 */
export type PathResolver = (raw: string, hint?: string) => string | undefined;

// Runner workspaces: GitHub-hosted Linux/macOS/Windows, container jobs, `/github/workspace`.
const WORKSPACE = [
  /^\/home\/runner\/work\/[^/]+\/[^/]+\//,
  /^\/Users\/runner\/work\/[^/]+\/[^/]+\//,
  /^[A-Za-z]:\/a\/[^/]+\/[^/]+\//,
  /^\/__w\/[^/]+\/[^/]+\//,
  /^\/github\/workspace\//,
];

// Never the repository's own code, whatever the file list says.
const OUTSIDE = /(?:^|\/)(?:node_modules|site-packages|dist-packages|\.cargo\/registry|go\/pkg\/mod|\.m2\/repository|\.git)\/|^node:|^internal\/|^<|^\/rustc\/|^\/usr\//;

function normalise(raw: string): string | undefined {
  let path = raw.trim().replace(/^file:\/\//, '').replace(/\\/g, '/');
  if (/^\/[A-Za-z]:\//.test(path)) path = path.slice(1); // file:///D:/a/…
  path = path.replace(/\/\.\//g, '/').replace(/^(?:\.\/)+/, '');
  if (path === '' || OUTSIDE.test(path)) return undefined;
  return path;
}

export function createPathResolver(files?: Iterable<string>): PathResolver {
  if (files === undefined) {
    return (raw) => {
      const path = normalise(raw);
      if (path === undefined) return undefined;
      for (const prefix of WORKSPACE) if (prefix.test(path)) return path.replace(prefix, '');
      if (path.startsWith('/') || /^[A-Za-z]:\//.test(path) || path.split('/').includes('..')) return undefined;
      return path;
    };
  }
  const known = new Set<string>();
  const byName = new Map<string, string[]>();
  for (const file of files) {
    known.add(file);
    const name = file.slice(file.lastIndexOf('/') + 1);
    const list = byName.get(name);
    if (list) list.push(file);
    else byName.set(name, [file]);
  }
  return (raw, hint) => {
    const path = normalise(raw);
    if (path === undefined) return undefined;
    if (known.has(path)) return path;
    for (const prefix of WORKSPACE) {
      if (prefix.test(path)) {
        const rel = path.replace(prefix, '');
        if (known.has(rel)) return rel;
      }
    }
    // Relative to a package or module directory, or absolute somewhere else: the repository
    // files the printed path ends with. A bare name needs exactly one candidate (or a hint).
    const parts = path.split('/').filter((p) => p !== '' && p !== '..' && p !== '.');
    const name = parts[parts.length - 1];
    if (name === undefined) return undefined;
    const candidates = (byName.get(name) ?? []).filter((file) => file === parts.join('/') || file.endsWith(`/${parts.join('/')}`) || suffixMatches(file, parts));
    if (candidates.length === 1) return candidates[0];
    if (candidates.length > 1 && hint) {
      const hinted = candidates.filter((file) => file.startsWith(`${hint}/`) || file.includes(`/${hint}/`) || hint.endsWith(`/${file.slice(0, file.lastIndexOf('/'))}`));
      if (hinted.length === 1) return hinted[0];
    }
    return undefined;
  };
}

/** The longest tail of `parts` that is a repository path equals the whole file. */
function suffixMatches(file: string, parts: string[]): boolean {
  for (let start = 0; start < parts.length; start++) {
    if (parts.slice(start).join('/') === file) return true;
  }
  return false;
}
