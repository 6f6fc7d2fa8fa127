import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { applyOps, parseReply, PatchApplyError, PatchGuardError, PatchParseError } from '../../src/patch/index.js';

/** Every folder of test/fixtures/patch: input/ + patch.txt → expected/ (see its README). */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'patch');

function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p).split('\\').join('/'), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

const scenarios = readdirSync(ROOT).filter((n) => statSync(join(ROOT, n)).isDirectory()).sort();

describe('patch scenarios (test/fixtures/patch)', () => {
  it('has scenarios to run', () => {
    expect(scenarios.length).toBeGreaterThan(0);
  });

  it.each(scenarios)('%s', (name) => {
    const dir = join(ROOT, name);
    const input = readTree(join(dir, 'input'));
    const expected = readTree(join(dir, 'expected'));
    const reply = readFileSync(join(dir, 'patch.txt'), 'utf8');
    const refuse = expected.size === input.size && [...expected].every(([p, c]) => input.get(p) === c);
    if (refuse) {
      let error: unknown;
      try {
        applyOps(parseReply(reply), input);
      } catch (e) {
        error = e;
      }
      expect(error instanceof PatchParseError || error instanceof PatchApplyError || error instanceof PatchGuardError).toBe(true);
      return;
    }
    const result = applyOps(parseReply(reply), input);
    const after = new Map(input);
    for (const c of result.changes) {
      if (c.oldPath !== undefined) after.delete(c.oldPath);
      if (c.after === null) after.delete(c.path);
      else after.set(c.path, c.after);
    }
    expect(Object.fromEntries([...after].sort())).toEqual(Object.fromEntries([...expected].sort()));
  });
});
