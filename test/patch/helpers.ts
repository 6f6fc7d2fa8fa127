import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function reply(name: string): string {
  return readFileSync(join(fixtures, 'replies', name), 'utf8');
}

export function prDiff(name: string): string {
  return readFileSync(join(fixtures, 'diffs', name), 'utf8');
}

export const MATH = `export function add(a: number, b: number): number {
  return a - b;
}

export function sub(a: number, b: number): number {
  return a + b;
}
`;
