/** A place inside the repository that a CI log points at. */
export interface FileRef {
  /** Repository-relative path, `/`-separated. */
  path: string;
  line: number;
  column?: number;
}

/** One failure read from a log, an annotation or a commit status. */
export interface CiFailure {
  /** What produced it: `jest`, `tsc`, `pytest`, …, or `generic`. */
  tool: string;
  /** The failing test, when a test failed (as the runner names it). */
  test?: string;
  /** One-line cause, untrusted text from the log (redacted before it is shown). */
  message: string;
  /** Places in the repository, most specific first. */
  refs: FileRef[];
}

export interface ExtractedLog {
  failures: CiFailure[];
  /** The command whose step failed (GitHub Actions `Run …`), when the log says. */
  command?: string;
  /** Every distinct place any failure names, in order of first appearance. */
  refs: FileRef[];
  /** The last relevant lines of the failing step, cleaned, within the token budget. */
  excerpt: string;
  /** Lines the excerpt left out. */
  omittedLines: number;
}
