import { createTwoFilesPatch, structuredPatch } from 'diff';

/**
 * The minimal diff we publish, recomputed from contents (never the model's diff). Git-style
 * `a/`/`b/` headers, `/dev/null` for an added or deleted file, no jsdiff "Index:"/"===" lines.
 */
export function unifiedDiff(path: string, before: string | null, after: string | null, oldPath: string = path): string {
  const oldName = before === null ? '/dev/null' : `a/${oldPath}`;
  const newName = after === null ? '/dev/null' : `b/${path}`;
  const text = createTwoFilesPatch(oldName, newName, before ?? '', after ?? '', undefined, undefined, {
    headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true },
  });
  return text.replace(/^(---|\+\+\+) (\S.*?)\t$/gm, '$1 $2');
}

export function countChanges(before: string | null, after: string | null): { additions: number; deletions: number } {
  const patch = structuredPatch('a', 'b', before ?? '', after ?? '', undefined, undefined, { context: 0 });
  let additions = 0;
  let deletions = 0;
  for (const h of patch.hunks) {
    for (const l of h.lines) {
      if (l.startsWith('+')) additions++;
      else if (l.startsWith('-')) deletions++;
    }
  }
  return { additions, deletions };
}
