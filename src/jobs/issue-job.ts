import { buildContext, relatedPaths } from '../context/index.js';
import { SparkError } from '../errors.js';
import { readBlobs } from '../github/blobs.js';
import { createBranch } from '../github/branch.js';
import { commitMessage, createCommit } from '../github/commit.js';
import { readIssueBranch, type IssueBranchSnapshot } from '../github/issue-branch.js';
import { openDraftPullRequest } from '../github/pull-create.js';
import type { StatusOutcome, StatusTimings } from '../github/status-render.js';
import { readTree } from '../github/tree.js';
import type { ModelResult } from '../model/types.js';
import { formatInstructions } from '../patch/index.js';
import { generateAndApply } from './generate-apply.js';
import { openStatus } from './status-comment.js';
import { verifyCommit } from './verify.js';
import type { IssueJobPayload } from './issue-payload.js';
import { applyToSnapshot, commitFiles, jobUserMessage, modelSummary } from './apply-snapshot.js';
import type { JobReport, PatchJobDeps } from './patch-job.js';

export interface IssueJobReport extends JobReport {
  /** The branch the fix went to, and the PR that carries it. */
  branch?: string;
  pull?: { number: number; url: string; created: boolean };
}

/** The model's patch changed nothing: there is nothing to commit or to open a PR for. */
export class EmptyPatchError extends SparkError {}
/** The issue was closed between the command and the job. */
export class IssueClosedError extends SparkError {}

/** A bare `/spark fix` (or the label) asks for the issue itself to be resolved. */
const DEFAULT_INSTRUCTION = 'Resolve this issue with the smallest correct change.';

/**
 * `/spark fix` on an issue: pin (default head, `spark/issue-<n>`, its open PR, the issue text;
 * one round trip) → tree at the base → retrieve related files → stream → apply (one re-prompt)
 * → branch (first run only) → commit with `expectedHeadOid` = the pinned base → draft PR
 * (first run only) → final status on the issue. A re-run commits on top of the same branch
 * and reuses its PR. Every failure ends in a status that says what to do.
 */
export async function runIssueJob(job: IssueJobPayload, deps: PatchJobDeps): Promise<IssueJobReport> {
  const now = deps.now ?? (() => performance.now());
  const started = now();
  const repo = { owner: job.owner, repo: job.repo };
  const status = openStatus(
    { octokit: deps.octokit, repo, log: deps.log },
    { kind: 'issue', number: job.issueNumber },
    { command: 'fix', subject: 'issue', instruction: job.instruction, phase: 'reading' },
    { announce: true, minIntervalMs: deps.statusIntervalMs ?? 1000, now },
  );
  const timings: StatusTimings = {};
  let model: ModelResult | undefined;
  let roundTrips = 0;
  let branch: string | undefined;
  try {
    const pinned = await readIssueBranch(deps.octokit, repo, job.issueNumber);
    branch = pinned.branch;
    if (pinned.issue.state !== 'OPEN') {
      throw new IssueClosedError(`Issue #${job.issueNumber} is ${pinned.issue.state}`, {
        userMessage: `Issue #${job.issueNumber} was closed before Spark started, so nothing was done. Reopen it and run the command again.`,
      });
    }
    // A re-run continues the branch; a first run starts from the default branch head.
    const base = pinned.branchOid ?? pinned.defaultBranch.oid;
    const tree = await readTree(deps.octokit, repo, base);
    roundTrips = 2;
    const instruction = job.instruction || DEFAULT_INSTRUCTION;
    const files = new Map<string, string>();
    // What retrieval ranks on is also what is packed: the issue text over the tree.
    const retrieval = {
      mode: 'issue' as const,
      instruction,
      title: pinned.issue.title,
      body: pinned.issue.body,
      diff: '',
      changedPaths: [],
      tree: tree.paths,
      files,
      ignore: job.config.paths.ignore,
    };
    const wanted = relatedPaths(retrieval).filter((path) => !tree.special.has(path));
    if (wanted.length > 0) {
      const read = await readBlobs(deps.octokit, repo, base, wanted);
      for (const [path, text] of read.files) files.set(path, text);
      roundTrips = 3;
    }
    const packed = buildContext({
      ...retrieval,
      systemInstructions: formatInstructions('apply_patch'),
      budget: { contextWindow: job.config.context.window, reservedOutput: job.config.context.reserveOutput },
    });
    timings.contextMs = now() - started;
    deps.log.info({ included: packed.included.length, leftOut: packed.leftOut.length, tokens: packed.tokens.total }, 'issue context packed');

    const snapshot = { tree, files, sha: base };
    const github = { octokit: deps.octokit, repo: { owner: job.owner, repo: job.repo } };
    const generated = await generateAndApply({
      model: deps.model,
      packed,
      config: job.config,
      cacheKey: `${job.owner}/${job.repo}#${job.issueNumber}`,
      signal: deps.signal,
      status,
      log: deps.log,
      now,
      apply: (ops) => applyToSnapshot(ops, snapshot, github, job.config),
    });
    const { result, modelDone } = generated;
    model = generated.model;
    timings.ttftMs = generated.firstTurn.timings.ttftMs;
    timings.tokensPerSecond = generated.firstTurn.timings.tokensPerSecond;
    if (result.changes.length === 0) {
      throw new EmptyPatchError('The patch applied but changed nothing', {
        userMessage: 'The model’s patch changed nothing, so no branch or pull request was made. Try a more specific instruction (name the file or function).',
      });
    }

    const changed = { files: result.changes.length, additions: result.additions, deletions: result.deletions };
    status.update({ phase: 'pushing', changed });
    const deliverSentAt = now();
    // Never force: the commit names the base it was computed on, and GitHub refuses it
    // (STALE_DATA → BranchMovedError) if the branch points anywhere else by then.
    if (!pinned.branchOid) await createBranch(deps.octokit, repo, pinned.branch, base);
    const commit = await createCommit(deps.octokit, {
      nameWithOwner: pinned.nameWithOwner,
      branch: pinned.branch,
      expectedHeadOid: base,
      ...commitMessage({
        instruction: job.instruction,
        commenter: job.commenter,
        commentUrl: job.commentUrl,
        fallback: `fix #${job.issueNumber}: ${pinned.issue.title}`,
      }),
      files: commitFiles(result),
    });
    const pull = pinned.pull
      ? { ...pinned.pull, draft: true, created: false }
      : await openDraftPullRequest(deps.octokit, repo, {
          title: pullTitle(pinned.issue.title),
          head: pinned.branch,
          base: pinned.defaultBranch.name,
          body: pullBody(job, pinned),
        });
    const { outcome, note } = describe(pull, commit, pinned.branch);
    timings.totalMs = now() - started;
    await status.finish({ phase: 'done', outcome, changed, timings, note });
    if (job.config.verifyModel) {
      await verifyCommit(deps, { owner: job.owner, repo: job.repo, pullNumber: pull.number, instruction: job.instruction, command: 'fix' }, { sha: commit.oid, result, verifyModel: job.config.verifyModel });
    }
    const report: IssueJobReport = {
      outcome: 'commit',
      timings,
      model: modelSummary(model),
      githubRoundTripsBeforeModel: roundTrips,
      modelDoneToDeliverMs: deliverSentAt - modelDone,
      branch,
      pull: { number: pull.number, url: pull.url, created: pull.created },
    };
    deps.onFinished?.(report);
    return report;
  } catch (error) {
    timings.totalMs = now() - started;
    const message = jobUserMessage(error, job.deliveryId);
    deps.log[error instanceof SparkError ? 'warn' : 'error']({ err: error }, 'spark issue job failed');
    await status.finish({ phase: 'failed', error: message, timings });
    const report: IssueJobReport = { outcome: 'failed', timings, model: model && modelSummary(model), githubRoundTripsBeforeModel: roundTrips, error: message, branch };
    deps.onFinished?.(report);
    return report;
  }
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

function pullBody(job: IssueJobPayload, pinned: IssueBranchSnapshot): string {
  const how = job.trigger === 'label' ? `the \`${job.config.issueLabel ?? ''}\` label` : job.commentUrl ? `[this comment](${job.commentUrl})` : 'a comment';
  const lines = [`Fixes #${job.issueNumber}`, '', `Drafted by Spark for @${job.commenter.login} (via ${how}).`];
  const request = job.instruction.replace(/\s+/g, ' ').trim();
  if (request) lines.push('', `> ${request.length > 500 ? `${request.slice(0, 499)}…` : request}`);
  lines.push('', `Review the change before marking it ready. Running \`/spark fix\` on #${job.issueNumber} again adds commits to \`${pinned.branch}\`.`);
  return lines.join('\n');
}
