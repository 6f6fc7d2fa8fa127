/** Context builder (issue #4): pure ranking and packing; I/O is done by the caller. */
export { buildContext, type PackOptions } from './pack.js';
export { relatedPaths } from './related.js';
export { rankCandidates, type Candidate, type RelatedRequest } from './rank.js';
export { countTokens, countTokensWithin } from './tokens.js';
export { isSensitivePath, classifyPath, looksBinary, type PathClass } from './safety.js';
export { redactSecrets } from './redact.js';
export { compileIgnore } from './glob.js';
export { splitDiff, type DiffFile } from './diff.js';
export { ContextBudgetError } from './errors.js';
export type * from './types.js';
