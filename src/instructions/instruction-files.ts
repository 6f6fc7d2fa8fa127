import { countTokens, countTokensWithin } from '../context/tokens.js';

/** Files whose text a repository gives its agents; read from the default branch only. */
export const INSTRUCTION_FILES = ['CLAUDE.md', '.github/copilot-instructions.md'] as const;
export const AGENTS_FILE = 'AGENTS.md';

/**
 * Every path that could hold an instruction file for these changes: the configured one, AGENTS.md
 * in the root and in every directory above a changed file, and the other conventions. At most
 * `limit` paths (nearest directories first are kept), so one request reads them all.
 */
export function candidatePaths(changedPaths: readonly string[], configured?: string, limit = 60): string[] {
  const out = new Set<string>();
  if (configured) out.add(configured.replace(/^\.?\//, ''));
  out.add(AGENTS_FILE);
  for (const f of INSTRUCTION_FILES) out.add(f);
  for (const changed of changedPaths) {
    const dirs = changed.split('/').slice(0, -1);
    for (let depth = dirs.length; depth > 0 && out.size < limit; depth--) out.add(`${dirs.slice(0, depth).join('/')}/${AGENTS_FILE}`);
  }
  return [...out].slice(0, limit);
}

/**
 * Which instruction files apply to a change (the Codex convention): `instructions:` from the
 * config first, then the root AGENTS.md, the nearest AGENTS.md above each changed file, then
 * CLAUDE.md and .github/copilot-instructions.md. Only paths that exist in `tree` are returned.
 */
export function instructionPaths(changedPaths: readonly string[], tree: ReadonlySet<string>, configured?: string): string[] {
  const out: string[] = [];
  const add = (p: string): void => {
    if (tree.has(p) && !out.includes(p)) out.push(p);
  };
  if (configured) add(configured.replace(/^\.?\//, ''));
  add(AGENTS_FILE);
  for (const changed of changedPaths) {
    const dirs = changed.split('/').slice(0, -1);
    for (let depth = dirs.length; depth > 0; depth--) {
      const candidate = `${dirs.slice(0, depth).join('/')}/${AGENTS_FILE}`;
      if (tree.has(candidate)) {
        add(candidate);
        break;
      }
    }
  }
  for (const f of INSTRUCTION_FILES) add(f);
  return out;
}

export interface PackedInstructions {
  text: string;
  tokens: number;
  included: string[];
  /** Files cut (partly or wholly) to stay within the budget. */
  cut: string[];
}

/**
 * Joins instruction files in order within `maxTokens`; a file that does not fit is cut at a
 * line boundary with a note saying so, and the files after it are left out (also noted).
 */
export function packInstructions(files: ReadonlyArray<{ path: string; content: string }>, maxTokens: number): PackedInstructions {
  const parts: string[] = [];
  const included: string[] = [];
  const cut: string[] = [];
  let used = 0;
  for (const file of files) {
    const block = `--- ${file.path} ---\n${file.content.trimEnd()}\n`;
    const cost = countTokensWithin(block, maxTokens - used);
    if (cost !== false) {
      parts.push(block);
      included.push(file.path);
      used += cost;
      continue;
    }
    const lines = block.split('\n');
    let lo = 0;
    let hi = lines.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (countTokensWithin(lines.slice(0, mid).join('\n'), maxTokens - used - 40) !== false) lo = mid;
      else hi = mid - 1;
    }
    if (lo > 1) {
      const partial = `${lines.slice(0, lo).join('\n')}\n[… ${file.path} cut here: instructions.max_tokens (${maxTokens}) reached]\n`;
      parts.push(partial);
      included.push(file.path);
      used += countTokens(partial);
    }
    cut.push(file.path, ...files.slice(files.indexOf(file) + 1).map((f) => f.path));
    break;
  }
  const left = cut.filter((p) => !included.includes(p));
  if (left.length) parts.push(`[left out, over instructions.max_tokens: ${left.join(', ')}]\n`);
  return { text: parts.join('\n'), tokens: used, included, cut };
}
