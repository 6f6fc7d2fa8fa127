/**
 * The one logger shape every layer takes: pino's (Probot's `app.log` and `context.log` fit it).
 * Narrow it where only some levels are used: `Pick<Log, 'warn'>`.
 */
export interface Log {
  debug(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

const noop = (): void => {};

/** Default when no logger is injected (tests, library use): nothing is printed. */
export const silentLog: Log = { debug: noop, info: noop, warn: noop, error: noop };
