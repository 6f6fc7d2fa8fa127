/**
 * Valid RIGHT-side anchors of a PR's unified diff (as GitHub serves it: counts are accurate
 * here, unlike in model output). A review comment may sit on an added or context line of a
 * hunk, and a multi-line comment must start and end in the same hunk.
 */
export interface HunkRange {
  /** First and last head-side line of the hunk (inclusive). */
  start: number;
  end: number;
  /** Head-side lines that are added or context lines (all of start..end). */
  lines: Set<number>;
}

export function hunkRanges(prDiff: string): Map<string, HunkRange[]> {
  const out = new Map<string, HunkRange[]>();
  const lines = prDiff.split('\n');
  let path: string | undefined;
  let range: HunkRange | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  let newLine = 0;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (range !== undefined && (oldLeft > 0 || newLeft > 0)) {
      const c = line[0];
      if (c === ' ' || line === '') {
        range.lines.add(newLine);
        range.end = newLine++;
        oldLeft--;
        newLeft--;
        continue;
      }
      if (c === '+') {
        range.lines.add(newLine);
        range.end = newLine++;
        newLeft--;
        continue;
      }
      if (c === '-') {
        oldLeft--;
        continue;
      }
      if (c === '\\') continue;
    }
    range = undefined;
    const git = /^diff --git a\/(.+?) b\/(.+)$/.exec(line);
    if (git) {
      path = git[2];
      continue;
    }
    if (line.startsWith('+++ ')) {
      const p = line.slice(4).split('\t')[0]!;
      path = p === '/dev/null' ? undefined : p.replace(/^b\//, '');
      continue;
    }
    const h = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (h && path !== undefined) {
      oldLeft = h[1] === undefined ? 1 : Number(h[1]);
      newLine = Number(h[2]);
      newLeft = h[3] === undefined ? 1 : Number(h[3]);
      range = { start: newLine, end: newLine - 1, lines: new Set() };
      if (newLeft > 0) {
        const list = out.get(path) ?? [];
        list.push(range);
        out.set(path, list);
      }
      if (oldLeft === 0 && newLeft === 0) range = undefined;
    }
  }
  return out;
}
