/**
 * Splits a unified diff (`git diff` output or plain `---/+++` diffs) into per-file sections,
 * keeping each section's raw text (to quote it) and the new-side line ranges of its hunks
 * (to window huge changed files). Tolerant by design: it never throws on odd input.
 */
export interface DiffFile {
  /** New path, or the old path for deletions. */
  path: string;
  oldPath?: string;
  deleted: boolean;
  /** Raw text of this file's section, ending with a newline. */
  text: string;
  /** New-side [start, end] line ranges (1-based, inclusive) touched by each hunk. */
  hunks: Array<{ start: number; end: number }>;
  added: number;
  removed: number;
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

function headerPath(raw: string): string | undefined {
  const value = raw.replace(/\t.*$/, '').trim();
  if (value === '/dev/null') return undefined;
  const unquoted = value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  return unquoted.replace(/^[ab]\//, '');
}

export function splitDiff(diff: string): DiffFile[] {
  if (diff.trim() === '') return [];
  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const files: DiffFile[] = [];
  let body: string[] = [];
  let file: DiffFile | undefined;
  // Remaining old/new lines of the open hunk: inside a hunk, "--- x" is a removed line, not a header.
  let oldLeft = 0;
  let newLeft = 0;

  const flush = (): void => {
    if (file && file.path !== '') {
      file.text = `${body.join('\n')}\n`;
      if (file.oldPath === file.path) delete file.oldPath;
      files.push(file);
    }
    file = undefined;
    body = [];
  };
  const open = (): DiffFile => {
    flush();
    file = { path: '', deleted: false, text: '', hunks: [], added: 0, removed: 0 };
    return file;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (oldLeft > 0 || newLeft > 0) {
      body.push(line);
      const f = file as DiffFile;
      if (line.startsWith('+')) {
        f.added++;
        newLeft--;
      } else if (line.startsWith('-')) {
        f.removed++;
        oldLeft--;
      } else if (!line.startsWith('\\')) {
        oldLeft--;
        newLeft--;
      }
      continue;
    }
    if (line.startsWith('diff --git ')) {
      const f = open();
      const m = /^diff --git "?a\/(.*?)"? "?b\/(.*?)"?$/.exec(line);
      if (m) f.path = m[2] as string;
    } else if (line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ')) {
      // Plain unified diff without a `diff --git` line, or the header lines of a git section.
      const f = file && file.hunks.length === 0 ? file : open();
      const old = headerPath(line.slice(4));
      if (old !== undefined) f.oldPath = old;
    } else if (line.startsWith('+++ ') && file) {
      const next = headerPath(line.slice(4));
      if (next === undefined) {
        file.deleted = true;
        if (file.oldPath) file.path = file.oldPath;
      } else file.path = next;
    } else if (file && line.startsWith('rename to ')) {
      file.path = line.slice('rename to '.length);
    } else if (file && line.startsWith('deleted file mode')) {
      file.deleted = true;
    } else {
      const hunk = HUNK.exec(line);
      if (hunk && file) {
        oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
        newLeft = hunk[3] === undefined ? 1 : Number(hunk[3]);
        const begin = Number(hunk[2]);
        file.hunks.push({ start: Math.max(1, begin), end: Math.max(begin, begin + newLeft - 1) });
      }
    }
    if (!file) open();
    body.push(line);
  }
  flush();
  return files;
}
