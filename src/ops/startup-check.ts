/**
 * Start-up configuration checks, once the GitHub App is configured (setup mode is Probot's
 * and unchanged). A problem here would otherwise surface as an uncaught stack at start, or
 * as a failed job in a pull request, in public: the caller logs the returned problems in one
 * line and exits with code 2. Keyless OpenAI-compatible local servers are allowed; only
 * OpenAI's own API needs OPENAI_API_KEY.
 */
import { requestPolicyFromEnv } from '../github/octokit.js';
import { modelOptionsFromEnv, DEFAULT_BASE_URL } from '../model/options.js';
import { endpointsFor } from '../model/urls.js';
import type { ModelClientOptions } from '../model/options.js';

export type StartupConfig = { ok: true; model: ModelClientOptions } | { ok: false; problems: string[] };

const OPENAI_HOST = new URL(DEFAULT_BASE_URL).hostname;

export function checkStartupConfig(env: NodeJS.ProcessEnv, ports: readonly string[] = ['METRICS_PORT']): StartupConfig {
  const problems: string[] = [];
  let model: ModelClientOptions | undefined;
  try {
    model = modelOptionsFromEnv(env);
    endpointsFor(model.baseUrl);
  } catch (error) {
    problems.push((error instanceof Error ? error.message : String(error)).replace(/\.+$/, ''));
  }
  if (model && !model.apiKey.trim() && isOpenAiApi(model.baseUrl)) {
    problems.push(
      `OPENAI_API_KEY is not set, and OPENAI_BASE_URL is OpenAI's API (${model.baseUrl}), which needs one: add OPENAI_API_KEY=… to .env ` +
        '(or point OPENAI_BASE_URL at an OpenAI-compatible server that needs no key, e.g. http://127.0.0.1:8000/v1)',
    );
  }
  try {
    requestPolicyFromEnv(env); // SPARK_WRITES_PER_MINUTE, SPARK_WRITE_BURST
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  for (const name of ports) {
    const raw = env[name]?.trim();
    if (raw && !(/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 65_535)) problems.push(`${name} must be a port number (1-65535); got "${env[name]}"`);
  }
  if (env.METRICS_TOKEN !== undefined && env.METRICS_TOKEN.trim().length > 0 && env.METRICS_TOKEN.trim().length < 16) {
    problems.push('METRICS_TOKEN is too short: use at least 16 random characters (e.g. `openssl rand -hex 32`)');
  }
  return problems.length > 0 || !model ? { ok: false, problems } : { ok: true, model };
}

function isOpenAiApi(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).hostname === OPENAI_HOST;
  } catch {
    return false;
  }
}
