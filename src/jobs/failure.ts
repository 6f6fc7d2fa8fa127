/**
 * Where every job failure is turned into words: the one place that decides what the status
 * comment says and how loudly the log speaks. Add operator-facing errors (e.g. a rejected
 * model key) here, as SparkErrors with their own `userMessage`.
 */
import { SparkError } from '../errors.js';

export interface Failure {
  /** Safe to post on GitHub: no stack, no secret. */
  userMessage: string;
  /** Our own errors explain themselves (warn); anything else is a bug or an outage (error). */
  level: 'warn' | 'error';
}

export function describeFailure(error: unknown, deliveryId: string): Failure {
  if (error instanceof SparkError) return { userMessage: error.userMessage, level: 'warn' };
  return {
    userMessage: `Something went wrong inside Spark, so nothing was pushed. Please re-run the command; if it keeps failing, the app's logs have the details (delivery \`${deliveryId}\`).`,
    level: 'error',
  };
}
