import { redactSecrets, splitDiff } from '../../context/index.js';
import { botReviewReplies } from '../../github/bot-review-replies.js';
import { createReview } from '../../github/review.js';
import { hunkRanges, parseReply, toSuggestions } from '../../patch/index.js';
import { inertText } from '../../report/inert.js';
import { diffBlock, explainFindings, MAX_INLINE_COMMENTS, type PlacedFinding } from '../../review/explain-findings.js';
import { postedKeys } from '../../review/finding-key.js';
import { parseReview, type Finding } from '../../review/finding-format.js';
import { filterBySeverity, mergeFindings } from '../../review/merge-findings.js';
import { applyToSnapshot } from '../apply-snapshot.js';
import type { PullPayload } from '../job-data.js';
import type { PullWorkspace } from '../workspaces.js';
import type { Delivery, JobRun } from '../run-job.js';
import type { FileOp } from '../../patch/types.js';

/**
 * `/spark review` (and its label, request and auto-review triggers): one COMMENT review whose
 * findings explain themselves. The reply is read in the line format; each finding's own patch
 * is applied alone to the pinned head, so every suggestion carries the reason of the finding
 * it fixes. A patch that does not apply loses its suggestion, never its finding. A review split
 * into file groups (review-turns.ts) is merged here into one: one summary, findings de-duplicated,
 * at most 100 inline comments (the rest in the body), and the files of a failed turn named.
 */
export function explainedReviewDelivery(job: PullPayload): Delivery<PullWorkspace> {
  return async (run, workspace, generated) => {
    const { pr } = workspace;
    const lines = (path: string): string[] | undefined => workspace.snapshot.files.get(path)?.split('\n');
    const headLine = (path: string, line: number): string | undefined => lines(path)?.[line - 1];
    // One reply, or one per file group of a review too big for one window (review-turns.ts).
    const replies = generated.groups ?? [{ paths: [], text: generated.firstTurn.text }];
    const parts = replies.flatMap((r) => ('text' in r ? [parseReview(r.text)] : []));
    const unreviewed = replies.flatMap((r) => ('error' in r ? r.paths : []));
    const merged = mergeFindings(parts, headLine);
    const kept = filterBySeverity(merged.findings, job.config.review.minSeverity);
    // A re-review skips what Spark already said: the finding keys in its own earlier review comments.
    const earlier = job.botLogin
      ? botReviewReplies(run.deps.octokit, run.repo, job.pinned.number, job.botLogin).then((comments) => comments.map((c) => c.body), (error: unknown) => {
          run.deps.log.warn({ err: error }, 'could not read earlier review comments: findings already posted may be repeated');
          return [];
        })
      : Promise.resolve([]);
    // Each finding's suggestions map onto its files' sections of the PR diff, not the whole diff each time.
    const sections = new Map(splitDiff(pr.diff).map((d) => [d.path, d.text]));
    const placed: PlacedFinding[] = [];
    for (const finding of kept) placed.push(await place(run, workspace, job, finding, sections));
    const posted = postedKeys(await earlier);
    const explained = explainFindings(placed, hunkRanges(pr.diff), headLine, posted);
    const hidden = merged.findings.length - kept.length;
    const summary = combinedSummary(merged.summaries);
    const unreadable = parts.reduce((n, p) => n + p.unreadable.length, 0);
    const body = [
      `**Spark review**${pr.incremental ? ` of the changes since \`${pr.incremental.since.slice(0, 7)}\`` : ''}`,
      '',
      summary || (kept.length > 0 ? 'Findings below.' : unreviewed.length > 0 ? 'No issues found in the files reviewed.' : 'No issues found.'),
      ...(explained.body.length > 0 ? ['', explained.comments.length >= MAX_INLINE_COMMENTS ? 'More findings (GitHub takes 100 inline comments per review) and findings not on a line of this diff:' : 'Findings not on a line of this diff:', '', ...explained.body] : []),
      ...notReviewed(unreviewed, 'the model turn for these files failed; re-run `/spark review` to retry them'),
      ...notReviewed(tooBig(workspace), 'each diff alone is bigger than one context window'),
      ...(await unexplained(run, workspace, job, merged.findings.length, generated.ops)),
      ...footnotes(hidden, job.config.review.minSeverity, explained.repeated, unreadable),
    ];
    const sentAt = run.now();
    const review = await createReview(run.deps.octokit, run.repo, {
      pullNumber: job.pinned.number,
      commitId: job.pinned.headSha,
      body: body.join('\n'),
      comments: explained.comments,
    });
    const suggestions = explained.comments.filter((c) => c.body.includes('```suggestion')).length;
    const note = generated.groups ? `Reviewed in ${generated.groups.length} parts in parallel (the PR is bigger than one context window).` : undefined;
    return { outcome: { kind: 'review', url: review.url, suggestions, inBody: explained.body.length }, sentAt, ...(note && { note }) };
  };
}

/** The summaries of the turns as one short paragraph (each turn's cut to its share, repeats once). */
function combinedSummary(summaries: readonly string[]): string {
  const share = Math.max(200, Math.floor(1500 / Math.max(1, summaries.length)));
  const cut = (s: string): string => (s.length <= share ? s : `${s.slice(0, s.lastIndexOf(' ', share - 1) > 0 ? s.lastIndexOf(' ', share - 1) : share - 1)}…`);
  return inertText(redactSecrets([...new Set(summaries.map((s) => cut(s.trim())))].join(' ')).text.slice(0, 1500));
}

/** Files the review could not cover: it says so instead of implying they are clean. */
function notReviewed(paths: readonly string[], why: string): string[] {
  if (paths.length === 0) return [];
  const shown = paths.slice(0, 50).map((p) => `\`${inertText(p)}\``);
  const more = paths.length > shown.length ? ` and ${paths.length - shown.length} more` : '';
  return ['', `**Not reviewed** (${why}): ${shown.join(', ')}${more}.`];
}

/** A split review's files whose diff did not fit even their own group's turn (one file bigger than the window). */
function tooBig(workspace: PullWorkspace): string[] {
  return (workspace.groups ?? []).flatMap((g) => g.packed.leftOut.filter((f) => f.reason === 'diff too large for the budget' && g.paths.includes(f.path)).map((f) => f.path));
}

async function place(run: JobRun, workspace: PullWorkspace, job: PullPayload, finding: Finding, sections: ReadonlyMap<string, string>): Promise<PlacedFinding> {
  const reason = inertText(redactSecrets(finding.reason).text.slice(0, 500));
  const bare: PlacedFinding = { finding, reason, suggestions: [], bodyDiff: '', diff: '' };
  if (!finding.patch) return bare;
  try {
    const result = await applyToSnapshot(parseReply(finding.patch), workspace.snapshot, { octokit: run.deps.octokit, repo: run.repo }, job.config);
    const mapped = toSuggestions(result, [...new Set(result.changes.map((c) => c.path))].map((path) => sections.get(path) ?? '').join(''));
    return { ...bare, suggestions: mapped.comments, bodyDiff: mapped.bodyDiff, diff: result.changes.map((c) => c.diff).join('') };
  } catch (error) {
    run.deps.log.info({ err: error, path: finding.path, line: finding.line }, "a finding's patch did not apply on its own: posting the finding without a suggestion");
    return bare;
  }
}

function footnotes(hidden: number, minSeverity: string, repeated: number, unreadable: number): string[] {
  const notes: string[] = [];
  if (hidden > 0) notes.push(`${hidden} finding${hidden === 1 ? '' : 's'} below \`${minSeverity}\` hidden (\`review.min_severity\`).`);
  if (repeated > 0) notes.push(`${repeated} finding${repeated === 1 ? '' : 's'} already posted on unchanged lines not repeated.`);
  if (unreadable > 0) notes.push(`${unreadable} line${unreadable === 1 ? '' : 's'} of the reply could not be read as findings and were left out.`);
  return notes.length > 0 ? ['', ...notes.map((n) => `<sub>${n}</sub>`)] : [];
}

/** A reply that ignored the line format but wrote a patch: shown as a diff, since no reason came with it. */
async function unexplained(run: JobRun, workspace: PullWorkspace, job: PullPayload, findings: number, ops: FileOp[]): Promise<string[]> {
  if (findings > 0 || ops.length === 0) return [];
  const result = await applyToSnapshot(ops, workspace.snapshot, { octokit: run.deps.octokit, repo: run.repo }, job.config).catch((error: unknown) => {
    run.deps.log.info({ err: error }, 'the reply wrote a patch without findings that does not apply: left out of the review');
    return undefined;
  });
  if (!result || result.changes.length === 0) return [];
  const diff = result.changes.map((c) => c.diff).join('');
  return ['', 'The reply suggested these changes without saying why (no finding lines), so they are not offered as suggestions:', '', diffBlock(diff)];
}
