import { applyHunks } from './apply-hunks.js';
import type { HunkFailure } from './errors.js';
import { createOpGuard, type OpGuard } from './guards.js';
import { joinText, splitText, toLines, type TextLines } from './text-lines.js';
import { checkWholeFile } from './whole-file.js';
import type { ApplyOptions, FileOp, LineHints, LineRange } from './types.js';

interface Entry {
  /** Snapshot path this content came from; undefined for a file the patch added. */
  origin: string | undefined;
  text: TextLines;
}

/**
 * The snapshot plus every operation applied so far. Operations are applied in order, so a
 * later SEARCH/REPLACE block sees the effect of an earlier one on the same file.
 */
export class Workspace {
  readonly failures: HunkFailure[] = [];
  private readonly live = new Map<string, Entry>();
  /** Snapshot paths deleted or moved away. */
  private readonly gone = new Set<string>();
  private readonly guard: OpGuard;
  private readonly hints: LineHints | undefined;
  /** Snapshot paths an earlier op already changed: named line numbers no longer describe them. */
  private readonly edited = new Set<string>();

  constructor(
    readonly snapshot: ReadonlyMap<string, string>,
    options: ApplyOptions = {},
  ) {
    this.guard = createOpGuard(options);
    this.hints = options.lineHints;
  }

  /** Applies one op; guard violations throw PatchGuardError, misfits are recorded in `failures`. */
  apply(op: FileOp): HunkFailure[] {
    this.guard(op, (path) => this.snapshot.has(path) || this.live.has(path));
    const start = this.failures.length;
    const fail = (f: Omit<HunkFailure, 'path'> & { path?: string }): void => {
      this.failures.push({ path: op.path, ...f });
    };
    if (op.kind === 'add') {
      const existing = this.get(op.path);
      if (existing !== undefined && joinText(existing.text) !== op.content) {
        fail({ hunkIndex: -1, reason: 'file_exists', before: [], message: `"${op.path}" already exists: update it instead of adding it` });
      } else {
        this.live.set(op.path, { origin: existing?.origin, text: splitText(op.content) });
      }
      return this.failures.slice(start);
    }
    const entry = this.get(op.path);
    if (op.kind === 'delete') {
      if (entry === undefined) fail({ hunkIndex: -1, reason: 'missing_file', before: [], message: `cannot delete "${op.path}": it is not in the snapshot` });
      else this.remove(op.path, entry);
      return this.failures.slice(start);
    }
    if (entry === undefined) {
      // SEARCH/REPLACE with an empty SEARCH names a new file (Aider's convention).
      const only = op.hunks.length === 1 ? op.hunks[0] : undefined;
      if (only !== undefined && only.before.length === 0 && op.moveTo === undefined) {
        this.live.set(op.path, { origin: undefined, text: splitText(only.after.length === 0 ? '' : only.after.join('\n') + '\n') });
      } else {
        fail({ hunkIndex: -1, reason: 'missing_file', before: [], message: `"${op.path}" was not in the snapshot given to the model: only change files shown, or add it with "*** Add File:"` });
      }
      return this.failures.slice(start);
    }
    if (op.wholeFile !== undefined) {
      const proposed = toLines(op.wholeFile);
      const verdict = checkWholeFile(joinText(entry.text), proposed);
      if (!verdict.ok) {
        fail({ hunkIndex: -1, reason: 'not_found', before: [], message: `whole-file reply for "${op.path}" refused: ${verdict.reason}` });
        return this.failures.slice(start);
      }
      // Keep the file's own line endings and final-newline convention.
      this.live.set(op.path, { origin: entry.origin, text: { ...entry.text, lines: proposed, eols: proposed.map(() => entry.text.eol) } });
      return [];
    }
    const named = entry.origin === op.path && !this.edited.has(op.path) ? namedLines(this.hints, op.path) : undefined;
    this.edited.add(op.path);
    const applied = applyHunks(entry.text, op.hunks, named, op.path);
    if (!applied.ok) {
      for (const f of applied.failures) fail(f);
      return this.failures.slice(start);
    }
    const text = applied.text;
    if (op.moveTo !== undefined && op.moveTo !== op.path) {
      if (this.get(op.moveTo) !== undefined) {
        fail({ hunkIndex: -1, reason: 'file_exists', before: [], message: `cannot move "${op.path}" to "${op.moveTo}": the destination exists` });
        return this.failures.slice(start);
      }
      this.remove(op.path, entry);
      this.live.set(op.moveTo, { origin: entry.origin, text });
    } else {
      this.live.set(op.path, { origin: entry.origin, text });
    }
    return [];
  }

  /** Final state: path → { origin, content } for live files, plus snapshot paths that no longer exist. */
  result(): { files: Map<string, { origin: string | undefined; content: string }>; removed: string[] } {
    const files = new Map<string, { origin: string | undefined; content: string }>();
    const origins = new Set<string>();
    for (const [path, e] of this.live) {
      files.set(path, { origin: e.origin, content: joinText(e.text) });
      if (e.origin !== undefined) origins.add(e.origin);
    }
    const removed = [...this.gone].filter((p) => !files.has(p) && !origins.has(p));
    return { files, removed };
  }

  private get(path: string): Entry | undefined {
    const live = this.live.get(path);
    if (live !== undefined) return live;
    if (this.gone.has(path)) return undefined;
    const content = this.snapshot.get(path);
    if (content === undefined) return undefined;
    const entry = { origin: path, text: splitText(content) };
    this.live.set(path, entry);
    return entry;
  }

  private remove(path: string, entry: Entry): void {
    this.live.delete(path);
    if (entry.origin !== undefined) this.gone.add(entry.origin);
    if (this.snapshot.has(path)) this.gone.add(path);
  }
}


/** The named lines that concern `path` (0-based): those named with its path (or a suffix of it) and those named without one. */
function namedLines(hints: LineHints | undefined, path: string): LineRange[] | undefined {
  if (hints === undefined) return undefined;
  const own = (hints.byPath ?? []).filter((h) => h.path === path || path.endsWith(`/${h.path}`)).flatMap((h) => h.lines);
  const all = [...own, ...(hints.anyFile ?? [])].map((r) => ({ start: r.start - 1, end: r.end - 1 }));
  return all.length === 0 ? undefined : all;
}
