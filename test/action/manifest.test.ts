/** action.yml and package.json agree with what the entry reads and what npm ships. */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_PATH } from '../../src/config/schema.js';
import { readInputs } from '../../src/action/inputs.js';
import { repoRoot } from '../helpers/built-app.js';

const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as { runs: { using: string; main: string }; inputs: Record<string, { required?: boolean; default?: string }> };
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[]; scripts: Record<string, string>; devDependencies: Record<string, string> };

describe('action.yml', () => {
  it('is a node20 JavaScript action whose entry is the committed bundle', () => {
    expect(action.runs).toEqual({ using: 'node20', main: 'dist-action/index.js' });
    expect(existsSync(join(repoRoot, action.runs.main))).toBe(true);
  });

  it('declares exactly the inputs the entry reads, with the defaults it expects', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(['config', 'github_token', 'model', 'openai_api_key', 'openai_base_url', 'transport']);
    expect(action.inputs.openai_api_key?.required).toBe(true);
    expect(action.inputs.github_token?.default).toBe('${{ github.token }}');
    expect(action.inputs.config?.default).toBe(CONFIG_PATH);
    // The runner passes each input as INPUT_<NAME>; every declared one changes what readInputs returns.
    const env = Object.fromEntries(Object.keys(action.inputs).map((name) => [`INPUT_${name.toUpperCase()}`, name === 'config' ? 'v/config.yml' : `v-${name}`]));
    const inputs = readInputs(env);
    expect({ key: inputs.openaiApiKey, token: inputs.githubToken, config: inputs.configPath, base: inputs.modelEnv.OPENAI_BASE_URL, model: inputs.modelEnv.SPARK_MODEL, transport: inputs.modelEnv.SPARK_TRANSPORT }).toEqual({
      key: 'v-openai_api_key',
      token: 'v-github_token',
      config: 'v/config.yml',
      base: 'v-openai_base_url',
      model: 'v-model',
      transport: 'v-transport',
    });
  });
});

describe('package.json', () => {
  it('npx spark-patch runs the built CLI, and npm pack ships it (built by prepack)', () => {
    expect(pkg.bin).toEqual({ spark: './dist/src/cli.js', 'spark-patch': './dist/src/cli.js' });
    expect(readFileSync(join(repoRoot, 'src', 'cli.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(pkg.files).toContain('dist/src');
    expect(pkg.scripts.prepack).toBe('npm run build');
  });

  it('the bundler is pinned, so a fresh build is byte-for-byte the committed bundle', () => {
    expect(pkg.devDependencies.esbuild).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
