/**
 * What a human reviewer of a PR, issue or comment cannot see must not reach the model: an
 * instruction hidden in an HTML comment or behind invisible characters would steer it unseen.
 * HTML comments and Markdown comment definitions (`[//]: # (…)`) are removed; zero-width,
 * bidi-control and tag characters are removed; `<details>` blocks are kept (a reviewer can
 * expand them) but marked, so the model knows the text is folded away on GitHub.
 */
export interface HiddenTextResult {
  text: string;
  /** Hidden pieces removed (comments, definitions, invisible characters). */
  removed: number;
}

// Format characters (\p{Cf}: zero-width space/joiners, bidi embeddings, overrides and isolates,
// U+E0000 tag characters, soft hyphen) and C0/C1 controls other than tab and newline.
const INVISIBLE = /(?![\t\n])[\p{Cc}\p{Cf}]/gu;
// An HTML comment, or one never closed (GitHub hides everything after `<!--`).
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
// A link reference definition pointing nowhere: the usual "Markdown comment" idiom.
const MD_COMMENT = /^ {0,3}\[[^\]\n]*\]:[ \t]*(?:#|<>)(?:[ \t].*)?$/gm;

export function stripHidden(text: string): HiddenTextResult {
  let removed = 0;
  const count = (): string => {
    removed++;
    return '';
  };
  const out = text
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, count)
    .replace(HTML_COMMENT, count)
    .replace(MD_COMMENT, count)
    .replace(/<details\b[^>]*>/gi, (tag) => `[collapsed on GitHub until the reader expands it:]\n${tag}`)
    .replace(/<\/details\s*>/gi, (tag) => `${tag}\n[end of collapsed block]`);
  return { text: out, removed };
}
