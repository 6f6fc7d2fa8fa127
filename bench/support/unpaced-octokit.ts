/**
 * Preload (`node --import <this>.js dist/src/server.js`) for the load test's "unpaced" pass:
 * the same app and server, with Octokit's throttling plugin switched off, so the test
 * measures the bot's own capacity instead of the write/notification pacing that protects
 * GitHub's secondary rate limits (20-request burst then 80 writes/min; 5 comments then one
 * per 3 s). Never use this against the real GitHub.
 */
import { ProbotOctokit } from 'probot';

type Defaults = typeof ProbotOctokit.defaults;
const originalUnbound = ProbotOctokit.defaults;

// Every class derived with .defaults() gets one more layer that disables throttling; being the
// outermost layer, its `throttle.enabled = false` survives the inner layers' merges.
ProbotOctokit.defaults = function (this: typeof ProbotOctokit, defaults: Parameters<Defaults>[0]) {
  const derived = originalUnbound.call(this ?? ProbotOctokit, defaults) as typeof ProbotOctokit;
  return originalUnbound.call(derived, (options: { throttle?: Record<string, unknown> }) => ({
    ...options,
    throttle: { ...options.throttle, enabled: false },
  })) as typeof ProbotOctokit;
} as Defaults;
