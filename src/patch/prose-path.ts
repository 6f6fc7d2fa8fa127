/**
 * SEARCH/REPLACE blocks name their file on a line before the block (Aider's convention), often
 * decorated: `src/a.ts`, **src/a.ts**, `src/a.ts:`, "Edit src/a.ts:". Returns the most likely
 * path on the line, or undefined when the line names none.
 */
const DECORATION = /^[\s`*_#>"'-]+|[\s`*_:"',]+$/g;
const PURE_PATH = /^[\w@+~.-]+(?:\/[\w@+~.-]+)*$/;
const TOKEN = /[\w@+~.-]*(?:\/[\w@+~.-]+)+|[\w@+~-][\w@+~.-]*\.[A-Za-z][\w]{0,9}/g;

export function pathOnLine(line: string): string | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || /^(```|~~~)/.test(trimmed) && !/\s\S+[./]\S+/.test(trimmed)) return undefined;
  const bare = trimmed.replace(/^(```|~~~)\w*\s*/, '').replace(DECORATION, '');
  if (PURE_PATH.test(bare) && /[./]/.test(bare)) return bare.replace(/^\.\//, '');
  const tokens = bare.match(TOKEN);
  const last = tokens?.filter((t) => !/^\.+$/.test(t) && !t.endsWith('.')).pop();
  return last?.replace(/^\.\//, '');
}
