import { SparkError } from '../errors.js';

/** The fixed parts of the prompt (system instructions, instruction, reserve) do not fit the window. */
export class ContextBudgetError extends SparkError {}
