/**
 * Problems only the server's operator can fix (a missing or rejected OPENAI_API_KEY, a model
 * API that cannot be reached or refuses the configured model, an exhausted quota, Redis down).
 * A repository user is not asked to fix the server's environment: the comment says the bot is
 * misconfigured and gives an incident id; the detail goes to the log under that id.
 */
import { ModelError, ModelFailedError } from '../model/errors.js';
import { RedisUnavailableError } from '../queue/errors.js';

const OPERATOR_MODEL_CODES: ReadonlySet<string> = new Set(['auth', 'config', 'connection', 'bad_request']);

export function isOperatorProblem(error: unknown): boolean {
  if (error instanceof RedisUnavailableError) return true;
  if (error instanceof ModelFailedError) return error.providerCode === 'insufficient_quota';
  return error instanceof ModelError && OPERATOR_MODEL_CODES.has(error.code);
}

/** The comment text for an operator problem; `incident` is what the log line carries too. */
export function operatorProblemMessage(incident: string): string {
  return `The bot is misconfigured, its operator has been told (incident \`${incident.replace(/[^A-Za-z0-9._:-]/g, '')}\`). Nothing was changed; please try again later.`;
}
