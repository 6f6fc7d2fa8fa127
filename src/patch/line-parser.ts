import { PatchParseError } from './errors.js';
import { pathOnLine } from './prose-path.js';
import { isTwoBlockStart, TwoBlockReader } from './two-block.js';
import { WholeFileCapture } from './whole-file-capture.js';
import type { EditHunk, FileOp } from './types.js';
import { headerPath, parseHunkHeader, stripGitPrefixes } from './unified-header.js';

/**
 * One pass, line by line, over a model reply in any of the three edit formats (auto-detected
 * per section, so a reply may even mix them). Every line is looked at once, which keeps
 * streaming O(total length). Prose and ``` fences between sections are skipped.
 *
 * apply_patch grammar as read here (Codex's, made lenient where models slip):
 *
 *   patch    := [BEGIN] section* [END]          BEGIN = "*** Begin Patch", END = "*** End Patch"
 *   section  := "*** Add File: " path  ("+" line | "")*
 *             | "*** Delete File: " path
 *             | "*** Update File: " path  ["*** Move to: " path]  hunk*
 *   hunk     := ("@@" [anchor])*  (" " ctx | "-" old | "+" new | "")+  ["*** End of File"]
 *
 * Inside an open section a line starting with a space is always context, whatever follows
 * (" ```" is a Markdown fence *in the file*). Only an unprefixed fence closes the section and
 * the patch; that counts as a missing END, accepted only when the last hunk is complete (it
 * ends with context, or with `*** End of File`: a hunk that stops after `-` or `+` lines is
 * how a cut-off reply looks) and when no END or hunk line follows the fence (then the fence
 * was a context line missing its space: refused, never half-applied).
 */
type Mode = 'idle' | 'apply_patch' | 'search' | 'replace' | 'unified' | 'two_block';

interface HunkDraft {
  before: string[];
  after: string[];
  anchors: string[];
  atEof: boolean;
  lineHint?: number;
  /** Count of trailing raw empty lines (no ' ' prefix): dropped at close, they are usually prose spacing. */
  blankTail: number;
  hasLines: boolean;
  /** Kind of the last non-empty line: a hunk whose last line removes is cut off when no terminator follows. */
  last?: 'context' | 'remove' | 'add';
  /** One character per line: ' ', '-', '+' (see EditHunk.kinds). */
  kinds: string[];
}

interface FileDraft {
  kind: 'add' | 'delete' | 'update';
  path: string;
  moveTo?: string;
  hunks: EditHunk[];
  hunk?: HunkDraft;
  addLines: string[];
  line: number;
  /** Unified diffs: the section came from `--- /dev/null` etc. */
  unified?: boolean;
}

const FILE_HEADER = /^\*\*\* (Add|Update|Delete) File:\s*(.*?)\s*$/;
const MOVE_TO = /^\*\*\* Move to:\s*(.*?)\s*$/;
const BEGIN_PATCH = '*** Begin Patch';
const END_PATCH = '*** End Patch';
const END_OF_FILE = '*** End of File';
/** Only an unprefixed fence ends an apply_patch section: " ```" is a context line. */
const CLOSING_FENCE = /^(```|~~~)/;
/** A line that can only belong to a hunk: after a fence that closed a section, it means the fence was context. */
const HUNK_LINE = /^(@@|\+|-|\s+\S)/;
const SEARCH = /^\s*<{5,9} ?SEARCH\b/;
const DIVIDER = /^\s*={5,9}\s*$/;
const REPLACE = /^\s*>{5,9} ?REPLACE\b/;
const GIT_DIFF = /^diff --git (\S+) (\S+)\s*$/;

export interface LineParserOptions {
  /** Path used for unified hunks that come without `---`/`+++` headers (single-file jobs). */
  defaultPath?: string;
}

export class LineParser {
  private mode: Mode = 'idle';
  private lineNo = 0;
  private file: FileDraft | undefined;
  private pendingMinus: string | undefined;
  private pathCandidate: string | undefined;
  private lastBlockPath: string | undefined;
  private search: string[] = [];
  private replace: string[] = [];
  private blockPath = '';
  private blockLine = 0;
  private out: FileOp[] = [];
  private produced = 0;
  private twoBlock: TwoBlockReader | undefined;
  private twoBlockPath: string | undefined;
  private twoBlockLine = 0;
  /** Replaying an abandoned two-block layout: don't start another one (keeps the pass linear). */
  private replaying = false;
  private pendingReplay: string | undefined;
  /** Whole-file candidates: fenced blocks seen while idle, and (with defaultPath) the bare reply. */
  private readonly wholeFile = new WholeFileCapture();
  /** A patch format was entered at some point: the reply is a patch, never a whole file. */
  private enteredFormat = false;
  /** An unprefixed fence closed an apply_patch section that had no END: what it closed, and whether the next line was seen. */
  private fenceClosed: { path: string; line: number; next: boolean } | undefined;

  constructor(private readonly options: LineParserOptions = {}) {}

  /** Feed one complete line (without its newline). Returns ops closed by it. */
  line(raw: string): FileOp[] {
    this.lineNo++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.pendingMinus !== undefined) {
      const minus = this.pendingMinus;
      this.pendingMinus = undefined;
      if (text.startsWith('+++ ')) {
        // After `diff --git`, these headers refine the same section instead of starting a new one.
        if (this.file?.unified && this.file.hunks.length === 0 && this.file.hunk === undefined) this.file = undefined;
        this.closeFile();
        this.startUnified(headerPath(minus.slice(4)), headerPath(text.slice(4)));
        return this.drain();
      }
      // Not a header after all: a removed line that happens to start with "-- ".
      if (this.mode === 'unified') this.hunkLine(minus);
    }
    if (this.mode === 'idle') this.wholeFile.line(text, this.options.defaultPath !== undefined);
    this.dispatch(text);
    if (this.mode !== 'idle' && this.mode !== 'two_block') this.enteredFormat = true;
    return this.drain();
  }

  /** End of reply: close what is open, complain about what cannot be closed. */
  finish(): FileOp[] {
    if (this.pendingMinus !== undefined) {
      const minus = this.pendingMinus;
      this.pendingMinus = undefined;
      if (this.mode === 'unified') this.hunkLine(minus);
    }
    if (this.mode === 'search' || this.mode === 'replace') {
      throw new PatchParseError(
        `SEARCH/REPLACE block for ${this.blockPath} is not terminated: end it with "=======" then ">>>>>>> REPLACE"`,
        { line: this.blockLine },
      );
    }
    if (this.mode === 'two_block') this.twoBlockStep(this.twoBlock!.finish());
    // A missing "*** End Patch" is forgiven, but only when the last hunk is complete.
    if (this.mode === 'apply_patch') this.requireCompleteTail('the reply ends');
    this.closeFile();
    this.mode = 'idle';
    if (this.produced === 0 && !this.enteredFormat) {
      const whole = this.wholeFile.result(this.options.defaultPath);
      if (whole !== undefined) this.emit({ kind: 'update', path: whole.path, hunks: [], wholeFile: whole.content });
    }
    const ops = this.drain();
    if (this.produced === 0) {
      throw new PatchParseError(
        'No patch found in the reply: expected a "*** Begin Patch" envelope, SEARCH/REPLACE blocks, or a unified diff',
      );
    }
    return ops;
  }

  private drain(): FileOp[] {
    if (this.out.length === 0) return [];
    const ops = this.out;
    this.out = [];
    return ops;
  }

  private dispatch(text: string): void {
    switch (this.mode) {
      case 'idle':
        return this.idle(text);
      case 'apply_patch':
        return this.applyPatch(text);
      case 'search':
        if (DIVIDER.test(text)) this.mode = 'replace';
        else if (REPLACE.test(text) || SEARCH.test(text)) throw this.error(`expected "=======" before "${text.trim()}" in the SEARCH/REPLACE block for ${this.blockPath}`);
        else this.search.push(text);
        return;
      case 'replace':
        if (REPLACE.test(text)) return this.closeBlock();
        if (SEARCH.test(text)) throw this.error(`expected ">>>>>>> REPLACE" before a new SEARCH block (block for ${this.blockPath})`);
        this.replace.push(text);
        return;
      case 'unified':
        return this.unified(text);
      case 'two_block':
        this.twoBlockStep(this.twoBlock!.line(text));
        // The line that ended a bare CHANGED block (a fence, the next ORIGINAL header) is read again.
        if ((this.mode as Mode) === 'idle' && this.pendingReplay === text) {
          this.pendingReplay = undefined;
          this.dispatch(text);
        }
        return;
    }
  }

  private twoBlockStep(step: ReturnType<TwoBlockReader['line']>): void {
    if (step.kind === 'more') return;
    this.mode = 'idle';
    this.twoBlock = undefined;
    if (step.kind === 'abandon') {
      this.replaying = true;
      try {
        for (const l of step.lines) this.dispatch(l);
      } finally {
        this.replaying = false;
      }
      return;
    }
    if (step.kind === 'done_unconsumed') this.pendingReplay = step.line;
    const path = this.twoBlockPath;
    if (path === undefined) {
      throw new PatchParseError('ORIGINAL/CHANGED blocks without a file path: put the path alone on the line before the blocks', { line: this.twoBlockLine });
    }
    this.lastBlockPath = path;
    this.pathCandidate = undefined;
    this.enteredFormat = true;
    if (sameLines(step.before, step.after)) {
      throw new PatchParseError(`ORIGINAL and CHANGED blocks for ${path} are identical: they change nothing`, { line: this.twoBlockLine });
    }
    this.emit({ kind: 'update', path, hunks: [{ before: step.before, after: step.after }] });
  }

  private idle(text: string): void {
    const trimmed = text.trim();
    if (this.fenceClosed !== undefined) this.afterClosingFence(text, trimmed);
    if (trimmed === BEGIN_PATCH) {
      this.mode = 'apply_patch';
      return;
    }
    if (FILE_HEADER.test(trimmed)) {
      this.mode = 'apply_patch';
      return this.applyPatch(text);
    }
    if (SEARCH.test(text)) {
      const path = this.pathCandidate ?? this.lastBlockPath;
      if (path === undefined) throw this.error('SEARCH/REPLACE block without a file path: put the path alone on the line before the block');
      this.mode = 'search';
      this.blockPath = path;
      this.blockLine = this.lineNo;
      this.search = [];
      this.replace = [];
      return;
    }
    if (!this.replaying && isTwoBlockStart(text)) {
      this.mode = 'two_block';
      this.twoBlock = new TwoBlockReader();
      this.twoBlockPath = this.pathCandidate ?? this.lastBlockPath ?? this.options.defaultPath;
      this.twoBlockLine = this.lineNo;
      return;
    }
    const git = GIT_DIFF.exec(text);
    if (git) {
      this.startUnified(git[1], git[2]);
      return;
    }
    if (text.startsWith('--- ')) {
      this.pendingMinus = text;
      return;
    }
    if (/^@@+\s*-\d/.test(text) && this.options.defaultPath !== undefined) {
      this.startUnified(this.options.defaultPath, this.options.defaultPath, false);
      return this.unified(text);
    }
    if (/^@@+\s*-\d/.test(text)) {
      throw this.error('unified diff hunk without "--- a/path" / "+++ b/path" file headers: add the headers');
    }
    const path = pathOnLine(text);
    if (path !== undefined) this.pathCandidate = path;
  }

  /**
   * The lines after a fence that closed a section without END: a hunk line right after it, or a
   * later END before any new patch, shows the fence was a context line without its space.
   */
  private afterClosingFence(text: string, trimmed: string): void {
    const closed = this.fenceClosed!;
    const first = !closed.next;
    closed.next = true;
    if (trimmed === BEGIN_PATCH || FILE_HEADER.test(trimmed)) {
      this.fenceClosed = undefined;
      return;
    }
    if (trimmed === END_PATCH || (first && HUNK_LINE.test(text))) {
      throw new PatchParseError(
        `the fence line at reply line ${closed.line} sits inside the section for ${closed.path} (more patch lines follow it): a fence line of the file is context and needs its leading space (" \`\`\`")`,
        { line: this.lineNo },
      );
    }
  }

  /**
   * No END closed the patch: the open hunk must end with context. One that stops after `-` or
   * `+` lines is what a reply cut off mid-hunk looks like (the `+` lines that should follow, or
   * the rest of the block, never came), so it is refused rather than half-applied.
   */
  private requireCompleteTail(where: string): void {
    const hunk = this.file?.hunk;
    if (hunk?.last !== 'remove' && hunk?.last !== 'add') return;
    throw new PatchParseError(
      `${where} inside a hunk of ${this.file!.path} right after "${hunk.last === 'remove' ? '-' : '+'}" lines, without "*** End Patch": the reply looks cut off, so nothing is applied`,
      { line: this.lineNo },
    );
  }

  private applyPatch(text: string): void {
    const trimmed = text.trim();
    if (trimmed === END_PATCH) {
      this.closeFile();
      this.mode = 'idle';
      return;
    }
    if (trimmed === BEGIN_PATCH) return;
    const header = FILE_HEADER.exec(trimmed);
    if (header) {
      this.closeFile();
      const path = header[2]!;
      if (path === '') throw this.error(`"*** ${header[1]} File:" needs a relative path`);
      const kind = header[1] === 'Add' ? 'add' : header[1] === 'Delete' ? 'delete' : 'update';
      if (kind === 'delete') {
        this.emit({ kind: 'delete', path });
        return;
      }
      this.file = { kind, path, hunks: [], addLines: [], line: this.lineNo };
      return;
    }
    const file = this.file;
    const move = MOVE_TO.exec(trimmed);
    if (move) {
      if (file?.kind !== 'update' || file.hunks.length > 0 || file.hunk) throw this.error('"*** Move to:" must directly follow "*** Update File:"');
      if (move[1] === '') throw this.error('"*** Move to:" needs a relative path');
      file.moveTo = move[1];
      return;
    }
    if (CLOSING_FENCE.test(text)) {
      // The closing fence of a reply that forgot "*** End Patch".
      this.requireCompleteTail('a fence closes the patch');
      if (file !== undefined) this.fenceClosed = { path: file.path, line: this.lineNo, next: false };
      this.closeFile();
      this.mode = 'idle';
      return;
    }
    if (file === undefined) {
      if (trimmed === '') return;
      throw this.error(`unexpected line "${clip(text)}": expected "*** Add File:", "*** Update File:", "*** Delete File:" or "*** End Patch"`);
    }
    if (file.kind === 'add') {
      if (text.startsWith('+')) file.addLines.push(text.slice(1));
      else if (trimmed === '') file.addLines.push('');
      else throw this.error(`line "${clip(text)}" in "*** Add File: ${file.path}" must start with "+"`);
      return;
    }
    if (trimmed === END_OF_FILE) {
      const hunk = file.hunk ?? this.openHunk(file);
      hunk.atEof = true;
      this.closeHunk(file);
      return;
    }
    if (text.startsWith('@@')) {
      const prev = file.hunk;
      const { oldStart, section } = parseHunkHeader(text);
      const anchor = oldStart === undefined ? text.replace(/^@@+/, '').trim() : section ?? '';
      // Consecutive "@@ class X" / "@@ def m" lines narrow one hunk; they don't start new ones.
      const hunk = prev && !prev.hasLines ? prev : (this.closeHunk(file), this.openHunk(file));
      if (anchor !== '') hunk.anchors.push(anchor);
      if (oldStart !== undefined) hunk.lineHint = oldStart;
      return;
    }
    if (text === '' || text[0] === ' ' || text[0] === '-' || text[0] === '+') {
      this.hunkLine(text);
      return;
    }
    throw this.error(`line "${clip(text)}" in "*** Update File: ${file.path}" must start with " " (context), "-" (remove) or "+" (add)`);
  }

  private unified(text: string): void {
    const file = this.file;
    if (file === undefined) {
      this.mode = 'idle';
      return this.idle(text);
    }
    if (text.startsWith('--- ')) {
      this.pendingMinus = text;
      return;
    }
    if (text.startsWith('@@')) {
      this.closeHunk(file);
      const hunk = this.openHunk(file);
      const { oldStart, section } = parseHunkHeader(text);
      if (oldStart !== undefined) hunk.lineHint = oldStart;
      if (section !== undefined) hunk.anchors.push(section);
      return;
    }
    if (file.hunk === undefined && file.hunks.length === 0) {
      const meta = this.unifiedMeta(file, text);
      if (meta) return;
    }
    if (text.startsWith('\\')) return; // "\ No newline at end of file": final newlines are preserved from the snapshot.
    if (text === '' || text[0] === ' ' || text[0] === '-' || text[0] === '+') {
      this.hunkLine(text);
      return;
    }
    // Anything else (prose, a fence, the next format) ends the diff.
    this.closeFile();
    this.mode = 'idle';
    this.idle(text);
  }

  /** Git extended headers between `diff --git` and the first hunk. */
  private unifiedMeta(file: FileDraft, text: string): boolean {
    if (text.startsWith('+++ ')) {
      const p = headerPath(text.slice(4));
      if (p === undefined) file.kind = 'delete';
      return true;
    }
    if (/^(index |old mode |new mode |similarity index |dissimilarity index |Binary files )/.test(text)) return true;
    if (text.startsWith('new file mode')) {
      file.kind = 'add';
      return true;
    }
    if (text.startsWith('deleted file mode')) {
      file.kind = 'delete';
      return true;
    }
    const rename = /^(?:rename|copy) (from|to) (.+)$/.exec(text);
    if (rename) {
      if (rename[1] === 'to') file.moveTo = rename[2]!.trim();
      else file.path = rename[2]!.trim();
      return true;
    }
    return false;
  }

  private startUnified(oldRaw: string | undefined, newRaw: string | undefined, strip = true): void {
    this.closeFile();
    const [oldPath, newPath] = strip ? stripGitPrefixes(oldRaw, newRaw) : [oldRaw, newRaw];
    this.mode = 'unified';
    const line = this.lineNo;
    if (oldPath === undefined && newPath === undefined) throw this.error('unified diff header names no file');
    if (oldPath === undefined) {
      this.file = { kind: 'add', path: newPath!, hunks: [], addLines: [], line, unified: true };
    } else if (newPath === undefined) {
      this.file = { kind: 'delete', path: oldPath, hunks: [], addLines: [], line, unified: true };
    } else {
      this.file = { kind: 'update', path: oldPath, hunks: [], addLines: [], line, unified: true };
      if (newPath !== oldPath) this.file.moveTo = newPath;
    }
  }

  private openHunk(file: FileDraft): HunkDraft {
    file.hunk = { before: [], after: [], anchors: [], atEof: false, blankTail: 0, hasLines: false, kinds: [] };
    return file.hunk;
  }

  private hunkLine(text: string): void {
    const file = this.file!;
    const hunk = file.hunk ?? this.openHunk(file);
    hunk.hasLines = true;
    if (text === '') {
      hunk.before.push('');
      hunk.after.push('');
      hunk.kinds.push(' ');
      hunk.blankTail++;
      return;
    }
    hunk.blankTail = 0;
    const body = text.slice(1);
    hunk.kinds.push(text[0]!);
    if (text[0] === ' ') {
      hunk.before.push(body);
      hunk.after.push(body);
      hunk.last = 'context';
    } else if (text[0] === '-') {
      hunk.before.push(body);
      hunk.last = 'remove';
    } else {
      hunk.after.push(body);
      hunk.last = 'add';
    }
  }

  private closeHunk(file: FileDraft): void {
    const h = file.hunk;
    file.hunk = undefined;
    if (h === undefined) return;
    h.before.splice(h.before.length - h.blankTail);
    h.after.splice(h.after.length - h.blankTail);
    h.kinds.splice(h.kinds.length - h.blankTail);
    if (h.before.length === 0 && h.after.length === 0) return;
    const hunk: EditHunk = { before: h.before, after: h.after, kinds: h.kinds.join('') };
    if (h.anchors.length > 0) {
      hunk.anchor = h.anchors[h.anchors.length - 1]!;
      if (h.anchors.length > 1) hunk.anchors = h.anchors;
    }
    if (h.atEof) hunk.atEof = true;
    if (h.lineHint !== undefined) hunk.lineHint = h.lineHint;
    file.hunks.push(hunk);
  }

  private closeFile(): void {
    const file = this.file;
    if (file === undefined) return;
    this.closeHunk(file);
    this.file = undefined;
    if (file.kind === 'delete') return this.emit({ kind: 'delete', path: file.path });
    if (file.kind === 'add') {
      const lines = file.unified ? file.hunks.flatMap((h) => h.after) : file.addLines;
      return this.emit({ kind: 'add', path: file.moveTo ?? file.path, content: lines.length === 0 ? '' : lines.join('\n') + '\n' });
    }
    const hunks = file.hunks.filter((h) => !sameLines(h.before, h.after));
    // A git section with only mode/binary headers carries no text change we could apply.
    if (file.unified && file.hunks.length === 0 && file.moveTo === undefined) return;
    if (hunks.length === 0 && file.moveTo === undefined) {
      throw new PatchParseError(`"Update File: ${file.path}" changes nothing: every hunk needs at least one "-" or "+" line`, { line: file.line });
    }
    this.emit({ kind: 'update', path: file.path, ...(file.moveTo === undefined ? {} : { moveTo: file.moveTo }), hunks });
  }

  private closeBlock(): void {
    this.mode = 'idle';
    this.lastBlockPath = this.blockPath;
    this.pathCandidate = undefined;
    if (sameLines(this.search, this.replace)) {
      throw new PatchParseError(`SEARCH/REPLACE block for ${this.blockPath} changes nothing: SEARCH and REPLACE are identical`, { line: this.blockLine });
    }
    this.emit({ kind: 'update', path: this.blockPath, hunks: [{ before: this.search, after: this.replace }] });
  }

  private emit(op: FileOp): void {
    this.produced++;
    this.out.push(op);
  }

  private error(message: string): PatchParseError {
    return new PatchParseError(message, { line: this.lineNo });
  }
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
