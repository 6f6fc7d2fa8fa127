import { extname } from 'node:path';
import { normalizeLine } from './normalize.js';

/**
 * Files whose line comment is `//`: C and its family, Java, JavaScript/TypeScript, Go, Rust and
 * the like. Elsewhere nothing is read as a comment (`//` is floor division in Python, part of a
 * URL in YAML or Markdown).
 */
const SLASH_SLASH = new Set([
  '.c', '.h', '.cc', '.cpp', '.cxx', '.hpp', '.hh', '.hxx', '.m', '.mm', '.cs', '.java', '.kt', '.kts', '.scala', '.groovy',
  '.swift', '.go', '.rs', '.dart', '.zig', '.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts', '.proto', '.sol',
]);

/** A line's code and its trailing `//` comment (`undefined`: none, or the line could not be read). */
interface CodeLine {
  code: string;
  comment: string | undefined;
}

/**
 * Splits a line at a `//` that is outside string and character literals. A line whose quotes do
 * not close on it (a multi-line string, a Rust lifetime, a regular expression) is taken whole, as
 * code: when in doubt, nothing is a comment.
 */
function split(line: string): CodeLine {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '/' && line[i + 1] === '/') {
      const code = line.slice(0, i).trim();
      // A line that is only a comment is not "code with a comment".
      return code === '' ? { code: line.trim(), comment: undefined } : { code, comment: line.slice(i + 2).trim() };
    }
  }
  return { code: line.trim(), comment: undefined };
}

/**
 * Compares lines as code for files with `//` comments: equal at the Unicode level, or the same
 * code where only one of the two carries a trailing comment (a model that retypes an existing
 * line with `// Added return statement` wrote the same code). Two different comments still
 * differ. For other files, the Unicode level alone. Used only to see whether lines already stand
 * in the file, never to find where a change goes.
 */
export function codeComparer(path: string | undefined): (model: string, file: string) => boolean {
  const unicode = (a: string, b: string): boolean => normalizeLine(a, 'unicode') === normalizeLine(b, 'unicode');
  if (path === undefined || !SLASH_SLASH.has(extname(path).toLowerCase())) return unicode;
  return (model, file) => {
    if (unicode(model, file)) return true;
    const m = split(normalizeLine(model, 'unicode'));
    const f = split(normalizeLine(file, 'unicode'));
    return m.code !== '' && m.code === f.code && (m.comment === undefined) !== (f.comment === undefined);
  };
}
