/** What a CI-rounds job reads and needs: its workspace (the PR plus the failing checks), shared by ci-job.ts and deliver/ci-rounds.ts. */
import type { CheckWaiters } from '../ci/check-waiters.js';
import type { CiState } from '../ci/collect-failures.js';
import { ciInstruction, rankingText } from '../ci/prompt.js';
import { configFileOf } from '../config/schema.js';
import { packContext } from '../context/index.js';
import type { PinnedPullRequest } from '../github/pin.js';
import { formatInstructions } from '../patch/index.js';
import type { PullPayload } from './job-data.js';
import type { JobRun } from './run-job.js';
import { readSnapshot } from './snapshot.js';
import type { PullWorkspace } from './workspaces.js';

export interface CiWorkspace extends PullWorkspace {
  /** Absent when `/spark fix` found nothing red and ran as a plain fix. */
  ci?: CiState;
}

export interface CiJobDeps {
  waiters: CheckWaiters;
  /** Fallback poll of the check suites while no webhook comes (default 60 s). */
  pollMs?: number;
  /** Wall clock for `wait_minutes` (injected in tests). */
  wallNow?: () => number;
}

/** The context for one round: ranked on the failing places and causes, the failures in the prompt. */
export async function readCiWorkspace(run: JobRun, payload: PullPayload, pinned: PinnedPullRequest, state: CiState): Promise<CiWorkspace> {
  const { config } = payload;
  const pr = await readSnapshot(run.deps.octokit, run.repo, pinned, {
    instruction: rankingText(state, payload.instruction),
    ignore: config.paths.ignore,
    relatedFiles: config.context.relatedFiles,
  });
  const packed = packContext(pr.plan, {
    instruction: ciInstruction(state, payload.instruction),
    files: pr.files,
    systemInstructions: formatInstructions('apply_patch'),
    budget: { contextWindow: config.context.window, reservedOutput: config.context.reserveOutput , configFile: configFileOf(config) },
  });
  // Check runs ∥ statuses ∥ tree, then logs ∥ annotations: two round trips before the snapshot's.
  return { packed, snapshot: { tree: pr.tree, files: pr.files, sha: pinned.headSha }, roundTrips: pr.roundTrips + 2, pr, ci: state };
}
