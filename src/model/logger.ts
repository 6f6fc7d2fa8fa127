/** The pino-style subset the client logs through (Probot's `app.log` satisfies it). */
export interface ModelLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

const noop = (): void => {};

export const silentLogger: ModelLogger = { debug: noop, info: noop, warn: noop, error: noop };
