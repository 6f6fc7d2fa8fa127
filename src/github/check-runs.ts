import type { Octokit, RepoRef } from './types.js';

export interface CheckRun {
  id: number;
  name: string;
  status: string;
  /** null while the run is queued or in progress. */
  conclusion: string | null;
  /** The app that owns the run: `github-actions` for Actions jobs (their id is the job id). */
  appSlug: string | null;
  checkSuiteId: number | null;
  startedAt: string | null;
  completedAt: string | null;
  detailsUrl: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotationsCount: number };
}

export interface CheckRunList {
  runs: CheckRun[];
  /** More runs than one page (100) holds: the rest were not read. */
  truncated: boolean;
}

/**
 * The check runs of a commit (`GET /repos/{o}/{r}/commits/{sha}/check-runs`), GitHub's
 * `filter=latest` (the newest attempt of each run), one page of 100.
 */
export async function listCheckRuns(octokit: Octokit, repo: RepoRef, sha: string): Promise<CheckRunList> {
  const { data } = await octokit.rest.checks.listForRef({ ...repo, ref: sha, filter: 'latest', per_page: 100 });
  return {
    runs: data.check_runs.map((run) => ({
      id: run.id,
      name: run.name,
      status: run.status,
      conclusion: run.conclusion ?? null,
      appSlug: run.app?.slug ?? null,
      checkSuiteId: run.check_suite?.id ?? null,
      startedAt: run.started_at ?? null,
      completedAt: run.completed_at ?? null,
      detailsUrl: run.details_url ?? null,
      output: {
        title: run.output.title ?? null,
        summary: run.output.summary ?? null,
        text: run.output.text ?? null,
        annotationsCount: run.output.annotations_count,
      },
    })),
    truncated: data.total_count > data.check_runs.length,
  };
}
