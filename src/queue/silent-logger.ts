import type { Logger } from './types.js';

const noop = (): void => {};

/** Default when no logger is injected (tests, library use): the queue never prints. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
