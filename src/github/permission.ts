import type { Octokit, RepoRef } from './types.js';
import { httpStatus } from './http-status.js';

export type Role = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

const WRITERS: ReadonlySet<Role> = new Set(['admin', 'maintain', 'write']);

export function canWrite(role: Role): boolean {
  return WRITERS.has(role);
}

/**
 * The commenter's role on the repository. `role_name` distinguishes maintain/triage, which
 * the legacy `permission` field folds into write/read. Not a collaborator → 404 → 'none'.
 */
export async function getRole(octokit: Octokit, repo: RepoRef, username: string): Promise<Role> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    const role = (data.role_name ?? data.permission) as Role;
    return ['admin', 'maintain', 'write', 'triage', 'read'].includes(role) ? role : 'none';
  } catch (error) {
    if (httpStatus(error) === 404) return 'none';
    throw error;
  }
}
