/** Context builder: a pure plan (what to fetch) and pack (rank what was fetched, fit the budget); I/O is done by the caller. */
export { planContext, type ContextPlan, type PlanInput } from './plan.js';
export { buildContext, packContext, type PackInput, type PackOptions } from './pack.js';
export type { Candidate } from './rank.js';
export { countTokens, countTokensWithin } from './tokens.js';
export { isSensitivePath, classifyPath, looksBinary, type PathClass } from './safety.js';
export { redactSecrets } from './redact.js';
export { compileIgnore } from './glob.js';
export { splitDiff, type DiffFile } from './diff.js';
export { ContextBudgetError } from './errors.js';
export type * from './types.js';
