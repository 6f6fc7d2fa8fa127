import { redactSecrets } from '../../context/index.js';
import { botReviewCommentBodies } from '../../github/bot-review-comments.js';
import { createReview } from '../../github/review.js';
import { hunkRanges, parseReply, toSuggestions } from '../../patch/index.js';
import { inertText } from '../../report/inert.js';
import { diffBlock, explainFindings, type PlacedFinding } from '../../review/explain-findings.js';
import { postedKeys } from '../../review/finding-key.js';
import { parseReview, type Finding } from '../../review/finding-format.js';
import { filterBySeverity } from '../../review/merge-findings.js';
import { applyToSnapshot } from '../apply-snapshot.js';
import type { PullPayload } from '../job-data.js';
import type { PullWorkspace } from '../workspaces.js';
import type { Delivery, JobRun } from '../run-job.js';
import type { PatchResult } from '../../patch/index.js';

/**
 * `/spark review` (and its label, request and auto-review triggers): one COMMENT review whose
 * findings explain themselves. The reply is read in the line format; each finding's own patch
 * is applied alone to the pinned head, so every suggestion carries the reason of the finding
 * it fixes. A patch that does not apply loses its suggestion, never its finding.
 */
export function explainedReviewDelivery(job: PullPayload): Delivery<PullWorkspace> {
  return async (run, workspace, generated) => {
    const { pr } = workspace;
    // The first turn carries the findings; a re-prompted turn (the combined patch did not apply) only a patch.
    const parsed = parseReview(generated.firstTurn.text);
    const kept = filterBySeverity(parsed.findings, job.config.review.minSeverity);
    // A re-review skips what Spark already said: the finding keys in its own earlier review comments.
    const earlier = job.botLogin
      ? botReviewCommentBodies(run.deps.octokit, run.repo, job.pinned.number, job.botLogin).catch((error: unknown) => {
          run.deps.log.warn({ err: error }, 'could not read earlier review comments: findings already posted may be repeated');
          return [];
        })
      : Promise.resolve([]);
    const placed: PlacedFinding[] = [];
    for (const finding of kept) placed.push(await place(run, workspace, job, finding));
    const posted = postedKeys(await earlier);
    const lines = (path: string): string[] | undefined => workspace.snapshot.files.get(path)?.split('\n');
    const explained = explainFindings(placed, hunkRanges(pr.diff), (path, line) => lines(path)?.[line - 1], posted);
    const hidden = parsed.findings.length - kept.length;
    const summary = inertText(redactSecrets(parsed.summary).text.slice(0, 1500));
    const body = [
      `**Spark review**${pr.incremental ? ` of the changes since \`${pr.incremental.since.slice(0, 7)}\`` : ''}`,
      '',
      summary || (kept.length > 0 ? 'Findings below.' : 'No issues found.'),
      ...(explained.body.length > 0 ? ['', 'Findings not on a line of this diff:', '', ...explained.body] : []),
      ...unexplained(parsed.findings.length, generated.result),
      ...footnotes(hidden, job.config.review.minSeverity, explained.repeated, parsed.unreadable.length),
    ];
    const sentAt = run.now();
    const review = await createReview(run.deps.octokit, run.repo, {
      pullNumber: job.pinned.number,
      commitId: job.pinned.headSha,
      body: body.join('\n'),
      comments: explained.comments,
    });
    const suggestions = explained.comments.filter((c) => c.body.includes('```suggestion')).length;
    return { outcome: { kind: 'review', url: review.url, suggestions, inBody: explained.body.length }, sentAt };
  };
}

async function place(run: JobRun, workspace: PullWorkspace, job: PullPayload, finding: Finding): Promise<PlacedFinding> {
  const reason = inertText(redactSecrets(finding.reason).text.slice(0, 500));
  const bare: PlacedFinding = { finding, reason, suggestions: [], bodyDiff: '', diff: '' };
  if (!finding.patch) return bare;
  try {
    const result = await applyToSnapshot(parseReply(finding.patch), workspace.snapshot, { octokit: run.deps.octokit, repo: run.repo }, job.config);
    const mapped = toSuggestions(result, workspace.pr.diff);
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
function unexplained(findings: number, result: PatchResult): string[] {
  if (findings > 0 || result.changes.length === 0) return [];
  const diff = result.changes.map((c) => c.diff).join('');
  return ['', 'The reply suggested these changes without saying why (no finding lines), so they are not offered as suggestions:', '', diffBlock(diff)];
}
