/**
 * Strips credentials from provider text before it reaches an error message. Providers echo
 * (partially masked) keys in 401 bodies, and a user-visible GitHub comment must never carry one.
 * The configured key goes first, then the one redactor (src/context/redact.ts: GitHub tokens,
 * OpenAI keys, JWTs, private keys, …), then masked key fragments (`sk-proj-****abcd`).
 */
import { redactSecrets as redactKnownSecrets } from '../context/redact.js';

const KEY_LIKE = /\b(?:sk|rk|pk|sess)-[A-Za-z0-9_*-]{6,}/g;
const MAX_LENGTH = 300;

export function redactSecrets(text: string, apiKey: string): string {
  let out = apiKey.length >= 4 ? text.split(apiKey).join('[redacted]') : text;
  out = redactKnownSecrets(out).text.replace(KEY_LIKE, '[redacted]');
  return out.length > MAX_LENGTH ? `${out.slice(0, MAX_LENGTH)}…` : out;
}
