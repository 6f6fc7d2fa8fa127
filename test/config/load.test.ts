import { describe, expect, it } from '@jest/globals';
import { configFromText, loadConfigWith, type ConfigReader } from '../../src/config/load.js';
import { ConfigError, DEFAULT_CONFIG, type SparkConfig } from '../../src/config/schema.js';

describe('configFromText', () => {
  it('uses the repository file first, then the owner-wide one, then the defaults', () => {
    expect(configFromText('max_changed_lines: 10\n', 'max_changed_lines: 20\n').maxChangedLines).toBe(10);
    expect(configFromText(null, 'max_changed_lines: 20\n').maxChangedLines).toBe(20);
    expect(configFromText(null, null)).toEqual(DEFAULT_CONFIG);
  });

  it('an empty file means the defaults', () => {
    expect(configFromText('', null)).toEqual(DEFAULT_CONFIG);
  });

  it('reports broken YAML as a ConfigError naming the file', () => {
    expect(() => configFromText('paths: [unclosed\n')).toThrow(ConfigError);
    expect(() => configFromText('paths: [unclosed\n')).toThrow(/\.github\/spark\.yml is not valid YAML/);
  });
});

/** Files by "owner/repo:path"; every read is recorded. */
function reader(files: Record<string, string>): { read: ConfigReader; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read: async (repo, path) => {
      const key = `${repo.owner}/${repo.repo}:${path}`;
      reads.push(key);
      return files[key] ?? null;
    },
  };
}

const REPO = { owner: 'acme', repo: 'app' };

async function loaded(files: Record<string, string>, prefetched?: { repo: string | null; owner: string | null }): Promise<SparkConfig> {
  const config = await loadConfigWith(reader(files).read, REPO, prefetched);
  if (config instanceof ConfigError) throw config;
  return config;
}

describe('loadConfig (Probot convention, one loader for every trigger)', () => {
  it('reads the repository file, else <owner>/.github, else the defaults', async () => {
    expect((await loaded({ 'acme/app:.github/spark.yml': 'max_changed_lines: 10', 'acme/.github:.github/spark.yml': 'max_changed_lines: 20' })).maxChangedLines).toBe(10);
    expect((await loaded({ 'acme/.github:.github/spark.yml': 'max_changed_lines: 20' })).maxChangedLines).toBe(20);
    expect(await loaded({})).toEqual(DEFAULT_CONFIG);
  });

  it('follows `_extends` (repo, owner/repo, owner/repo:path), the extending file winning; mappings merge, lists concatenate', async () => {
    const config = await loaded({
      'acme/app:.github/spark.yml': '_extends: shared\nmax_changed_lines: 10\npaths:\n  ignore: [dist/**]\n',
      'acme/shared:.github/spark.yml': '_extends: other-org/base:config/spark.yml\nmax_changed_lines: 50\nissue_label: spark-fix\npaths:\n  ignore: [vendor/**]\n',
      'other-org/base:config/spark.yml': 'auto_review:\n  enabled: true\n',
    });
    expect(config.maxChangedLines).toBe(10);
    expect(config.issueLabel).toBe('spark-fix');
    expect(config.paths.ignore).toEqual(['vendor/**', 'dist/**']);
    expect(config.autoReview.enabled).toBe(true);
  });

  it('uses texts read with the PR pin without reading them again; only `_extends` costs a read', async () => {
    const { read, reads } = reader({ 'acme/shared:.github/spark.yml': 'issue_label: from-shared' });
    const config = await loadConfigWith(read, REPO, { repo: '_extends: shared\n', owner: null });
    expect(config).toMatchObject({ issueLabel: 'from-shared' });
    expect(reads).toEqual(['acme/shared:.github/spark.yml']);
  });

  it('a missing base adds nothing (as in Probot)', async () => {
    expect((await loaded({ 'acme/app:.github/spark.yml': '_extends: gone\nmax_changed_lines: 7' })).maxChangedLines).toBe(7);
  });

  it('returns the same ConfigErrors for every trigger: bad YAML, bad `_extends`, loops, unknown keys in a base', async () => {
    const error = async (files: Record<string, string>) => {
      const result = await loadConfigWith(reader(files).read, REPO);
      expect(result).toBeInstanceOf(ConfigError);
      return (result as ConfigError).message;
    };
    expect(await error({ 'acme/app:.github/spark.yml': 'paths: [unclosed' })).toMatch(/^\.github\/spark\.yml is not valid YAML/);
    expect(await error({ 'acme/app:.github/spark.yml': '_extends: [a, b]' })).toMatch(/`_extends` must be/);
    expect(await error({ 'acme/app:.github/spark.yml': '_extends: b', 'acme/b:.github/spark.yml': '_extends: app' })).toMatch(/loops back/);
    expect(await error({ 'acme/app:.github/spark.yml': '_extends: b', 'acme/b:.github/spark.yml': 'max_changed_line: 3' })).toMatch(/unknown key `max_changed_line`/);
    expect(await error({ 'acme/app:.github/spark.yml': '- a list' })).toMatch(/must be a mapping/);
  });

  it('a read that fails (not a 404) is a ConfigError too, not a crash', async () => {
    const result = await loadConfigWith(async () => {
      throw new Error('HTTP 500');
    }, REPO);
    expect(result).toBeInstanceOf(ConfigError);
    expect((result as ConfigError).message).toBe('.github/spark.yml could not be read: HTTP 500');
  });
});
