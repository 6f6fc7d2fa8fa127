/**
 * The CI rounds delivery of `/spark fix-ci`. Round k: commit the patch on the round's pinned
 * commit (`expectedHeadOid`: a push by anyone else makes it fail, and nothing is overwritten) →
 * wait for the checks on Spark's commit (`check_suite.completed` / `status` webhooks, a
 * conditional poll as fallback) → green: done; red differently: round k+1 pinned to Spark's
 * commit; the same failures again, `ci.max_rounds` commits, `ci.wait_minutes` without an answer,
 * a human push, a new command, `/spark cancel` or a closed PR: stop and say so. Every round is
 * shown in the status comment, with the record a restart re-derives the loop from.
 */
import type { CheckWaiter, WaitEnd } from '../../ci/check-waiters.js';
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
  const { maxRounds, waitMinutes, escalateModel } = payload.config.ci;
  const wallNow = ci.wallNow ?? Date.now;
  const modelFor = (round: number): string => (escalateModel && round === maxRounds ? escalateModel : (payload.config.model ?? 'default'));

  return async (run, first, firstGenerated) => {
    const record: LoopRecord = { v: 1, rounds: [] };
    const waiter = ci.waiters.register(job.group, payload.pinned.headSha);
    let workspace = first;
    let generated = firstGenerated;
    let last: { oid: string; url: string } | undefined;
    const sentAt = run.now();
    const finish = (kind: 'green' | 'stopped', reason: string): Delivered => {
      record.end = { kind, reason };
      record.waitingOn = undefined;
      const pushed = last as { oid: string; url: string };
      return { outcome: { kind: 'commit', url: pushed.url, sha: pushed.oid }, note: renderRounds(record), sentAt };
    };
    try {
      for (let round = 1; ; round++) {
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
          if (!(error instanceof BranchMovedError) || !last) throw error;
          entry.ms = run.now() - started;
          return finish('stopped', `${error.userMessage} (round ${round} pushed nothing).`);
        }
        last = commit;
        entry.commit = { sha: commit.oid, url: commit.url };
        entry.ms = run.now() - started;
        waiter.retarget(commit.oid);
        record.waitingOn = commit.oid;
        run.status.update({ phase: 'waiting', note: renderRounds(record) });

        const { verdict, checked } = await waitForVerdict(run, waiter, commit.oid, workspace, record, { maxRounds, deadline: wallNow() + waitMinutes * 60_000, wallNow, pollMs: ci.pollMs ?? 60_000 });
        if (verdict.kind === 'interrupted') return finish('stopped', INTERRUPTED[verdict.reason]);
        if (verdict.kind === 'green') return finish('green', `✅ Green after ${round} round(s): every check passes on \`${commit.oid.slice(0, 7)}\`.`);
        if (verdict.kind === 'stop') {
          const still = verdict.still.map((n) => `\`${n.replace(/`/g, "'")}\``).join(', ');
          const why =
            verdict.reason === 'same-failures'
              ? 'the same failures came back, so another round would not help'
              : verdict.reason === 'max-rounds'
                ? `\`ci.max_rounds\` (${maxRounds}) commits were pushed`
                : `the checks did not finish within \`ci.wait_minutes\` (${waitMinutes})`;
          return finish('stopped', `Stopped after ${round} round(s): ${why}. Still failing or unfinished: ${still || 'none'}.`);
        }
        if (verdict.kind === 'wait') return finish('stopped', 'Stopped: the checks did not finish in time.');

        // Red, differently: round k+1 on Spark's own commit.
        run.status.update({ phase: 'reading', note: renderRounds(record) });
        workspace = await readCiWorkspace(run, payload, { ...payload.pinned, headSha: commit.oid }, checked as CiState);
        const next = round + 1;
        const config = escalateModel && next === maxRounds ? { ...payload.config, model: escalateModel } : payload.config;
        generated = await generateRound(run, workspace, config, job);
      }
    } finally {
      waiter.close();
    }
  };
}

type LoopVerdict = CiVerdict | { kind: 'interrupted'; reason: Extract<WaitEnd, { kind: 'interrupted' }>['reason'] };

/** Collect → decide → wait for a reason to look again, until the verdict is not `wait`. */
async function waitForVerdict(
  run: JobRun,
  waiter: CheckWaiter,
  sha: string,
  workspace: CiWorkspace,
  record: LoopRecord,
  limits: { maxRounds: number; deadline: number; wallNow: () => number; pollMs: number },
): Promise<{ verdict: LoopVerdict; checked?: CiState }> {
  const rounds = record.rounds.map((r) => ({ signature: r.signature, failedChecks: r.failing.map((f) => f.name) }));
  let etag: string | undefined;
  for (;;) {
    const state = await collectFailures(run.deps.octokit, run.repo, sha, { files: workspace.snapshot.tree.paths, logger: run.deps.log });
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
