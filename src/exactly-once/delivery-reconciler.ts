/**
 * GitHub does not redeliver a webhook by itself: a command that arrived while Redis was down
 * (the receiver answered 500) would be lost. Receivers note such failures here; once the queue
 * answers again, the reconciler lists the app's recent deliveries (`GET /app/hook/deliveries`)
 * and asks GitHub to redeliver (`POST /app/hook/deliveries/{id}/attempts`) every delivery whose
 * attempts all failed with a server error. The queue's dedupe by comment id makes a redelivery
 * of a command that did get queued harmless.
 */
import { listHookDeliveries, redeliverHookDelivery, type HookDelivery } from '../github/hook-deliveries.js';
import type { Log, Octokit } from '../github/types.js';
import type { SharedState } from './shared-state.js';

export interface ReconcilerDeps {
  /** An app-authenticated (JWT) Octokit: `app.auth()` without an installation id. */
  appOctokit: () => Promise<Octokit>;
  /** Whether the queue can take jobs again (e.g. a Redis PING). */
  queueUp: () => Promise<boolean>;
  log: Pick<Log, 'info' | 'warn' | 'debug'>;
  now?: () => number;
  /** Pages of 100 deliveries read at most per run (default 10). */
  maxPages?: number;
}

export interface DeliveryReconciler {
  /** A delivery this receiver could not queue: arms the reconciler from `at` (epoch ms). True the first time for `guid`. */
  noteFailure(guid: string, at?: number): boolean;
  /** Redelivers what failed since the first noted failure, if the queue is up. */
  run(): Promise<{ redelivered: string[] }>;
  /** Runs every `intervalMs` while armed (timer unref'd). */
  start(intervalMs: number): void;
  stop(): void;
}

/** Server errors and timeouts (status 0) are worth another try; 4xx (bad signature…) are not. */
const retryable = (d: HookDelivery): boolean => d.statusCode === 0 || d.statusCode >= 500;

export function createDeliveryReconciler(deps: ReconcilerDeps): DeliveryReconciler {
  const now = deps.now ?? Date.now;
  const maxPages = deps.maxPages ?? 10;
  let since: number | undefined;
  const noted = new Set<string>();
  /** Guids already redelivered by this process: never asked for twice. */
  const asked = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<{ redelivered: string[] }> | undefined;

  async function reconcile(): Promise<{ redelivered: string[] }> {
    if (since === undefined) return { redelivered: [] };
    if (!(await deps.queueUp().catch(() => false))) {
      deps.log.debug({ pending: noted.size }, 'queue still down; redelivery waits');
      return { redelivered: [] };
    }
    const from = since;
    const octokit = await deps.appOctokit();
    // Newest first: collect every attempt back to the first failure, then decide per guid.
    const attempts = new Map<string, HookDelivery[]>();
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const { deliveries, next } = await listHookDeliveries(octokit, cursor);
      for (const d of deliveries) attempts.set(d.guid, [...(attempts.get(d.guid) ?? []), d]);
      const oldest = deliveries.at(-1);
      if (!next || !oldest || Date.parse(oldest.deliveredAt) < from) break;
      cursor = next;
    }
    const redelivered: string[] = [];
    for (const [guid, tries] of attempts) {
      if (asked.has(guid) || tries.some((t) => !retryable(t))) continue;
      const first = tries.at(-1)!;
      if (Date.parse(first.deliveredAt) < from) continue;
      await redeliverHookDelivery(octokit, tries[0]!.id);
      asked.add(guid);
      redelivered.push(guid);
    }
    deps.log.info({ redelivered: redelivered.length, noted: noted.size }, 'failed webhook deliveries redelivered');
    // GitHub may list a delivery only after the receiver answered it: a noted failure not yet
    // listed keeps the reconciler armed for the next run.
    for (const guid of attempts.keys()) noted.delete(guid);
    if (noted.size === 0 && since === from) since = undefined;
    return { redelivered };
  }

  return {
    noteFailure(guid, at = now()) {
      const first = !noted.has(guid) && !asked.has(guid);
      noted.add(guid);
      // Its redelivery failed too: it may be asked for again.
      asked.delete(guid);
      // A little slack: GitHub's delivered_at is its own clock.
      since = Math.min(since ?? Infinity, at - 60_000);
      return first;
    },
    run() {
      running ??= reconcile().finally(() => (running = undefined));
      return running;
    },
    start(intervalMs) {
      if (timer) return;
      timer = setInterval(() => {
        if (since === undefined) return;
        this.run().catch((error: unknown) => deps.log.warn({ err: error }, 'webhook redelivery failed; retrying later'));
      }, intervalMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}

/**
 * The receiver's reconciler: app-authenticated, checking the queue's Redis, every
 * SPARK_REDELIVER_INTERVAL_MS (default 60 s) while a failed delivery is noted.
 */
export function startDeliveryReconciler(
  app: { auth(): Promise<Octokit>; log: ReconcilerDeps['log'] },
  shared: Pick<SharedState, 'queueUp'>,
  env: NodeJS.ProcessEnv,
): DeliveryReconciler {
  const reconciler = createDeliveryReconciler({ appOctokit: () => app.auth(), queueUp: () => shared.queueUp(), log: app.log });
  const interval = Number(env.SPARK_REDELIVER_INTERVAL_MS);
  reconciler.start(Number.isFinite(interval) && interval > 0 ? interval : 60_000);
  return reconciler;
}
