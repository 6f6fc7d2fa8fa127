import { SparkError } from '../errors.js';
import { inertCode } from '../report/inert.js';

/** The model's reply could not be read as a patch. `line` is 1-based in the reply. */
export class PatchParseError extends SparkError {
  readonly line: number | undefined;
  constructor(message: string, options?: { line?: number; cause?: unknown }) {
    const where = options?.line === undefined ? '' : ` (reply line ${options.line})`;
    super(`${message}${where}`, { cause: options?.cause });
    this.line = options?.line;
  }
}

/** Why one hunk (or file operation) could not be applied to the snapshot. */
export interface HunkFailure {
  path: string;
  /** 0-based index of the hunk inside its file operation; -1 for whole-file problems. */
  hunkIndex: number;
  reason: 'not_found' | 'ambiguous' | 'missing_file' | 'file_exists' | 'anchor_not_found';
  /** The hunk's `before` lines as the model wrote them. */
  before: string[];
  /** `before` lines that occur nowhere in the file (whitespace-insensitive). */
  missingLines?: string[];
  /** 1-based line numbers where an ambiguous hunk matched. */
  candidates?: number[];
  /** The file's actual lines around the closest partial match (helps the model correct itself). */
  closest?: { line: number; lines: string[] };
  message: string;
}

/** A hunk's failure before the file operation adds its path and index. */
export type HunkFailureDetail = Omit<HunkFailure, 'path' | 'hunkIndex'>;

/**
 * The patch was well-formed but does not fit the snapshot. `retryPrompt` can be sent back to
 * the model verbatim to get one corrected reply.
 */
export class PatchApplyError extends SparkError {
  readonly failures: HunkFailure[];
  readonly retryPrompt: string;
  constructor(failures: HunkFailure[], retryPrompt: string, options?: { cause?: unknown }) {
    const summary = failures.map((f) => f.message).join('; ');
    super(`The patch does not apply to the pull request head: ${summary}. Re-prompt the model with retryPrompt or fix the instruction.`, {
      cause: options?.cause,
      // Failure messages quote the model's paths and lines: each is shown as one inert code span.
      userMessage: `The model's patch did not apply (${failures.length} problem${failures.length === 1 ? '' : 's'}): ${failures.map((f) => inertCode(f.message, 300)).join('; ')}`,
    });
    this.failures = failures;
    this.retryPrompt = retryPrompt;
  }
}

export type GuardReason = 'unsafe_path' | 'protected_path' | 'too_many_lines' | 'too_large' | 'unseen_file' | 'no_op' | 'symlink';

/** The patch applies but is refused by policy (paths, size, no-op). */
export class PatchGuardError extends SparkError {
  readonly reason: GuardReason;
  readonly path: string | undefined;
  constructor(reason: GuardReason, message: string, options?: { path?: string; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.reason = reason;
    this.path = options?.path;
  }
}
