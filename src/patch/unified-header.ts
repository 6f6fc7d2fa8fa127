/** Helpers for the file headers of unified diffs written by a model (git-style or plain). */

/** `--- a/src/x.ts\t2024-01-01 ...` → `a/src/x.ts`; undefined for /dev/null. */
export function headerPath(raw: string): string | undefined {
  let p = raw.split('\t')[0]!.trim();
  p = p.replace(/\s+\d{4}-\d\d-\d\d[\sT]\d\d:\d\d.*$/, '');
  if (p.startsWith('"') && p.endsWith('"') && p.length > 1) p = p.slice(1, -1);
  if (p === '/dev/null' || p === '') return undefined;
  return p;
}

/** Drop git's `a/` / `b/` prefixes, but only when the header used them consistently. */
export function stripGitPrefixes(oldPath: string | undefined, newPath: string | undefined): [string | undefined, string | undefined] {
  const oldOk = oldPath === undefined || oldPath.startsWith('a/');
  const newOk = newPath === undefined || newPath.startsWith('b/');
  if (oldOk && newOk) return [oldPath?.slice(2), newPath?.slice(2)];
  return [oldPath, newPath];
}

/** `@@ -13,7 +13,8 @@ section` → { oldStart: 13, section: 'section' }. Counts are ignored on purpose. */
export function parseHunkHeader(line: string): { oldStart?: number; section?: string } {
  const m = /^@@+\s*-(\d+)(?:,\d+)?\s+\+\d+(?:,\d+)?\s*@@+\s?(.*)$/.exec(line);
  if (!m) return {};
  const section = m[2]!.trim();
  return { oldStart: Number(m[1]), ...(section === '' ? {} : { section }) };
}
