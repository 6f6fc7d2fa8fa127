import { commitForJob, priorCommit } from '../../exactly-once/commit-once.js';
import { SparkError } from '../../errors.js';
import { createBranch } from '../../github/branch.js';
import { commitMessage } from '../../github/commit.js';
import { issueBranchName, readIssueBranch, type IssueBranchSnapshot } from '../../github/issue-branch.js';
import { openDraftPullRequest, type OpenedPullRequest } from '../../github/pull-create.js';
import type { StatusOutcome } from '../../report/status-render.js';
import { commitFiles } from '../commit-files.js';
import type { IssuePayload } from '../job-data.js';
import type { IssueWorkspace } from '../workspaces.js';
import type { Delivered, Delivery, JobRun } from '../run-job.js';
import { verifyCommit } from '../verify.js';

/** The model's patch changed nothing: there is nothing to commit or to open a PR for. */
export class EmptyPatchError extends SparkError {}

/**
 * Delivers an issue fix: the branch `spark/issue-<n>` (first run only) → one commit with
 * `expectedHeadOid` = the pinned base → a draft PR "Fixes #n" (first run only; a re-run
 * reuses the open PR). `verify_model` reviews the commit on that PR after the final status.
 */
export function draftPullDelivery(job: IssuePayload): Delivery<IssueWorkspace> {
  return async (run, workspace, generated) => {
    const { result } = generated;
    if (result.changes.length === 0) {
      throw new EmptyPatchError('The patch applied but changed nothing', {
        userMessage: 'The model’s patch changed nothing, so no branch or pull request was made. Try a more specific instruction (name the file or function).',
      });
    }
    const { pinned } = workspace;
    const base = workspace.snapshot.sha;
    const { octokit } = run.deps;
    const sentAt = run.now();
    // Never force: the commit names the base it was computed on, and GitHub refuses it
    // (STALE_DATA → BranchMovedError) if the branch points anywhere else by then.
    if (!pinned.branchOid) await createBranch(octokit, run.repo, pinned.branch, base);
    // Never sent once the job was cancelled; at most once per job id (a replay finds it recorded).
    const commit = await commitForJob(run.deps, {
      nameWithOwner: pinned.nameWithOwner,
      branch: pinned.branch,
      expectedHeadOid: base,
      ...commitMessage({ instruction: job.instruction, commenter: job.requester, commentUrl: job.commentUrl, fallback: `fix #${job.issueNumber}: ${pinned.issue.title}` }),
      files: commitFiles(result),
    });
    const pull = await pullFor(run, job, pinned);
    const { verifyModel } = job.config;
    return {
      ...describe(pull, commit, pinned.branch),
      sentAt,
      pull: { number: pull.number, url: pull.url, created: pull.created },
      after: verifyModel
        ? () => verifyCommit(run.deps, { ...run.repo, pullNumber: pull.number, instruction: job.instruction, command: 'fix' }, { sha: commit.oid, result, verifyModel })
        : undefined,
    };
  };
}

/**
 * A replay of an issue fix whose first attempt pushed (its worker died before the queue marked
 * it finished): the recorded commit, or the one found on `spark/issue-<n>` by its job trailer,
 * is the outcome. The model is not asked again, nothing is pushed again, and the branch's open
 * PR is reused — opened now only if the first attempt died before opening it.
 */
export async function priorDraftPullDelivered(run: JobRun, job: IssuePayload): Promise<Delivered | undefined> {
  const { once, octokit } = run.deps;
  if (!once) return undefined;
  const branch = issueBranchName(job.issueNumber);
  const commit = await priorCommit(octokit, once.records, once.job, { nameWithOwner: `${run.repo.owner}/${run.repo.repo}`, name: branch });
  if (!commit) return undefined;
  const pull = await pullFor(run, job, await readIssueBranch(octokit, run.repo, job.issueNumber));
  const short = `[${commit.oid.slice(0, 7)}](${commit.url})`;
  return {
    outcome: { kind: 'pull', url: pull.url, number: pull.number },
    note: `Commit ${short} on \`${branch}\`. An earlier attempt of this command had already pushed it (the worker running it stopped before it finished); nothing was pushed again.`,
    sentAt: run.now(),
    pull: { number: pull.number, url: pull.url, created: pull.created },
  };
}

/** The branch's open PR, or a new draft PR "Fixes #n" (GitHub never opens a second one for a branch). */
async function pullFor(run: JobRun, job: IssuePayload, pinned: IssueBranchSnapshot): Promise<OpenedPullRequest> {
  if (pinned.pull) return { ...pinned.pull, draft: true, created: false };
  return openDraftPullRequest(run.deps.octokit, run.repo, { title: pullTitle(pinned.issue.title), head: pinned.branch, base: pinned.defaultBranch.name, body: pullBody(job, pinned) });
}

/** First run: "Opened draft PR #n"; a re-run (or a non-draft fallback) reports the commit and links the PR. */
function describe(
  pull: { number: number; url: string; draft: boolean; created: boolean },
  commit: { oid: string; url: string },
  branch: string,
): { outcome: StatusOutcome; note: string } {
  const short = `[${commit.oid.slice(0, 7)}](${commit.url})`;
  if (pull.created && pull.draft) {
    return { outcome: { kind: 'pull', url: pull.url, number: pull.number }, note: `Commit ${short} on \`${branch}\`.` };
  }
  const note = pull.created
    ? `Opened PR [#${pull.number}](${pull.url}) from \`${branch}\` (this repository does not support draft PRs).`
    : `Updated PR [#${pull.number}](${pull.url}) on \`${branch}\`.`;
  return { outcome: { kind: 'commit', url: commit.url, sha: commit.oid }, note };
}

/** GitHub caps titles at 256 characters; the issue title is the PR's subject. */
function pullTitle(issueTitle: string): string {
  const title = `spark: ${issueTitle.replace(/\s+/g, ' ').trim()}`;
  return title.length <= 256 ? title : `${title.slice(0, 255)}…`;
}

function pullBody(job: IssuePayload, pinned: IssueBranchSnapshot): string {
  const how = job.trigger === 'label' ? `the \`${job.config.issueLabel ?? ''}\` label` : job.commentUrl ? `[this comment](${job.commentUrl})` : 'a comment';
  const lines = [`Fixes #${job.issueNumber}`, '', `Drafted by Spark for @${job.requester.login} (via ${how}).`];
  const request = job.instruction.replace(/\s+/g, ' ').trim();
  if (request) lines.push('', `> ${request.length > 500 ? `${request.slice(0, 499)}…` : request}`);
  lines.push('', `Review the change before marking it ready. Running \`/spark fix\` on #${job.issueNumber} again adds commits to \`${pinned.branch}\`.`);
  return lines.join('\n');
}
