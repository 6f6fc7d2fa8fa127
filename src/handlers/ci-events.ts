import type { Context } from 'probot';
import type { CheckWaiters } from '../ci/check-waiters.js';
import { ignore } from './guards.js';

type Log = Pick<Context['log'], 'debug'>;
type Event<E> = { log: Log; payload: E };

interface CheckSuitePayload {
  check_suite: { head_sha: string };
  repository: { full_name: string };
}
interface StatusPayload {
  sha: string;
  repository: { full_name: string };
}
interface PullPayload {
  pull_request: { number: number; head: { sha: string } };
  repository: { full_name: string };
}

/**
 * Webhooks that move a `/spark fix-ci` loop on: a finished check suite or a new commit status
 * on the commit it waits for wakes it (it then re-reads the checks); a push of another head or
 * a closed PR ends it. Nothing here reads or writes GitHub.
 */
export function onChecksChanged(waiters: CheckWaiters) {
  return async (context: Event<CheckSuitePayload | StatusPayload>): Promise<void> => {
    const p = context.payload;
    const sha = 'check_suite' in p ? p.check_suite.head_sha : p.sha;
    if (!waiters.checksChanged(p.repository.full_name, sha)) return ignore(context, 'no fix-ci loop waits for this commit', { sha });
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
