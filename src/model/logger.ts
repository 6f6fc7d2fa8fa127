/** The model client logs through the app's one logger type (src/log.ts); this name remains for test/model/helpers.ts. */
export type { Log as ModelLogger } from '../log.js';
