import { configFileOf } from '../config/schema.js';
import { packContext, planContext } from '../context/index.js';
import { SparkError } from '../errors.js';
import { readBlobs } from '../github/blobs.js';
import { readIssueBranch } from '../github/issue-branch.js';
import { readTree } from '../github/tree.js';
import { formatInstructions, lineHintsFrom } from '../patch/index.js';
import { readRepoInstructions } from '../instructions/repo-instructions.js';
import { draftPullDelivery, priorDraftPullDelivered } from './deliver/draft-pull.js';
import type { IssueJob, IssuePayload } from './job-data.js';
import type { JobRun, JobSpec } from './run-job.js';
import type { IssueWorkspace } from './workspaces.js';

/** The issue was closed between the command and the job. */
export class IssueClosedError extends SparkError {}

/** A bare `/spark fix` (or the label) asks for the issue itself to be resolved. */
const DEFAULT_INSTRUCTION = 'Resolve this issue with the smallest correct change.';

/**
 * `/spark fix` on an issue: pin (default head, `spark/issue-<n>`, its open PR, the issue text;
 * one round trip) → tree at the base → related files → the model → a draft PR (draft-pull.ts).
 * A re-run commits on top of the same branch and reuses its PR.
 */
export function issueJobSpec(job: IssueJob): JobSpec<IssueWorkspace> {
  const { payload } = job;
  const { repo, issueNumber } = payload;
  return {
    repo,
    deliveryId: payload.deliveryId,
    status: {
      target: { kind: 'issue', number: issueNumber },
      initial: { command: 'fix', subject: 'issue', instruction: payload.instruction, phase: 'reading' },
      announce: true,
    },
    config: payload.config,
    cacheKey: `${repo.owner}/${repo.repo}#${issueNumber}`,
    lineHints: lineHintsFrom(payload.instruction),
    read: (run) => readIssue(run, payload),
    deliver: draftPullDelivery(payload),
    prior: (run) => priorDraftPullDelivered(run, payload),
  };
}

async function readIssue(run: JobRun, job: IssuePayload): Promise<IssueWorkspace> {
  const { octokit } = run.deps;
  const pinned = await readIssueBranch(octokit, run.repo, job.issueNumber);
  run.report.branch = pinned.branch;
  if (pinned.issue.state !== 'OPEN') {
    throw new IssueClosedError(`Issue #${job.issueNumber} is ${pinned.issue.state}`, {
      userMessage: `Issue #${job.issueNumber} was closed before Spark started, so nothing was done. Reopen it and run the command again.`,
    });
  }
  // A re-run continues the branch; a first run starts from the default branch head.
  const base = pinned.branchOid ?? pinned.defaultBranch.oid;
  const tree = await readTree(octokit, run.repo, base);
  let roundTrips = 2;
  const files = new Map<string, string>();
  // What retrieval ranks on is also what is packed: the issue text over the tree.
  const retrieval = {
    mode: 'issue' as const,
    instruction: job.instruction || DEFAULT_INSTRUCTION,
    // The webhook's text, not the current one: an edit after the command must not steer the model.
    title: job.issueText.title,
    body: job.issueText.body,
    diff: '',
    changedPaths: [],
    tree: tree.paths,
    files,
    ignore: job.config.paths.ignore,
  };
  const plan = planContext(retrieval);
  const wanted = plan.fetch.filter((path) => !tree.special.has(path));
  // The repository's instructions (default branch), for the files the model is about to see.
  const [read, rules] = await Promise.all([
    wanted.length > 0 ? readBlobs(octokit, run.repo, base, wanted) : undefined,
    readRepoInstructions(octokit, run.repo, wanted, job.config.instructions),
  ]);
  for (const [path, text] of read?.files ?? []) files.set(path, text);
  if (read || job.config.instructions.maxTokens > 0) roundTrips = 3;
  const packed = packContext(plan, {
    files,
    systemInstructions: formatInstructions('apply_patch') + rules.section,
    budget: { contextWindow: job.config.context.window, reservedOutput: job.config.context.reserveOutput , configFile: configFileOf(job.config) },
  });
  return { packed, snapshot: { tree, files, sha: base }, roundTrips, pinned };
}
