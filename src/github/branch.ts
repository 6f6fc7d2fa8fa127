import { SparkError } from '../errors.js';
import type { Octokit, RepoRef } from './types.js';
import { httpStatus } from './http-status.js';

/** GitHub refused to create the branch (permissions, rulesets restricting branch creation). */
export class BranchCreateError extends SparkError {}

/**
 * Creates `refs/heads/<branch>` at `sha` (REST, one write). If the branch already exists (a run
 * or a person created it since the snapshot) this is not an error here: the commit that
 * follows carries `expectedHeadOid = sha`, so GitHub itself refuses to commit on a branch
 * that points anywhere else. Returns whether this call created it.
 */
export async function createBranch(octokit: Octokit, repo: RepoRef, branch: string, sha: string): Promise<{ created: boolean }> {
  try {
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
    return { created: true };
  } catch (error) {
    const status = httpStatus(error);
    const message = error instanceof Error ? error.message : '';
    if (status === 422 && /already exists/i.test(message)) return { created: false };
    if (status === 403 || status === 404 || status === 422) {
      throw new BranchCreateError(`Creating ${repo.owner}/${repo.repo}:${branch} failed: ${message || status}`, {
        cause: error,
        userMessage: `Spark could not create the branch \`${branch}\` (the app needs "Contents: write", and no ruleset may restrict creating \`spark/*\` branches). Nothing was pushed.`,
      });
    }
    throw error;
  }
}
