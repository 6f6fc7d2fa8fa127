import Bottleneck from 'bottleneck';
import { ProbotOctokit } from 'probot';

/**
 * Octokit's throttling plugin puts every write *and every GraphQL query* in one lane with
 * `minTime: 1000`, so a Spark job's reads (GraphQL blobs) and writes (reaction, status,
 * commit) would queue a second apart each: seconds of pure waiting on a job the model
 * finishes in one. GitHub's secondary limit is about content-creating requests (80 a
 * minute, 500 an hour). This lane allows bursts of 20 and refills 80 a minute, per
 * installation, so a burst of a few requests is immediate and a flood is paced.
 * Rate-limit handling (retry-after, secondary-limit warnings) is still the plugin's.
 */
export function createWriteLane(): Bottleneck.Group {
  return new Bottleneck.Group({
    id: 'spark-write',
    maxConcurrent: 4,
    minTime: 0,
    reservoir: 20,
    reservoirIncreaseAmount: 1,
    reservoirIncreaseInterval: 750,
    reservoirIncreaseMaximum: 20,
    timeout: 120_000,
  });
}

/**
 * Requests that notify people (new comments, reviews) get the plugin's 3 s spacing by
 * default, which would delay a status comment behind any other command's comment. Here a
 * burst of 5 goes out at once, then one every 3 s: a flood is still paced.
 */
export function createNotificationLane(): Bottleneck.Group {
  return new Bottleneck.Group({
    id: 'spark-notifications',
    maxConcurrent: 2,
    minTime: 0,
    reservoir: 5,
    reservoirIncreaseAmount: 1,
    reservoirIncreaseInterval: 3_000,
    reservoirIncreaseMaximum: 5,
    timeout: 120_000,
  });
}

/**
 * The Octokit class for one Probot instance, with its own write lane (one per process in
 * production; one per app in tests, so tests do not drain each other's reservoir).
 */
export function createSparkOctokit(
  lanes: { write: Bottleneck.Group; notifications: Bottleneck.Group } = { write: createWriteLane(), notifications: createNotificationLane() },
): typeof ProbotOctokit {
  // A function, not an object: Octokit merges object defaults shallowly, so Probot's own
  // `throttle` options (its rate-limit handlers) would replace ours instead of merging.
  return ProbotOctokit.defaults((options: { throttle?: Record<string, unknown> }) => ({
    ...options,
    throttle: { ...options.throttle, write: lanes.write, notifications: lanes.notifications },
  })) as typeof ProbotOctokit;
}
