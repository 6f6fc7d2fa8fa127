import type { Log } from '../github/types.js';

type User = { type?: string; login: string };

/** Bots never trigger Spark: not other apps, not Dependabot, and above all not Spark itself. */
export function isPerson<U extends User>(user: U | null | undefined): user is U {
  return !!user && user.type !== 'Bot' && !user.login.endsWith('[bot]');
}

/** Every early return of a handler says why at debug level (what an operator greps for). */
export function ignore(context: { log: Pick<Log, 'debug'> }, why: string, fields: Record<string, unknown> = {}): void {
  context.log.debug(fields, `ignored: ${why}`);
}
