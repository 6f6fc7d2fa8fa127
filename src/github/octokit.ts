import { ProbotOctokit } from 'probot';
import { SparkError } from '../errors.js';
import { createRedisPaceStore } from './pace-redis.js';
import { currentWriteLane, laneBudgets, REFUSED, TokenBuckets, type LanePace, type PaceStore, type WriteLane } from './pace.js';

/**
 * Octokit for spark-patch. Probot's Octokit comes with the throttling and retry plugins,
 * both built on Bottleneck; measured here they add ~11 ms and ~4 ms to *every* request
 * (timer hops, paced or not), and the throttling plugin also spaces every write and every
 * GraphQL query ≥ 1 s apart. A Spark job is a chain of a few requests around a model turn
 * of about a second, so that is most of the bot's own overhead. Both plugins are switched
 * off and replaced by one small request hook with the same duties:
 *   - pacing of content-creating requests (writes and GraphQL mutations) per installation, in
 *     two lanes (a job's own writes, and handler replies) whose shares add up to GitHub's
 *     secondary limit for content creation (80 a minute), shared through Redis when
 *     REDIS_URL is set (see pace.ts);
 *   - rate limits: 403/429 with `retry-after` (secondary limits) or an exhausted primary
 *     quota are waited out (up to `maxWaitMs`) and retried, at most twice;
 *   - transient failures (5xx, network) are retried with backoff for reads only (GET and
 *     GraphQL queries): a write is never replayed blindly (a comment could be posted twice).
 */
export interface RequestPolicyOptions {
  /** One pace for both lanes (tests); `lanes` takes precedence. */
  burst?: number;
  intervalMs?: number;
  lanes?: Record<WriteLane, LanePace>;
  /** Shared buckets: Redis at this URL (default: in memory, per process). */
  redisUrl?: string;
  store?: PaceStore;
  /** Longest rate-limit wait honoured before failing (default 60 s). */
  maxWaitMs?: number;
  retries?: number;
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

interface RequestOptionsLike {
  method?: string;
  url?: string;
  query?: string;
  request?: { retryCount?: number };
}

interface HttpErrorLike {
  status?: number;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  message?: string;
}

/**
 * Pacing from the environment: SPARK_WRITES_PER_MINUTE (default 80, GitHub's content-creation
 * limit) split between the job and reply lanes, SPARK_WRITE_BURST (default 16, split the same
 * way), shared through Redis when REDIS_URL is set. GitHub Enterprise Server admins set their
 * own limits; raise these to match. SPARK_PACE_MINUTE_MS (default 60000) shortens the pacing
 * minute for load tests that run on a scaled clock.
 */
export function requestPolicyFromEnv(env: NodeJS.ProcessEnv): RequestPolicyOptions {
  const number = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new TypeError(`${name} must be a positive number, got "${raw}"`);
    return value;
  };
  const redisUrl = env.REDIS_URL?.trim();
  return {
    lanes: laneBudgets(number('SPARK_WRITES_PER_MINUTE', 80), number('SPARK_WRITE_BURST', 16), number('SPARK_PACE_MINUTE_MS', 60_000)),
    ...(redisUrl ? { redisUrl } : {}),
  };
}

/** A reply that would wait too long for its lane is dropped (the handler logs it) rather than queued. */
export class WriteRefusedError extends SparkError {}

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** GraphQL queries are reads even though they are POSTs; mutations create content. */
export function isContentCreating(options: RequestOptionsLike): boolean {
  const method = (options.method ?? 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD') return false;
  if (/\/graphql$/.test(options.url ?? '')) return /^\s*mutation\b/.test(options.query ?? '');
  return true;
}

/** How long a rate-limited response asks us to wait, or undefined when it is not one. */
export function rateLimitWaitMs(error: HttpErrorLike, nowEpochMs: number): number | undefined {
  if (error.status !== 403 && error.status !== 429) return undefined;
  const headers = error.response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && headers['retry-after'] !== undefined) return Math.max(0, retryAfter * 1000);
  if (String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']) * 1000;
    return Number.isFinite(reset) ? Math.max(0, reset - nowEpochMs) : 60_000;
  }
  // Secondary limits without retry-after: GitHub says to wait at least a minute.
  if (/secondary rate limit/i.test(error.message ?? '')) return 60_000;
  return undefined;
}

function isTransient(error: HttpErrorLike): boolean {
  return error.status === undefined || error.status >= 500;
}

/**
 * `policy` may be a function: it is then read when the first client is built — after
 * Probot's `run()` has loaded `.env`, which sets variables only when it starts.
 */
export function createSparkOctokit(policy: RequestPolicyOptions | (() => RequestPolicyOptions) = {}): typeof ProbotOctokit {
  let settings:
    | { store: PaceStore; lanes: Record<WriteLane, LanePace>; sleep: (ms: number) => Promise<void>; maxWaitMs: number; retries: number; backoffMs: number }
    | undefined;
  const resolve = () => {
    if (settings) return settings;
    const p = typeof policy === 'function' ? policy() : policy;
    const single = p.burst !== undefined || p.intervalMs !== undefined ? { burst: p.burst ?? 16, intervalMs: p.intervalMs ?? 750 } : undefined;
    const lanes = p.lanes ?? (single ? { job: single, reply: single } : laneBudgets(80, 16));
    settings = {
      store: p.store ?? (p.redisUrl ? createRedisPaceStore({ url: p.redisUrl }) : new TokenBuckets({ ...lanes.job, now: p.now })),
      lanes,
      sleep: p.sleep ?? sleepReal,
      maxWaitMs: p.maxWaitMs ?? 60_000,
      retries: p.retries ?? 2,
      backoffMs: p.backoffMs ?? 200,
    };
    return settings;
  };

  const requestPolicy = (octokit: InstanceType<typeof ProbotOctokit>, octokitOptions: { auth?: { installationId?: number | string } }) => {
    const { store, lanes, sleep, maxWaitMs, retries, backoffMs } = resolve();
    const key = String(octokitOptions.auth?.installationId ?? 'app');
    octokit.hook.wrap('request', async (request, options) => {
      const reqOptions = options as unknown as RequestOptionsLike;
      const writes = isContentCreating(reqOptions);
      if (writes) {
        const lane = currentWriteLane();
        const wait = await store.take(`${key}:${lane}`, lanes[lane]);
        if (wait === REFUSED) {
          throw new WriteRefusedError(`${reqOptions.method} ${reqOptions.url} not sent: the ${lane} lane of installation ${key} is over its share of GitHub's write limit`);
        }
        if (wait > 0) await sleep(wait);
      }
      for (let attempt = 0; ; attempt++) {
        try {
          return await request(options);
        } catch (error) {
          const failure = error as HttpErrorLike;
          if (attempt >= retries) throw error;
          const limited = rateLimitWaitMs(failure, Date.now());
          if (limited !== undefined) {
            if (limited > maxWaitMs) throw error;
            octokit.log.warn(`GitHub rate limit on ${reqOptions.method} ${reqOptions.url}: retrying in ${Math.round(limited / 1000)} s`);
            await sleep(limited);
            continue;
          }
          if (writes || !isTransient(failure)) throw error;
          await sleep(backoffMs * 2 ** attempt * (0.5 + Math.random() / 2));
        }
      }
    });
  };

  // A function, not an object: Octokit merges object defaults shallowly, so Probot's own
  // `throttle` options would replace ours instead of merging.
  return ProbotOctokit.plugin(requestPolicy as never).defaults((options: Record<string, unknown> & { throttle?: Record<string, unknown> }) => ({
    ...options,
    throttle: { ...options.throttle, enabled: false },
    retry: { enabled: false },
  })) as typeof ProbotOctokit;
}
