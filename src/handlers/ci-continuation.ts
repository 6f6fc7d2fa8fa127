/**
 * Checks finished on a commit no loop of this process waits on: a `/spark fix-ci` loop a restart
 * left behind may (its record is in its status comment). One `ci-resume` job per loop round: its
 * id names the PR, the commit and the round, so a redelivered webhook or a second receiver
 * enqueues it once.
 */
import type { AppDeps } from '../app-deps.js';
import { waitingLoop } from '../ci/waiting-loop.js';
import { botIssueComments } from '../github/bot-issue-comments.js';
import type { RepoRef } from '../github/types.js';
import type { CiResumeJob } from '../jobs/job-data.js';
import type { EventContext } from './trigger.js';

/** Enqueues the continuation of each loop on `pulls` waiting on `sha`; how many were new. */
export async function enqueueContinuations(context: EventContext, deps: Pick<AppDeps, 'queue' | 'botLogin'>, at: { repo: RepoRef; installationId: number; sha: string; pulls: number[] }): Promise<number> {
  const { repo, sha } = at;
  const botLogin = await deps.botLogin();
  let accepted = 0;
  for (const number of at.pulls) {
    const loop = waitingLoop(await botIssueComments(context.octokit, repo, number, botLogin), sha);
    if (!loop) continue;
    const group = `${repo.owner}/${repo.repo}#${number}`;
    const job: CiResumeJob = {
      id: `ci-resume-${group}-${sha}-${loop.round}`,
      group,
      kind: 'ci-resume',
      installationId: at.installationId,
      receivedAt: Date.now(),
      payload: { repo, number, sha, comment: loop.comment, botLogin, deliveryId: context.id },
    };
    const queued = await deps.queue.enqueue(job);
    context.log.info({ group, sha, round: loop.round, accepted: queued.accepted }, 'ci: checks finished for a loop no process waits on: continuation queued');
    if (queued.accepted) accepted++;
  }
  return accepted;
}
