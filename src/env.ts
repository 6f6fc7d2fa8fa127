import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * Loads `.env` from the working directory into process.env the way Probot's `run()` does for
 * `npm start` (its values override the shell's), so `npm run worker` reads the same settings.
 */
export function loadDotEnv(path = join(process.cwd(), '.env')): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  Object.assign(process.env, parseEnv(text));
}
