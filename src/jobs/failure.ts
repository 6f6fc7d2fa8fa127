/**
 * Where every job failure is turned into words: the one place that decides what the status
 * comment says and how loudly the log speaks. Add operator-facing errors (e.g. a rejected
 * model key) here, as SparkErrors with their own `userMessage`.
 */
import { redactSecrets } from '../context/index.js';
import { SparkError } from '../errors.js';
import { isOperatorProblem, operatorProblemMessage } from '../guard/operator-problem.js';

export interface Failure {
  /** Safe to post on GitHub: no stack, no secret. */
  userMessage: string;
  /** Our own errors explain themselves (warn); anything else is a bug or an outage (error). */
  level: 'warn' | 'error';
  /**
   * Only the server's operator can fix it (model key, model API, Redis): the comment gives this
   * incident id and the log line carries it with the detail.
   */
  incident?: string;
}

export function describeFailure(error: unknown, deliveryId: string): Failure {
  if (isOperatorProblem(error)) return { userMessage: operatorProblemMessage(deliveryId), level: 'error', incident: deliveryId };
  // The one redactor once more: a userMessage may quote provider or model text.
  if (error instanceof SparkError) return { userMessage: redactSecrets(error.userMessage).text, level: 'warn' };
  return {
    userMessage: `Something went wrong inside Spark, so nothing was pushed. Please re-run the command; if it keeps failing, the app's logs have the details (delivery \`${deliveryId}\`).`,
    level: 'error',
  };
}
