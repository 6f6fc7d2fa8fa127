/** A real change with its true result: the oracle's unit of ground truth. */
export interface Pair {
  id: string;
  source: 'git' | 'corpus';
  path: string;
  language: string;
  /** What made the change: a commit subject or the scripted edit's name. */
  change: string;
  before: string;
  after: string;
}

/** One pair rendered as a model reply, with the snapshot it is applied to and the one right answer. */
export interface Rendered {
  reply: string;
  files: Map<string, string>;
  expect: { path: string; content: string; oldPath?: string };
  /** The maintainer's instruction, read for the line numbers it names (`lineHintsFrom`), as the job does. */
  instruction?: string;
}

export interface Variant {
  name: string;
  /** Refusing is the only right answer (truncated, ambiguous without an anchor). */
  mustRefuse: boolean;
  /**
   * The reply's context is wrong on purpose (a line left out or misremembered): the detectors,
   * which judge a result against the reply's own context, are not calibrated on these applies.
   */
  misquoted?: boolean;
  /** Undefined when the pair cannot show this variant (e.g. one hunk only for "one section per hunk"). */
  render(pair: Pair, seed: string): Rendered | undefined;
}
