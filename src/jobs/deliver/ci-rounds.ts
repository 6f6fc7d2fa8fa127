/**
 * The CI rounds delivery of `/spark fix-ci`. Round k: commit the patch on the round's pinned
 * commit (`expectedHeadOid`: a push by anyone else makes it fail, and nothing is overwritten) →
 * wait for the checks on Spark's commit (`check_suite.completed` / `status` webhooks, a
 * conditional poll as fallback) → green: done; red differently: round k+1 pinned to Spark's
 * commit; the same failures again, `ci.max_rounds` commits, `ci.wait_minutes` without an answer,
 * a human push, a new command, `/spark cancel` or a closed PR: stop and say so. Every round is
 * shown in the status comment, with the record a restart re-derives the loop from: a
 * continuation (`payload.resume`) enters the loop at the wait of the recorded round.
 */
import type { CheckWaiter, WaitEnd } from '../../ci/check-waiters.js';
import { readTree } from '../../github/tree.js';
import { collectFailures, type CiState } from '../../ci/collect-failures.js';
import { decide, type CiVerdict } from '../../ci/decide.js';
import { renderRounds, type LoopRecord, type RoundRecord } from '../../ci/rounds.js';
import { failureSignature } from '../../ci/signature.js';
import { pollCheckSuites } from '../../github/check-suites.js';
import { BranchMovedError, commitMessage, createCommit } from '../../github/commit.js';
import { applyToSnapshot } from '../apply-snapshot.js';
import { readCiWorkspace, type CiJobDeps, type CiWorkspace } from '../ci-workspace.js';
import { commitFiles } from '../commit-files.js';
import { generateAndApply, type GenerateApplyOutput } from '../generate-apply.js';
import type { PullJob } from '../job-data.js';
import type { Delivered, Delivery, JobRun } from '../run-job.js';

const INTERRUPTED: Record<Extract<WaitEnd, { kind: 'interrupted' }>['reason'], string> = {
  push: 'Someone pushed to the branch, so Spark stopped following the checks.',
  command: 'A new `/spark` command came, so Spark stopped following the checks.',
  closed: 'The pull request was closed, so Spark stopped following the checks.',
  cancel: 'Stopped by `/spark cancel`.',
};

export function ciRoundsDelivery(job: PullJob, ci: CiJobDeps): Delivery<CiWorkspace> {
  const { payload } = job;
  const { maxRounds, escalateModel } = payload.config.ci;
  const modelFor = (round: number): string => (escalateModel && round === maxRounds ? escalateModel : (payload.config.model ?? 'default'));

  return async (run, first, firstGenerated) => {
    const record = startRecord(payload);
    const waiter = ci.waiters.register(job.group, payload.pinned.headSha);
    let workspace = first;
    let generated = firstGenerated;
    const sentAt = run.now();
    try {
      for (let round = record.rounds.length + 1; ; round++) {
        const started = run.now();
        const state = workspace.ci as CiState;
        const base = workspace.snapshot.sha;
        const entry: RoundRecord = {
          round,
          base,
          failing: state.failing.map((f) => ({ name: f.name, cause: f.cause })),
          signature: failureSignature(state),
          model: modelFor(round),
        };
        record.rounds.push(entry);
        let commit: { oid: string; url: string };
        try {
          commit = await createCommit(run.deps.octokit, {
            nameWithOwner: payload.pinned.headNameWithOwner ?? payload.pinned.baseNameWithOwner,
            branch: payload.pinned.headRef,
            expectedHeadOid: base,
            ...commitMessage({
              instruction: `fix CI (round ${round}): ${state.failing.map((f) => f.name).join(', ')}`,
              commenter: payload.requester,
              commentUrl: payload.commentUrl,
              fallback: 'fix failing checks',
            }),
            files: commitFiles(generated.result),
          });
        } catch (error) {
          // Round 1 pushed nothing at all: the job fails with GitHub's reason, as /spark fix does.
          if (!(error instanceof BranchMovedError) || round === 1) throw error;
          entry.ms = run.now() - started;
          return finish(record, 'stopped', `${error.userMessage} (round ${round} pushed nothing).`, sentAt);
        }
        entry.commit = { sha: commit.oid, url: commit.url };
        entry.ms = run.now() - started;
        waiter.retarget(commit.oid);
        record.waitingOn = commit.oid;
        run.status.update({ phase: 'waiting', note: renderRounds(record) });

        const step = await judge(run, job, ci, waiter, record, workspace.snapshot.tree.paths, sentAt);
        if (step.kind === 'done') return step.delivered;
        // Red, differently: round k+1 on Spark's own commit.
        run.status.update({ phase: 'reading', note: renderRounds(record) });
        workspace = await readCiWorkspace(run, payload, { ...payload.pinned, headSha: commit.oid }, step.state);
        const next = round + 1;
        const config = escalateModel && next === maxRounds ? { ...payload.config, model: escalateModel } : payload.config;
        generated = await generateRound(run, workspace, config, job);
      }
    } finally {
      waiter.close();
    }
  };
}

/**
 * A continuation's first step (`payload.resume`): the checks on the recorded commit, waited for
 * as the loop would have. Done (green, stopped): what to report; red differently: the failures
 * round k+1 fixes. A push after Spark's commit (the pin is not the recorded commit) or a closed
 * PR ends it without reading anything; a record that already ended (a replay after the loop's
 * last word) is reported as it stands.
 */
export async function resumeWait(run: JobRun, job: PullJob, ci: CiJobDeps): Promise<Step> {
  const { payload } = job;
  const record = startRecord(payload);
  const sha = record.waitingOn;
  if (record.end) return { kind: 'done', delivered: finish(record, record.end.kind, record.end.reason, run.now()) };
  if (!sha || record.rounds.length === 0) throw new Error('resumeWait: the record waits on no commit');
  if (payload.pinned.state !== 'OPEN') return { kind: 'done', delivered: finish(record, 'stopped', INTERRUPTED.closed, run.now()) };
  if (payload.pinned.headSha !== sha) return { kind: 'done', delivered: finish(record, 'stopped', INTERRUPTED.push, run.now()) };
  const waiter = ci.waiters.register(job.group, sha);
  try {
    const paths = (await readTree(run.deps.octokit, run.repo, sha)).paths;
    return await judge(run, job, ci, waiter, record, paths, run.now());
  } finally {
    waiter.close();
  }
}

type Step = { kind: 'done'; delivered: Delivered } | { kind: 'next'; state: CiState };

/** The record the delivery writes into: a continuation's rounds so far, or a new one. */
function startRecord(payload: PullJob['payload']): LoopRecord {
  const command = { instruction: payload.instruction, requester: payload.requester, commentUrl: payload.commentUrl };
  return payload.resume ? { ...structuredClone(payload.resume.record), command } : { v: 1, rounds: [], command };
}

function finish(record: LoopRecord, kind: 'green' | 'stopped', reason: string, sentAt: number): Delivered {
  record.end = { kind, reason };
  record.waitingOn = undefined;
  const pushed = record.rounds.findLast((r) => r.commit)?.commit;
  if (!pushed) throw new Error('ci rounds: finished without a commit');
  return { outcome: { kind: 'commit', url: pushed.url, sha: pushed.sha }, note: renderRounds(record), sentAt };
}

/** After round k's commit: wait for its checks and say what comes next. */
async function judge(run: JobRun, job: PullJob, ci: CiJobDeps, waiter: CheckWaiter, record: LoopRecord, paths: readonly string[], sentAt: number): Promise<Step> {
  const { maxRounds, waitMinutes } = job.payload.config.ci;
  const wallNow = ci.wallNow ?? Date.now;
  const round = record.rounds.length;
  const sha = record.waitingOn as string;
  const { verdict, checked } = await waitForVerdict(run, waiter, sha, paths, record, { maxRounds, deadline: wallNow() + waitMinutes * 60_000, wallNow, pollMs: ci.pollMs ?? 60_000 });
  const done = (kind: 'green' | 'stopped', reason: string): Step => ({ kind: 'done', delivered: finish(record, kind, reason, sentAt) });
  if (verdict.kind === 'interrupted') return done('stopped', INTERRUPTED[verdict.reason]);
  if (verdict.kind === 'green') return done('green', `✅ Green after ${round} round(s): every check passes on \`${sha.slice(0, 7)}\`.`);
  if (verdict.kind === 'stop') {
    const still = verdict.still.map((n) => `\`${n.replace(/`/g, "'")}\``).join(', ');
    const why =
      verdict.reason === 'same-failures'
        ? 'the same failures came back, so another round would not help'
        : verdict.reason === 'max-rounds'
          ? `\`ci.max_rounds\` (${maxRounds}) commits were pushed`
          : `the checks did not finish within \`ci.wait_minutes\` (${waitMinutes})`;
    return done('stopped', `Stopped after ${round} round(s): ${why}. Still failing or unfinished: ${still || 'none'}.`);
  }
  if (verdict.kind === 'wait') return done('stopped', 'Stopped: the checks did not finish in time.');
  return { kind: 'next', state: checked as CiState };
}

type LoopVerdict = CiVerdict | { kind: 'interrupted'; reason: Extract<WaitEnd, { kind: 'interrupted' }>['reason'] };

/** Collect → decide → wait for a reason to look again, until the verdict is not `wait`. */
async function waitForVerdict(
  run: JobRun,
  waiter: CheckWaiter,
  sha: string,
  paths: readonly string[],
  record: LoopRecord,
  limits: { maxRounds: number; deadline: number; wallNow: () => number; pollMs: number },
): Promise<{ verdict: LoopVerdict; checked?: CiState }> {
  const rounds = record.rounds.map((r) => ({ signature: r.signature, failedChecks: r.failing.map((f) => f.name) }));
  let etag: string | undefined;
  for (;;) {
    const state = await collectFailures(run.deps.octokit, run.repo, sha, { files: paths, logger: run.deps.log });
    const verdict = decide(state, rounds, { maxRounds: limits.maxRounds, timedOut: limits.wallNow() >= limits.deadline });
    run.deps.log.info({ sha, verdict: verdict.kind, failing: state.failing.length, pending: state.pending.length }, 'ci: checks on Spark’s commit');
    if (verdict.kind !== 'wait') return { verdict, checked: state };
    // Wait for a webhook, or poll the suites (conditional: a 304 costs no rate limit) when none comes.
    for (;;) {
      const end = await waiter.next({ pollMs: limits.pollMs, deadline: limits.deadline, now: limits.wallNow, signal: run.deps.signal });
      if (end.kind === 'interrupted') return { verdict: { kind: 'interrupted', reason: end.reason } };
      if (end.kind !== 'poll') break;
      const poll = await pollCheckSuites(run.deps.octokit, run.repo, sha, etag).catch(() => undefined);
      if (!poll || !poll.changed) continue;
      etag = poll.etag ?? undefined;
      if (poll.suites.length > 0 && poll.suites.every((s) => s.status === 'completed')) break;
    }
  }
}

async function generateRound(run: JobRun, workspace: CiWorkspace, config: PullJob['payload']['config'], job: PullJob): Promise<GenerateApplyOutput> {
  const repo = run.repo;
  return generateAndApply({
    model: run.deps.model,
    packed: workspace.packed,
    config,
    cacheKey: `${repo.owner}/${repo.repo}#${job.payload.pinned.number}`,
    signal: run.deps.signal,
    status: run.status,
    log: run.deps.log,
    now: run.now,
    apply: (ops) => applyToSnapshot(ops, workspace.snapshot, { octokit: run.deps.octokit, repo }, config),
  });
}
