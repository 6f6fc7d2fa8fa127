import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDotEnv } from '../src/env.js';

const dir = mkdtempSync(join(tmpdir(), 'spark-env-'));
afterEach(() => {
  delete process.env.SPARK_TEST_ENV_A;
});

describe('loadDotEnv', () => {
  it('loads .env into process.env, overriding the shell (as Probot does for npm start)', () => {
    process.env.SPARK_TEST_ENV_A = 'from-shell';
    writeFileSync(join(dir, '.env'), 'SPARK_TEST_ENV_A=from-file\n# comment\n');
    loadDotEnv(join(dir, '.env'));
    expect(process.env.SPARK_TEST_ENV_A).toBe('from-file');
  });

  it('does nothing when there is no .env', () => {
    expect(() => loadDotEnv(join(dir, 'missing.env'))).not.toThrow();
    rmSync(dir, { recursive: true, force: true });
  });
});
