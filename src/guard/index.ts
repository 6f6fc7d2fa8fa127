/** The one guard set: what a patch may touch (paths, tree entries, budgets). See docs/safety.md. */
export { checkWritePath, createPathGuard, type PathGuard, type PathPolicy } from './check-path.js';
export { checkFileBytes, checkPatchBudget, DEFAULT_MAX_FILE_BYTES, type Budget, type BudgetedChange } from './check-budget.js';
export { compilePathMatcher, type PathMatcher } from './path-matcher.js';
export { CONFIG_PATH, DEFAULT_PROTECTED_PATHS } from './protected-paths.js';
export { stripHidden, type HiddenTextResult } from './hidden-text.js';
