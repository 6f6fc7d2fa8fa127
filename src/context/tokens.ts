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

/**
 * Provable upper bound on the token count: every token stands for at least one UTF-8 byte of
 * the text (special-token text is encoded as plain text), and a UTF-16 unit is at most 3 bytes.
 */
function atMostTokens(text: string, limit: number): boolean {
  return text.length * 3 <= limit || Buffer.byteLength(text, 'utf8') <= limit;
}

/** Token count if it is at most `limit`, else `false`; stops encoding as soon as it is over. */
export function countTokensWithin(text: string, limit: number): number | false {
  if (text.length === 0) return 0;
  if (limit < 0) return false;
  // The plain count is faster than the early-stopping generator; use it when it cannot be over.
  if (atMostTokens(text, limit)) return countO200k(text, PLAIN_TEXT);
  return isWithinTokenLimit(text, limit, PLAIN_TEXT);
}
