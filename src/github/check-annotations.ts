import type { Octokit, RepoRef } from './types.js';

export interface CheckAnnotation {
  path: string;
  startLine: number;
  endLine: number;
  /** `failure`, `warning` or `notice`. */
  level: string;
  title: string | null;
  message: string;
}

/** The annotations of one check run (file, line, message), first page of 50 (GitHub's maximum). */
export async function listCheckAnnotations(octokit: Octokit, repo: RepoRef, checkRunId: number): Promise<CheckAnnotation[]> {
  const { data } = await octokit.rest.checks.listAnnotations({ ...repo, check_run_id: checkRunId, per_page: 50 });
  return data.map((a) => ({
    path: a.path,
    startLine: a.start_line,
    endLine: a.end_line,
    level: a.annotation_level ?? 'notice',
    title: a.title ?? null,
    message: a.message ?? '',
  }));
}
