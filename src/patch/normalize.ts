/**
 * Matching levels, strictest first. A hunk is matched at the first level where it is found;
 * each level must still find it exactly once (or be disambiguated) to avoid silent wrong applies.
 */
export type MatchLevel = 'exact' | 'trailing_ws' | 'trimmed' | 'unicode';

export const MATCH_LEVELS: readonly MatchLevel[] = ['exact', 'trailing_ws', 'trimmed', 'unicode'];

// Typographic characters models substitute for ASCII ones (the same family Codex normalises).
const PUNCT: Record<string, string> = {
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"',
  '\u00A0': ' ', '\u2002': ' ', '\u2003': ' ', '\u2004': ' ', '\u2005': ' ', '\u2006': ' ',
  '\u2007': ' ', '\u2008': ' ', '\u2009': ' ', '\u200A': ' ', '\u202F': ' ', '\u205F': ' ', '\u3000': ' ',
  '\u2026': '...', '\u200B': '', '\uFEFF': '',
};
const PUNCT_RE = new RegExp(`[${Object.keys(PUNCT).join('')}]`, 'g');

export function normalizeLine(line: string, level: MatchLevel): string {
  switch (level) {
    case 'exact':
      return line;
    case 'trailing_ws':
      return line.trimEnd();
    case 'trimmed':
      return line.trim();
    case 'unicode':
      return line.normalize('NFKC').replace(PUNCT_RE, (c) => PUNCT[c] ?? c).replace(/\s+/g, ' ').trim();
  }
}

export function leadingWhitespace(line: string): string {
  const m = /^[ \t]*/.exec(line);
  return m ? m[0] : '';
}
