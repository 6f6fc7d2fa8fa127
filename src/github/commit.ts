import { SparkError } from '../errors.js';
import { CREATE_COMMIT_ON_BRANCH } from './documents.js';
import type { Octokit } from './types.js';
import { httpStatus } from './http-status.js';

export interface CommitFile {
  path: string;
  /** New contents; null deletes the file. */
  contents: string | null;
}

export interface CommitRequest {
  /** "owner/repo" of the repository that holds the branch (the fork for fork PRs). */
  nameWithOwner: string;
  branch: string;
  /** The SHA pinned when the command was accepted: GitHub refuses the commit if the branch moved. */
  expectedHeadOid: string;
  headline: string;
  body?: string;
  files: CommitFile[];
}

export interface CommitResult {
  oid: string;
  url: string;
}

/** The branch has commits newer than the pinned head: we never overwrite them. */
export class BranchMovedError extends SparkError {}
/** The installation may not push here (fork without maintainer edits, protected branch, …). */
export class PushForbiddenError extends SparkError {}

interface GraphqlFailure {
  errors?: Array<{ type?: string; message?: string }>;
  message?: string;
}

/**
 * One atomic GraphQL `createCommitOnBranch`: a single write, signed by GitHub (Verified for
 * App installation tokens), and rejected with STALE_DATA when the branch moved. There is no
 * force path anywhere in the app.
 */
export async function createCommit(octokit: Octokit, request: CommitRequest): Promise<CommitResult> {
  const additions = request.files
    .filter((f) => f.contents !== null)
    .map((f) => ({ path: f.path, contents: Buffer.from(f.contents as string, 'utf8').toString('base64') }));
  const deletions = request.files.filter((f) => f.contents === null).map((f) => ({ path: f.path }));
  try {
    const data = await octokit.graphql<{ createCommitOnBranch: { commit: CommitResult } }>(CREATE_COMMIT_ON_BRANCH, {
      input: {
        branch: { repositoryNameWithOwner: request.nameWithOwner, branchName: request.branch },
        expectedHeadOid: request.expectedHeadOid,
        message: { headline: request.headline, ...(request.body ? { body: request.body } : {}) },
        fileChanges: { additions, deletions },
      },
    });
    return data.createCommitOnBranch.commit;
  } catch (error) {
    throw classifyCommitError(error, request);
  }
}

export function classifyCommitError(error: unknown, request: Pick<CommitRequest, 'nameWithOwner' | 'branch' | 'expectedHeadOid'>): unknown {
  const failure = error as GraphqlFailure;
  const types = (failure.errors ?? []).map((e) => e.type);
  const text = [failure.message, ...(failure.errors ?? []).map((e) => e.message)].join(' ');
  if (types.includes('STALE_DATA') || /expected branch to point to/i.test(text)) {
    return new BranchMovedError(
      `Branch ${request.nameWithOwner}:${request.branch} moved after ${request.expectedHeadOid.slice(0, 7)} was pinned`,
      {
        cause: error,
        userMessage: `The branch \`${request.branch}\` moved after the command was given, so nothing was pushed (Spark never overwrites newer commits). Re-run the command to patch the new head.`,
      },
    );
  }
  if (types.includes('FORBIDDEN') || httpStatus(error) === 403 || /not accessible by integration|permission|protected branch/i.test(text)) {
    return new PushForbiddenError(`Push to ${request.nameWithOwner}:${request.branch} was refused: ${text}`, {
      cause: error,
      userMessage: `Spark may not push to \`${request.nameWithOwner}:${request.branch}\` (branch protection, or a fork without "Allow edits from maintainers").`,
    });
  }
  return error;
}

/** `spark: <instruction>` headline (≤ 72 chars) and a body with the full request and a co-author trailer. */
export function commitMessage(input: {
  instruction: string;
  commenter: { login: string; id: number };
  commentUrl?: string;
  fallback: string;
}): { headline: string; body: string } {
  const instruction = input.instruction.replace(/\s+/g, ' ').trim() || input.fallback;
  const full = `spark: ${instruction}`;
  const headline = full.length <= 72 ? full : `${full.slice(0, 71).trimEnd()}…`;
  const lines: string[] = [];
  if (full !== headline) lines.push(instruction, '');
  lines.push(`Requested by @${input.commenter.login}${input.commentUrl ? ` in ${input.commentUrl}` : ''}.`);
  lines.push('', `Co-authored-by: ${input.commenter.login} <${input.commenter.id}+${input.commenter.login}@users.noreply.github.com>`);
  return { headline, body: lines.join('\n') };
}
