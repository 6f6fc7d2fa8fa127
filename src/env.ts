import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

const defaultPath = (): string => join(process.cwd(), '.env');

/**
 * Loads `.env` from the working directory into process.env the way Probot's `run()` does for
 * `npm start` (its values override the shell's), so `npm run worker` reads the same settings.
 */
export function loadDotEnv(path = defaultPath()): void {
  Object.assign(process.env, readDotEnv(path));
}

function readDotEnv(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  return parseEnv(text) as Record<string, string>;
}

/**
 * Merges `values` into `.env` and process.env, as Probot's setup flow does with its own
 * helper (which it does not export): one `KEY=value` line each. A multi-line value (a PEM
 * read back from .env) is double-quoted with `\n` escapes, so it reads back intact.
 */
export function updateDotEnv(values: NodeJS.ProcessEnv, path = defaultPath()): NodeJS.ProcessEnv {
  const merged: Record<string, string> = { ...readDotEnv(path) };
  for (const [key, value] of Object.entries(values)) if (value !== undefined) merged[key] = value;
  writeFileSync(path, Object.entries(merged).map(([key, value]) => `${key}=${envValue(value)}`).join('\n'));
  Object.assign(process.env, merged);
  return merged;
}

function envValue(value: string): string {
  const quoted = value.length >= 2 && value.startsWith('"') && value.endsWith('"');
  const escaped = value.replace(/\n/g, '\\n');
  return value.includes('\n') && !quoted ? `"${escaped}"` : escaped;
}
