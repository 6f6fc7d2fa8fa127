/**
 * The Action's inputs, as the runner hands them over: `INPUT_<NAME>` environment variables
 * (the name upper-cased, spaces as underscores; action.yml defaults already filled in). Pure.
 */
import { CONFIG_PATH } from '../config/load.js';
import { SparkError } from '../errors.js';

export interface ActionInputs {
  openaiApiKey: string;
  /** The model environment the shared client reads (OPENAI_* / SPARK_*), inputs over the job's env. */
  modelEnv: NodeJS.ProcessEnv;
  githubToken: string;
  /** REST root: GITHUB_API_URL (GitHub Enterprise Server: https://HOST/api/v3). */
  apiUrl: string;
  /** GITHUB_GRAPHQL_URL when the runner sets it (GHES: https://HOST/api/graphql). */
  graphqlUrl?: string;
}

export class ActionInputError extends SparkError {}

function input(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim();
  return value ? value : undefined;
}

export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const openaiApiKey = input(env, 'openai_api_key');
  if (!openaiApiKey) throw new ActionInputError('input `openai_api_key` is required: pass a repository secret, e.g. `openai_api_key: ${{ secrets.OPENAI_API_KEY }}`');
  const githubToken = input(env, 'github_token') ?? env.GITHUB_TOKEN?.trim();
  if (!githubToken) throw new ActionInputError('input `github_token` is empty: leave it unset (the workflow token) or pass an App token');
  const config = input(env, 'config') ?? CONFIG_PATH;
  if (config !== CONFIG_PATH) {
    // The loader, the pin query and `_extends` all read this one path today.
    throw new ActionInputError(`input \`config\`: only ${CONFIG_PATH} is supported (got ${JSON.stringify(config)})`);
  }
  const optional = (name: string, variable: string): NodeJS.ProcessEnv => {
    const value = input(env, name);
    return value === undefined ? {} : { [variable]: value };
  };
  return {
    openaiApiKey,
    modelEnv: {
      ...env,
      OPENAI_API_KEY: openaiApiKey,
      ...optional('openai_base_url', 'OPENAI_BASE_URL'),
      ...optional('model', 'SPARK_MODEL'),
      ...optional('transport', 'SPARK_TRANSPORT'),
    },
    githubToken,
    apiUrl: env.GITHUB_API_URL?.trim() || 'https://api.github.com',
    ...(env.GITHUB_GRAPHQL_URL?.trim() ? { graphqlUrl: env.GITHUB_GRAPHQL_URL.trim() } : {}),
  };
}
