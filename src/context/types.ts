/**
 * Contract of the context builder: pure code, no I/O. The plan (`planContext`) names what to
 * fetch, the snapshot layer fetches it, and `packContext` ranks what arrived and packs the prompt.
 */
export interface ContextBudget {
  /** Model window in tokens (128k for Spark; the config's context.window). */
  contextWindow: number;
  /** Tokens kept free for the model's reply. */
  reservedOutput: number;
  /** The config file a "budget too small" error names (default `.github/spark.yml`). */
  configFile?: string;
}

export interface FocusRange {
  path: string;
  startLine: number;
  endLine: number;
}

export interface ContextRequest {
  mode: 'pr' | 'issue';
  /** The maintainer's instruction, e.g. "make parse() accept empty input". */
  instruction: string;
  /** PR or issue title and body (untrusted text, quoted as data). */
  title?: string;
  body?: string;
  /** Unified diff of the PR at the pinned head ('' in issue mode). */
  diff: string;
  /** Paths changed by the PR. */
  changedPaths: string[];
  /** Review-thread case: the commented lines. */
  focus?: FocusRange;
  /** Every path in the repository at the pinned head. */
  tree: string[];
  /** File contents available (changed files + whatever was fetched). */
  files: ReadonlyMap<string, string>;
  /** Stable system instructions (edit-format rules) supplied by the caller. */
  systemInstructions: string;
  budget: ContextBudget;
  /** gitignore-style patterns from config: never sent. */
  ignore?: string[];
  /** Files larger than this are never sent whole (default 256 KiB). */
  maxFileBytes?: number;
}

export interface IncludedFile {
  path: string;
  tokens: number;
  /** false when only windows around hunks/focus were sent. */
  whole: boolean;
  reason: 'changed' | 'named' | 'focus' | 'import' | 'imported-by' | 'test' | 'retrieved';
  /** When `whole` is false: the 1-based line windows that were sent. */
  windows?: Array<{ startLine: number; endLine: number }>;
}

export interface LeftOutFile {
  path: string;
  reason: string;
}

export interface PackedContext {
  instructions: string;
  input: string;
  tokens: {
    instructions: number;
    input: number;
    reservedOutput: number;
    /** instructions + input + reservedOutput; never above budget. */
    total: number;
    budget: number;
  };
  included: IncludedFile[];
  leftOut: LeftOutFile[];
  /** Number of token-looking strings replaced by `[REDACTED:…]` in the input. */
  redactions?: number;
  /**
   * A follow-up's input without its earlier-turn section: what a request chained to that turn
   * (`previous_response_id`) sends, since the provider's stored conversation already holds it.
   */
  chainInput?: string;
}
