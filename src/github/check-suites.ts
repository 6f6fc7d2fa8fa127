import type { Octokit, RepoRef } from './types.js';
import { httpStatus } from './http-status.js';

export interface CheckSuiteSummary {
  id: number;
  appSlug: string | null;
  status: string | null;
  conclusion: string | null;
}

export type CheckSuitePoll =
  | { changed: true; etag: string | null; suites: CheckSuiteSummary[] }
  /** 304: nothing changed since `etag` (a conditional request does not count against the rate limit). */
  | { changed: false; etag: string };

/**
 * The check suites of a commit (`GET /repos/{o}/{r}/commits/{sha}/check-suites`) as a
 * conditional request: the fallback poll while waiting for `check_suite.completed`.
 */
export async function pollCheckSuites(octokit: Octokit, repo: RepoRef, sha: string, etag?: string): Promise<CheckSuitePoll> {
  try {
    const response = await octokit.rest.checks.listSuitesForRef({ ...repo, ref: sha, per_page: 100, headers: etag ? { 'if-none-match': etag } : {} });
    return {
      changed: true,
      etag: response.headers.etag ?? null,
      suites: response.data.check_suites.map((s) => ({ id: s.id, appSlug: s.app?.slug ?? null, status: s.status ?? null, conclusion: s.conclusion ?? null })),
    };
  } catch (error) {
    if (etag && httpStatus(error) === 304) return { changed: false, etag };
    throw error;
  }
}
