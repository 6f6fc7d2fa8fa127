/**
 * `/spark fix-ci [focus]` (and `/spark fix` with no instruction on a PR whose head is red): the
 * failures of the pinned head → context with a "CI failures" section → Spark → a commit → the
 * checks on that commit → another round while they fail differently (deliver/ci-rounds.ts).
 */
import { collectFailures } from '../ci/collect-failures.js';
import { SparkError } from '../errors.js';
import { readTree } from '../github/tree.js';
import { readCiWorkspace, type CiJobDeps, type CiWorkspace } from './ci-workspace.js';
import { renderRounds } from '../ci/rounds.js';
import type { CiState } from '../ci/collect-failures.js';
import { ciRoundsDelivery, resumeWait } from './deliver/ci-rounds.js';
import { commitDelivery } from './deliver/commit.js';
import { reviewDelivery } from './deliver/review.js';
import type { PullJob, PullPayload } from './job-data.js';
import { readPull } from './pull-job.js';
import type { JobRun, JobSpec } from './run-job.js';

export class NothingToFixError extends SparkError {}

export function ciJobSpec(job: PullJob, ci: CiJobDeps): JobSpec<CiWorkspace> {
  const { payload } = job;
  const repo = payload.repo;
  const strict = job.kind === 'fix-ci';
  const { maxRounds, escalateModel } = payload.config.ci;
  const { resume } = payload;
  // The first round this job writes is the last (one round, or a continuation of round max−1): the bigger model writes it.
  const config = (resume ? resume.record.rounds.length + 1 : 1) === maxRounds && escalateModel ? { ...payload.config, model: escalateModel } : payload.config;
  const suggestions = reviewDelivery(payload, job.kind, {
    note: 'This PR comes from a fork, so Spark posted suggestions instead of pushing, and does not follow the checks.',
  });
  const rounds = ciRoundsDelivery(job, ci);
  const plain = commitDelivery(payload, (note) => reviewDelivery(payload, job.kind, { note }));
  if (resume) {
    // A continuation after a restart: the recorded round's wait first, in the same status comment.
    let next: CiState | undefined;
    return {
      repo,
      deliveryId: payload.deliveryId,
      status: { target: payload.reply, initial: { command: 'fix-ci', instruction: payload.instruction, phase: 'waiting', note: renderRounds(resume.record) }, announce: true, existing: resume.comment },
      config,
      cacheKey: `${repo.owner}/${repo.repo}#${payload.pinned.number}`,
      prior: async (run) => {
        const step = await resumeWait(run, job, ci);
        if (step.kind === 'done') return step.delivered;
        next = step.state;
        return undefined;
      },
      read: (run) => readCiWorkspace(run, payload, payload.pinned, next as CiState),
      deliver: rounds,
    };
  }
  return {
    repo,
    deliveryId: payload.deliveryId,
    status: { target: payload.reply, initial: { command: job.kind, instruction: payload.instruction, phase: 'reading' }, announce: payload.announce },
    config,
    cacheKey: `${repo.owner}/${repo.repo}#${payload.pinned.number}`,
    read: (run) => readCi(run, payload, strict),
    deliver: (run, workspace, generated) => {
      if (!workspace.ci) return plain(run, workspace, generated);
      if (payload.pinned.isCrossRepository) return suggestions(run, workspace, generated);
      return rounds(run, workspace, generated);
    },
  };
}

async function readCi(run: JobRun, payload: PullPayload, strict: boolean): Promise<CiWorkspace> {
  const { pinned } = payload;
  const tree = readTree(run.deps.octokit, run.repo, pinned.headSha);
  const reading = collectFailures(run.deps.octokit, run.repo, pinned.headSha, { files: tree.then((t) => t.paths), logger: run.deps.log });
  // A bare `/spark fix` must not fail where the checks cannot be read (an installation that has
  // not accepted `checks: read` yet): it is then the plain fix it always was.
  const state = strict
    ? await reading
    : await reading.catch((error: unknown) => {
        run.deps.log.warn({ err: error }, 'ci: checks not readable; running a plain fix');
        return undefined;
      });
  if (!state) return readPull(run, 'fix', payload);
  run.deps.log.info({ failing: state.failing.map((f) => f.name), pending: state.pending.length, redactions: state.redactions }, 'ci: failures of the pinned head');
  if (state.failing.length > 0) return readCiWorkspace(run, payload, pinned, state);
  if (!strict) return readPull(run, 'fix', payload);
  const still = state.pending.length ? `; ${state.pending.length} still running — run it again when they fail` : '';
  throw new NothingToFixError(`no failing checks on ${pinned.headSha}`, {
    userMessage: `No check is failing on \`${pinned.headSha.slice(0, 7)}\` (${state.passed.length} passed${still}), so there is nothing to fix.`,
  });
}

/** Kept while src/app.ts still imports it from here; the type lives in ci-workspace.ts. */
