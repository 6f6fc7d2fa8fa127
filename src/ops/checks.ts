/**
 * The readiness checks: Redis (when configured), the model endpoint, the GitHub App
 * credentials. Each is a small function of injected dependencies.
 */
import { createPrivateKey } from 'node:crypto';
import type { Redis } from 'ioredis';
import { endpointsFor } from '../model/urls.js';
import type { CheckResult, ReadinessCheck } from './readiness.js';

/** PING on a connection that never queues commands while disconnected (fails fast instead). */
export function redisCheck(redis: Pick<Redis, 'ping'>): ReadinessCheck {
  return {
    name: 'redis',
    async run() {
      const reply = await redis.ping();
      return reply === 'PONG' ? { ok: true } : { ok: false, detail: `unexpected PING reply ${reply}` };
    },
  };
}

export interface ModelEndpoint {
  baseUrl: string;
  apiKey: string;
}

/**
 * GET <base>/models: any answer means the endpoint is reachable, except 401/403 (the key is
 * refused, so no job could run) and 5xx. A 404 is fine: some OpenAI-compatible servers have no
 * model list.
 */
export async function probeModelEndpoint(endpoint: ModelEndpoint, signal: AbortSignal, fetchImpl: typeof fetch = fetch): Promise<CheckResult> {
  const base = endpointsFor(endpoint.baseUrl).responsesHttp.replace(/\/responses$/, '');
  const headers: Record<string, string> = endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {};
  let status: number;
  try {
    const response = await fetchImpl(`${base}/models`, { headers, signal });
    status = response.status;
    await response.body?.cancel();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, detail: `${base} is not reachable${cause ? ` (${cause})` : ''}` };
  }
  if (status === 401 || status === 403) return { ok: false, detail: `${base} refused the API key (HTTP ${status}): check OPENAI_API_KEY` };
  if (status >= 500) return { ok: false, detail: `${base} answered HTTP ${status}` };
  return { ok: true };
}

export function modelCheck(endpoint: ModelEndpoint, fetchImpl: typeof fetch = fetch): ReadinessCheck {
  return { name: 'model', run: (signal) => probeModelEndpoint(endpoint, signal, fetchImpl) };
}

/** APP_ID is a positive integer and the private key parses (checked once: they do not change). */
export function credentialsCheck(appId: string | undefined, privateKey: string | undefined): ReadinessCheck {
  const result = checkCredentials(appId, privateKey);
  return { name: 'github_app', run: async () => result };
}

function checkCredentials(appId: string | undefined, privateKey: string | undefined): CheckResult {
  if (!appId || !/^[1-9]\d*$/.test(appId.trim())) return { ok: false, detail: 'APP_ID is not set to the App id' };
  if (!privateKey) return { ok: false, detail: 'no private key (PRIVATE_KEY or PRIVATE_KEY_PATH)' };
  try {
    createPrivateKey(privateKey);
  } catch {
    return { ok: false, detail: 'the private key does not parse as a PEM key' };
  }
  return { ok: true };
}
