import { describe, expect, it } from '@jest/globals';
import { configFromText, loadConfigWith, type ConfigReader } from '../../src/config/load.js';
import { CONFIG_PATH, ConfigError, DEFAULT_CONFIG, type SparkConfig } from '../../src/config/schema.js';
import { checkPatchBudget, createPathGuard } from '../../src/guard/index.js';
import { applyOptions } from '../../src/jobs/apply-snapshot.js';

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
  const config = await loadConfigWith(reader(files).read, REPO, CONFIG_PATH, prefetched);
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
    const config = await loadConfigWith(read, REPO, CONFIG_PATH, { repo: '_extends: shared\n', owner: null });
    expect(config).toMatchObject({ issueLabel: 'from-shared' });
    expect(reads).toEqual(['acme/shared:.github/spark.yml']);
  });

  it('a missing base adds nothing (as in Probot)', async () => {
    expect((await loaded({ 'acme/app:.github/spark.yml': '_extends: gone\nmax_changed_lines: 7' })).maxChangedLines).toBe(7);
  });

  it('returns the same ConfigErrors for every trigger: bad YAML, bad `_extends`, loops, unknown keys in a base', async () => {
    const error = async (files: Record<string, string>) => {
      const result = await loadConfigWith(reader(files).read, REPO, CONFIG_PATH);
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
    }, REPO, CONFIG_PATH);
    expect(result).toBeInstanceOf(ConfigError);
    expect((result as ConfigError).message).toBe('.github/spark.yml could not be read: HTTP 500');
  });
});

describe('loadConfig at another path (the Action\'s `config` input)', () => {
  const PATH = 'ci/spark-action.yaml';

  it('reads that path in the repository, else the same path in <owner>/.github; never .github/spark.yml', async () => {
    const files = { 'acme/app:.github/spark.yml': 'max_changed_lines: 1', 'acme/app:ci/spark-action.yaml': 'max_changed_lines: 10', 'acme/.github:ci/spark-action.yaml': 'max_changed_lines: 20' };
    const first = reader(files);
    expect(await loadConfigWith(first.read, REPO, PATH)).toMatchObject({ maxChangedLines: 10 });
    expect(first.reads).toEqual(['acme/app:ci/spark-action.yaml']);
    const fallback = reader({ 'acme/app:.github/spark.yml': 'max_changed_lines: 1', 'acme/.github:ci/spark-action.yaml': 'max_changed_lines: 20' });
    expect(await loadConfigWith(fallback.read, REPO, PATH)).toMatchObject({ maxChangedLines: 20 });
    expect(fallback.reads).toEqual(['acme/app:ci/spark-action.yaml', 'acme/.github:ci/spark-action.yaml']);
  });

  it('`_extends: repo` still reads that repository\'s .github/spark.yml; `repo:path.yml` names another file', async () => {
    const { read, reads } = reader({ 'acme/app:ci/spark-action.yaml': '_extends: shared\nmax_changed_lines: 10', 'acme/shared:.github/spark.yml': '_extends: base:x/y.yml\nissue_label: shared', 'acme/base:x/y.yml': 'verify_model: big' });
    expect(await loadConfigWith(read, REPO, PATH)).toMatchObject({ maxChangedLines: 10, issueLabel: 'shared', verifyModel: 'big' });
    expect(reads).toEqual(['acme/app:ci/spark-action.yaml', 'acme/shared:.github/spark.yml', 'acme/base:x/y.yml']);
  });

  it('errors name the file that was read', async () => {
    const message = async (files: Record<string, string>, fail = false) => {
      const result = await loadConfigWith(
        fail
          ? async () => {
              throw new Error('HTTP 500');
            }
          : reader(files).read,
        REPO,
        PATH,
      );
      expect(result).toBeInstanceOf(ConfigError);
      return (result as ConfigError).message;
    };
    expect(await message({ 'acme/app:ci/spark-action.yaml': 'paths: [unclosed' })).toMatch(/^ci\/spark-action\.yaml is not valid YAML/);
    expect(await message({ 'acme/app:ci/spark-action.yaml': 'max_changed_line: 3' })).toBe('ci/spark-action.yaml: unknown key `max_changed_line` (known: model, context, paths, max_changed_lines, max_file_bytes, auto_review, issue_label, verify_model, ci, instructions, review, describe, conversation)');
    expect(await message({ 'acme/app:ci/spark-action.yaml': 'auto_review: {enabled: maybe}' })).toBe('ci/spark-action.yaml: `auto_review.enabled` must be true or false');
    expect(await message({ 'acme/.github:ci/spark-action.yaml': '- a list' })).toBe('acme/.github:ci/spark-action.yaml must be a mapping of settings');
    expect(await message({ 'acme/app:ci/spark-action.yaml': '_extends: [a]' })).toMatch(/^ci\/spark-action\.yaml: `_extends` must be/);
    expect(await message({}, true)).toBe('ci/spark-action.yaml could not be read: HTTP 500');
  });

  it('the file is protected from patches like .github/spark.yml, also when it does not exist yet', async () => {
    const withFile = await loadConfigWith(reader({ 'acme/app:ci/spark-action.yaml': 'paths:\n  protected: [secrets/**]' }).read, REPO, PATH);
    const without = await loadConfigWith(reader({}).read, REPO, PATH);
    for (const config of [withFile, without]) {
      if (config instanceof ConfigError) throw config;
      expect(config.paths.protected).toEqual(expect.arrayContaining(['/.github/spark.yml', '/ci/spark-action.yaml']));
    }
    expect((withFile as SparkConfig).paths.protected).toContain('secrets/**');
    expect((await loaded({})).paths.protected.filter((p) => p === '/.github/spark.yml')).toHaveLength(1);
  });

  it('the guards\' refusals name it: a patch writing the file, a patch over its budget', async () => {
    const config = await loadConfigWith(reader({ 'acme/app:ci/spark-action.yaml': 'max_changed_lines: 2' }).read, REPO, PATH);
    if (config instanceof ConfigError) throw config;
    const options = applyOptions(config);
    expect(() => createPathGuard(options).check('ci/spark-action.yaml')).toThrow('A maintainer can set `paths.allow_protected: true` in ci/spark-action.yaml on the default branch');
    expect(() => checkPatchBudget([{ path: 'a.ts', after: 'x', additions: 3, deletions: 0 }], options)).toThrow('raise `max_changed_lines` in ci/spark-action.yaml.');
    // The App's config names the default file, as before.
    expect(() => checkPatchBudget([{ path: 'a.ts', after: 'x', additions: 500, deletions: 0 }], applyOptions(DEFAULT_CONFIG))).toThrow('raise `max_changed_lines` in .github/spark.yml.');
  });
});
