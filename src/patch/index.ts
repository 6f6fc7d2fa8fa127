/** The patch engine: pure code, no I/O. See docs/patch.md. */
export type { ApplyOptions, EditFormat, EditHunk, FileChange, FileOp, LineHints, LineRange, PatchResult, ReviewSuggestion } from './types.js';
export { PatchApplyError, PatchGuardError, PatchParseError, type GuardReason, type HunkFailure } from './errors.js';
export { formatInstructions } from './instructions.js';
export { parseReply } from './parse-reply.js';
export { StreamingPatchParser, type StreamingPatchParserOptions } from './streaming.js';
export { applyOps } from './apply-ops.js';
export { lineHintsFrom } from './line-hints.js';
export { unifiedDiff } from './unified-diff.js';
export { hunkRanges, type HunkRange } from './hunk-ranges.js';
export { toSuggestions, type SuggestionsResult } from './suggestions.js';
