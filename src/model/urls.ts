import { ModelConfigError } from './errors.js';

export interface Endpoints {
  responsesWs: string;
  responsesHttp: string;
  chatHttp: string;
}

/** `http://h:1/v1` → ws://h:1/v1/responses (https → wss), plus the two HTTP endpoints. */
export function endpointsFor(baseUrl: string): Endpoints {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (cause) {
    throw new ModelConfigError(`OPENAI_BASE_URL is not a valid URL: "${baseUrl}".`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ModelConfigError(`OPENAI_BASE_URL must start with http:// or https://; got "${baseUrl}".`);
  }
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const wsBase = base.replace(/^http/, 'ws');
  return {
    responsesWs: `${wsBase}/responses`,
    responsesHttp: `${base}/responses`,
    chatHttp: `${base}/chat/completions`,
  };
}
