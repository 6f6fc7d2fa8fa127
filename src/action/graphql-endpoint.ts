/**
 * GraphQL at GITHUB_GRAPHQL_URL. Octokit derives it from the REST root (`/api/v3` → `/api`,
 * then `/graphql`), which is right for github.com and GHES; a runner that names another
 * endpoint wins. An Octokit plugin, so it composes with the pacing hook untouched.
 */
import type { ProbotOctokit } from 'probot';

type OctokitPlugin = Parameters<typeof ProbotOctokit.plugin>[0];

export function graphqlEndpoint(url: string): OctokitPlugin {
  return (octokit) => {
    octokit.hook.before('request', (options) => {
      // `/graphql`, or the absolute `…/api/graphql` Octokit builds for a `/api/v3` root.
      if (options.method === 'POST' && /(^|\/api)\/graphql$/.test(String(options.url))) options.url = url;
    });
  };
}
