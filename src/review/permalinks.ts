export interface PermalinkTarget {
  /** e.g. https://github.com/octo/repo */
  repoUrl: string;
  /** The pinned head: links never move when the branch does. */
  sha: string;
  /** Line counts of the files that exist at `sha` (only those may be linked). */
  lineCounts: ReadonlyMap<string, number>;
}

/**
 * `path:10`, `path:10-14`, `path#L10-L14`, `path lines 10-14`, optionally in backticks. Matches start
 * only at a token boundary, so a long token is scanned once (linear in the answer's length).
 */
const CITATION = /(?<![\w.@/+-])`?([\w.@/+-]+)`?(?::L?|#L|\s+lines?\s+)(\d{1,7})(?:\s*[-–]\s*L?(\d{1,7}))?`?/g;

/**
 * Turns the model's line citations into permalinks at the pinned head. Only citations of files
 * that exist there, with lines inside the file, become links; any other citation is left as
 * plain text marked unverified, so a reader never follows a link to a line that is not there.
 */
export function linkCitations(answer: string, target: PermalinkTarget): { text: string; linked: number; unverified: number } {
  let linked = 0;
  let unverified = 0;
  const text = answer.replace(CITATION, (whole, path: string, from: string, to: string | undefined) => {
    const start = Number(from);
    const end = to === undefined ? start : Number(to);
    if (!/[./]/.test(path)) return whole;
    const count = target.lineCounts.get(path.replace(/^\.\//, ''));
    if (count === undefined || start < 1 || end < start || end > count) {
      unverified++;
      return `${whole} (unverified)`;
    }
    linked++;
    const anchor = end === start ? `L${start}` : `L${start}-L${end}`;
    return `[${path}#${anchor}](${permalink(target, path, start, end)})`;
  });
  return { text, linked, unverified };
}

export function permalink(target: Pick<PermalinkTarget, 'repoUrl' | 'sha'>, path: string, start: number, end = start): string {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  const anchor = end === start ? `L${start}` : `L${start}-L${end}`;
  return `${target.repoUrl.replace(/\/$/, '')}/blob/${target.sha}/${encoded}#${anchor}`;
}
