/**
 * A token bucket per key (installation): `burst` requests go out at once, then one every
 * `intervalMs`. Pure arithmetic on an injected clock: a request that finds a token costs no
 * timer at all, which is the point (Bottleneck, used by Octokit's throttling plugin, costs
 * ~3 ms of timer hops per stage on every request, paced or not).
 */
export interface BucketOptions {
  burst: number;
  intervalMs: number;
  now?: () => number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;

  constructor(private readonly options: BucketOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Takes a token for `key`; returns how long to wait before sending (0 = now). */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, at: now };
    const refill = (now - bucket.at) / this.options.intervalMs;
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + refill);
    bucket.at = now;
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    // A negative balance is a debt: the request waits until its token would have arrived.
    return bucket.tokens >= 0 ? 0 : -bucket.tokens * this.options.intervalMs;
  }
}
