import { diffOfFilePatches } from './file-patches.js';
import type { Octokit, RepoRef } from './types.js';

export interface CommitDiff {
  oid: string;
  url: string;
  message: string;
  /** What the commit changed, as a unified diff (GitHub's per-file patches). */
  diff: string;
}

/** One commit as GitHub has it: its message and what it changed. One REST call. */
export async function readCommitDiff(octokit: Octokit, repo: RepoRef, oid: string): Promise<CommitDiff> {
  const { data } = await octokit.rest.repos.getCommit({ ...repo, ref: oid });
  return { oid: data.sha, url: data.html_url, message: data.commit.message, diff: diffOfFilePatches(data.files ?? []) };
}
