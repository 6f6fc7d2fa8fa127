/**
 * Contract of the patch engine: pure code, no I/O. The model's reply is
 * untrusted text; it becomes file operations, which are applied by content to the
 * snapshot, and the diff we publish is recomputed by us.
 */
export type EditFormat = 'apply_patch' | 'search_replace' | 'unified';

/** One content-addressed change inside a file: find `before`, replace with `after`. */
export interface EditHunk {
  before: string[];
  after: string[];
  /** Text after `@@` in apply_patch (a line near the change, e.g. a function header). */
  anchor?: string;
  /** The hunk ended with `*** End of File`: match at the end of the file. */
  atEof?: boolean;
  /** Several `@@` lines in a row (class, then method): each is sought after the previous one. `anchor` is the last. */
  anchors?: string[];
  /** Old-side start line a unified diff claimed (`@@ -N,...`): only a tie-breaker, never trusted alone. */
  lineHint?: number;
  /**
   * The hunk's lines as the model wrote them, one character each: ' ' context, '-' removed,
   * '+' added (apply_patch and unified diffs). It keeps which added lines form one contiguous
   * block, which `before`/`after` alone lose; without it the structure is recomputed by a diff.
   */
  kinds?: string;
}

export type FileOp =
  | { kind: 'add'; path: string; content: string }
  | { kind: 'delete'; path: string }
  | {
      kind: 'update';
      path: string;
      moveTo?: string;
      hunks: EditHunk[];
      /**
       * Whole-file reply (no patch markers, one code block): the complete proposed text. `hunks`
       * is then empty. applyOps accepts it only when it is clearly the complete file (see
       * docs/patch.md, "Whole-file replies"); otherwise it fails like a hunk that does not fit.
       */
      wholeFile?: string;
    };

/** Lines of a file, 1-based and inclusive. */
export interface LineRange {
  start: number;
  end: number;
}

/**
 * Line numbers the maintainer named ("line 42", `src/a.ts:10-14`, a review thread's lines), about
 * the files as they are in the snapshot. Only a tie-breaker: they pick between spots where a hunk
 * matches equally well, never move a hunk away from a unique match.
 */
export interface LineHints {
  /** Named with a path: only for that file (a snapshot path equal to it or ending in `/<path>`). */
  byPath?: ReadonlyArray<{ path: string; lines: readonly LineRange[] }>;
  /** Named without a path: for whichever file a hunk edits. */
  anyFile?: readonly LineRange[];
}

export interface ApplyOptions {
  /** Tie-breakers between equal candidate spots (see LineHints). */
  lineHints?: LineHints;
  /** Gitignore patterns never changed unless `allowProtected`; the defaults (src/guard/protected-paths.ts) always apply. */
  protectedPaths?: readonly string[];
  allowProtected?: boolean;
  /** Reject patches changing more lines than this (added + removed; a deleted file counts all its lines). */
  maxChangedLines?: number;
  /** Reject any new or rewritten file over this many UTF-8 bytes (default 1 MiB). */
  maxFileBytes?: number;
  /** The config file refusals tell a maintainer to edit (default `.github/spark.yml`). */
  configFile?: string;
  /** Symlinks and submodules in the tree: never written, nor anything below them. */
  special?: ReadonlySet<string>;
  /**
   * Every file path in the tree at the pinned commit. `*** Add File:` or `*** Move to:` naming one
   * of them that is not in the snapshot (the model never saw it) is refused.
   */
  existing?: ReadonlySet<string>;
}

export interface FileChange {
  path: string;
  /** Set for a move/rename. */
  oldPath?: string;
  /** null when the file is added. */
  before: string | null;
  /** null when the file is deleted. */
  after: string | null;
  /** Minimal unified diff recomputed by us (jsdiff), `a/`/`b/` headers. */
  diff: string;
  additions: number;
  deletions: number;
}

export interface PatchResult {
  changes: FileChange[];
  additions: number;
  deletions: number;
}

/** A GitHub review comment on a RIGHT-side anchor (REST `pulls.createReview` comments[]). */
export interface ReviewSuggestion {
  path: string;
  body: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
}
