import type { Logger, ProbotOctokit } from 'probot';

/** The installation-authenticated client (REST via `.rest`, GraphQL, retry and throttling). */
export type Octokit = ProbotOctokit;

/** Narrow logger: everything logs through Probot's pino instance (`context.log`). */
export type Log = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export interface RepoRef {
  owner: string;
  repo: string;
}
