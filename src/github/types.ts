import type { ProbotOctokit } from 'probot';

/** The installation-authenticated client (REST via `.rest`, GraphQL, retry and throttling). */
export type Octokit = ProbotOctokit;

/** The app's one logger type (src/log.ts), re-exported beside the GitHub types that travel with it. */
export type { Log } from '../log.js';

export interface RepoRef {
  owner: string;
  repo: string;
}
