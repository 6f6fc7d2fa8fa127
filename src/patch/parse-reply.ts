import type { LineParserOptions } from './line-parser.js';
import { StreamingPatchParser } from './streaming.js';
import type { FileOp } from './types.js';

/**
 * Reads a complete reply in any accepted format (apply_patch envelope, SEARCH/REPLACE blocks,
 * unified diff), fenced or not, with prose around. Throws PatchParseError naming the reply line.
 */
export function parseReply(text: string, options: LineParserOptions = {}): FileOp[] {
  const parser = new StreamingPatchParser(options);
  return [...parser.push(text), ...parser.end()];
}
