/**
 * Exact token counts in the o200k_base encoding (the GPT-4o / GPT-5 / Codex family).
 * Special-token text such as `<|endoftext|>` inside a file is counted as ordinary text,
 * because that is how the API treats user content; the library default would throw.
 */
import { countTokens as countO200k, isWithinTokenLimit } from 'gpt-tokenizer/encoding/o200k_base';

const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  return countO200k(text, PLAIN_TEXT);
}

/** Token count if it is at most `limit`, else `false`; stops encoding as soon as it is over. */
export function countTokensWithin(text: string, limit: number): number | false {
  if (text.length === 0) return 0;
  if (limit < 0) return false;
  return isWithinTokenLimit(text, limit, PLAIN_TEXT);
}
