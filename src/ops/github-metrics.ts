/**
 * Counts every GitHub API request by status and route class (spark_github_requests_total).
 * An Octokit plugin, so it composes with the pacing hook of src/github/octokit.ts without
 * touching it: `createSparkOctokit(policy).plugin(githubMetricsPlugin(metrics))`.
 */
import type { ProbotOctokit } from 'probot';
import { routeClass, type Metrics } from '../metrics.js';
import { httpStatus } from '../github/http-status.js';

type OctokitPlugin = Parameters<typeof ProbotOctokit.plugin>[0];

export function githubMetricsPlugin(metrics: Pick<Metrics, 'githubRequests'>): OctokitPlugin {
  return (octokit) => {
    octokit.hook.wrap('request', async (request, options) => {
      const route = routeClass(String(options.url));
      try {
        const response = await request(options);
        metrics.githubRequests.inc({ status: String(response.status), route });
        return response;
      } catch (error) {
        const status = httpStatus(error);
        metrics.githubRequests.inc({ status: status === undefined ? 'error' : String(status), route });
        throw error;
      }
    });
  };
}
