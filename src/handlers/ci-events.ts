import type { Context } from 'probot';
import type { AppDeps } from '../app-deps.js';
import type { CheckWaiters } from '../ci/check-waiters.js';
import { openPullsAtHead } from '../github/commit-pulls.js';
import { enqueueContinuations } from './ci-continuation.js';
import { ignore } from './guards.js';
import type { EventContext } from './trigger.js';

type Log = Pick<Context['log'], 'debug'>;
type Event<E> = { log: Log; payload: E };

interface Repository {
  full_name: string;
  name: string;
  owner: { login: string };
}
interface CheckSuitePayload {
  check_suite: { head_sha: string; pull_requests: Array<{ number: number; head: { sha: string } }> };
  repository: Repository;
  installation?: { id: number };
}
interface StatusPayload {
  sha: string;
  state: string;
  repository: Repository;
  installation?: { id: number };
}
interface PullPayload {
  pull_request: { number: number; head: { sha: string } };
  repository: { full_name: string };
}

/**
 * Webhooks that move a `/spark fix-ci` loop on: a finished check suite or a new commit status
 * on the commit it waits for wakes it (it then re-reads the checks); a push of another head or
 * a closed PR ends it. Only when no loop of this process waits on the commit does a finished
 * check look for a loop a restart left behind (ci-continuation.ts); otherwise nothing here
 * reads or writes GitHub.
 */
export function onChecksChanged(waiters: CheckWaiters, deps: Pick<AppDeps, 'queue' | 'botLogin'>) {
  return async (context: EventContext & { payload: CheckSuitePayload | StatusPayload }): Promise<void> => {
    const p = context.payload;
    const sha = 'check_suite' in p ? p.check_suite.head_sha : p.sha;
    if (waiters.checksChanged(p.repository.full_name, sha)) return;
    if (!p.installation) return ignore(context, 'no installation in the checks webhook', { sha });
    if ('state' in p && p.state === 'pending') return ignore(context, 'a pending status finishes no check', { sha });
    const repo = { owner: p.repository.owner.login, repo: p.repository.name };
    const pulls = 'check_suite' in p ? p.check_suite.pull_requests.filter((pr) => pr.head.sha === sha).map((pr) => pr.number) : await openPullsAtHead(context.octokit, repo, sha);
    const queued = pulls.length ? await enqueueContinuations(context, deps, { repo, installationId: p.installation.id, sha, pulls }) : 0;
    // (A failed look-up or enqueue throws: the delivery fails, and a redelivery looks again.)
    if (queued === 0) return ignore(context, 'no fix-ci loop waits for this commit', { sha, pulls });
  };
}

export function onPullHeadMoved(waiters: CheckWaiters) {
  return async (context: Event<PullPayload>): Promise<void> => {
    const { pull_request: pr, repository } = context.payload;
    if (!waiters.headMoved(`${repository.full_name}#${pr.number}`, pr.head.sha)) return ignore(context, 'no fix-ci loop on this PR', { pr: pr.number });
  };
}

export function onPullClosed(waiters: CheckWaiters) {
  return async (context: Event<PullPayload>): Promise<void> => {
    const { pull_request: pr, repository } = context.payload;
    if (!waiters.interrupt(`${repository.full_name}#${pr.number}`, 'closed')) return ignore(context, 'no fix-ci loop on this PR', { pr: pr.number });
  };
}
