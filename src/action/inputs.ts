/**
 * The Action's inputs, as the runner hands them over: `INPUT_<NAME>` environment variables
 * (the name upper-cased, spaces as underscores; action.yml defaults already filled in). Pure.
 */
import { CONFIG_PATH } from '../config/schema.js';
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
  /** The repository config file (`config`), repository-relative; `.github/spark.yml` by default. */
  configPath: string;
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
  const configPath = checkedConfigPath(input(env, 'config') ?? CONFIG_PATH);
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
    configPath,
    apiUrl: env.GITHUB_API_URL?.trim() || 'https://api.github.com',
    ...(env.GITHUB_GRAPHQL_URL?.trim() ? { graphqlUrl: env.GITHUB_GRAPHQL_URL.trim() } : {}),
  };
}

/** One path segment: no `.` or `..`, nothing a glob or a git revision expression would read specially. */
const SEGMENT = /^(?!\.{1,2}$)[\w.-]+$/;

/**
 * `config` is read on the default branch (`HEAD:<path>`) and protected from patches (an anchored
 * gitignore pattern), so it must be a plain repository-relative path to a YAML file.
 */
function checkedConfigPath(path: string): string {
  const segments = path.split('/');
  if (/\.ya?ml$/.test(path) && segments.every((segment) => SEGMENT.test(segment))) return path;
  throw new ActionInputError(
    `input \`config\` must be a path inside the repository to a .yml or .yaml file, such as ${CONFIG_PATH} (letters, digits, \`.\`, \`-\`, \`_\` and \`/\`; no leading \`/\`, no \`.\` or \`..\` segments); got ${JSON.stringify(path)}`,
  );
}
