import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDotEnv, updateDotEnv } from '../src/env.js';

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
  });
});

describe('updateDotEnv (the setup flow writes the App credentials with it)', () => {
  it('merges into .env, and a PEM survives a second write and reads back intact', () => {
    const path = join(dir, 'setup.env');
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nAAAA\nBBBB\n-----END RSA PRIVATE KEY-----\n';
    updateDotEnv({ WEBHOOK_PROXY_URL: 'https://smee.io/abc' }, path);
    updateDotEnv({ APP_ID: '4242', PRIVATE_KEY: `"${pem}"`, WEBHOOK_SECRET: 'whs' }, path);
    updateDotEnv({ SPARK_TEST_ENV_A: 'later' }, path); // rewrites the PEM read back from the file
    delete process.env.PRIVATE_KEY;
    loadDotEnv(path);
    expect(process.env.PRIVATE_KEY).toBe(pem);
    expect(process.env.WEBHOOK_PROXY_URL).toBe('https://smee.io/abc');
    expect(process.env.APP_ID).toBe('4242');
    for (const key of ['PRIVATE_KEY', 'WEBHOOK_PROXY_URL', 'APP_ID', 'WEBHOOK_SECRET']) delete process.env[key];
    rmSync(dir, { recursive: true, force: true });
  });
});
