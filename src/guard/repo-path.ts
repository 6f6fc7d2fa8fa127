/**
 * A path as git will store it, worked out before any rule is checked, so that
 * `./.github/x`, `a/../.github/x`, `.github\x`, `/.github/x` and `C:\repo\.github\x` are all
 * judged as `.github/x`. `problem` says why the raw spelling itself is refused (a patch must
 * name the file the way the repository does).
 */
export interface RepoPath {
  /** NFC, `/`-separated, no leading `/` or drive, `.` and `..` resolved. '' when nothing is left. */
  path: string;
  problem?: string;
}

// Control characters, and format characters a reviewer cannot see (zero-width, bidi controls).
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

export function repoPath(raw: string): RepoPath {
  let problem: string | undefined;
  const note = (why: string): void => {
    problem ??= why;
  };
  if (INVISIBLE.test(raw)) note('control or invisible characters in the path');
  let text = raw.normalize('NFC').replace(/[\p{Cc}\p{Cf}]/gu, '');
  if (text !== text.trim()) note('spaces around the path');
  text = text.trim();
  if (text.includes('\\')) note('backslashes are not path separators in git');
  text = text.replace(/\\/g, '/');
  if (/^[A-Za-z]:/.test(text)) {
    note('absolute path');
    text = text.slice(2);
  }
  if (text.startsWith('~/')) {
    note('absolute path');
    text = text.slice(1);
  }
  if (text.startsWith('/')) note('absolute path');
  const out: string[] = [];
  for (const segment of text.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) note('".." escapes the repository');
      out.pop();
      continue;
    }
    out.push(segment);
  }
  const path = out.join('/');
  if (path === '') note('empty path');
  if (problem === undefined && path !== raw) note('not written the way git stores it');
  return problem === undefined ? { path } : { path, problem };
}
