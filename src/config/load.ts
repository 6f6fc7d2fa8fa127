/**
 * The one loader of the repository config, used by every trigger (PR commands, review
 * requests, auto-review, issue commands, labels). `path` is `.github/spark.yml` for the App and
 * the `config` input for the Action. Probot's convention: the repository's file, else the same
 * path in `<owner>/.github`, then `_extends: repo`, `owner/repo` (its `.github/spark.yml`) or
 * `owner/repo:path.yml` followed (files merged like Probot's `deepmerge`: mappings merged,
 * lists concatenated, the extending file wins). Errors are ConfigErrors with the same wording
 * whatever the trigger, naming the file; the caller decides how to answer them.
 */
import { parse as parseYaml } from 'yaml';
import { readConfigFile } from '../github/config-file.js';
import type { Octokit, RepoRef } from '../github/types.js';
import { CONFIG_PATH, ConfigError, DEFAULT_CONFIG, parseConfig, type SparkConfig } from './schema.js';

/** Texts already read with the PR pin (one GraphQL request): no round trip of their own. */
export interface ConfigTexts {
  repo: string | null;
  owner: string | null;
}

/** Reads one file's text: `readConfigFile` on GitHub, or a map in tests and the CLI. */
export type ConfigReader = (repo: RepoRef, path: string) => Promise<string | null>;

/** Follows at most this many `_extends` hops (Probot stops only on a cycle). */
const MAX_EXTENDS = 10;

/**
 * The config at `path` for `repo`: the parsed config, or the ConfigError to answer with.
 * `prefetched` (texts read at that same path) skips the two base reads; `_extends` costs one
 * request per hop.
 */
export async function loadConfig(octokit: Octokit, repo: RepoRef, path: string, prefetched?: ConfigTexts): Promise<SparkConfig | ConfigError> {
  return loadConfigWith((where, file) => readConfigFile(octokit, where, file), repo, path, prefetched);
}

export async function loadConfigWith(read: ConfigReader, repo: RepoRef, path: string, prefetched?: ConfigTexts): Promise<SparkConfig | ConfigError> {
  try {
    const ownerRepo = { owner: repo.owner, repo: '.github' };
    let where = repo;
    let text = prefetched ? prefetched.repo : await read(repo, path);
    if (text === null && repo.repo !== '.github') {
      where = ownerRepo;
      text = prefetched ? prefetched.owner : await read(ownerRepo, path);
    }
    // No file: the defaults, with `path` protected all the same.
    if (text === null) return path === CONFIG_PATH ? DEFAULT_CONFIG : parseConfig({}, path);
    const layers = [parseLayer(text, where === repo ? path : key(where, path))];
    const seen = new Set([key(where, path)]);
    for (let target = extendsTarget(layers[0]!, repo.owner, path); target; target = extendsTarget(layers[layers.length - 1]!, repo.owner, path)) {
      const id = key(target.repo, target.path);
      if (seen.has(id) || layers.length > MAX_EXTENDS) {
        throw new ConfigError(`${path}: \`_extends\` loops back to ${id}`);
      }
      seen.add(id);
      const extended = await read(target.repo, target.path);
      if (extended === null) break; // like Probot: a missing base adds nothing
      layers.push(parseLayer(extended, id));
    }
    // The base-most layer first; each file overrides what it extends.
    return parseConfig(
      layers.reverse().reduce<Record<string, unknown>>((merged, layer) => deepMerge(merged, withoutExtends(layer)), {}),
      path,
    );
  } catch (error) {
    if (error instanceof ConfigError) return error;
    return new ConfigError(`${path} could not be read: ${firstLine(error)}`, { cause: error });
  }
}

/**
 * `.github/spark.yml` from its text: the repository's file, else the owner-wide one, else the
 * defaults. Pure (no `_extends`): for `spark context`, which reads the file from a checkout.
 */
export function configFromText(repoText: string | null | undefined, ownerText?: string | null): SparkConfig {
  const text = repoText ?? ownerText;
  if (text === null || text === undefined) return DEFAULT_CONFIG;
  return parseConfig(parseLayer(text, CONFIG_PATH));
}

type Layer = Record<string, unknown>;

/** `name`: the file as the maintainer knows it (its path, or `owner/repo:path` for another repository's). */
function parseLayer(text: string, name: string): Layer {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${name} is not valid YAML: ${firstLine(error)}`, { cause: error });
  }
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${name} must be a mapping of settings`);
  return raw as Layer;
}

/** Probot's `_extends` syntax: `repo`, `owner/repo`, optionally `:path/file.yml`. */
const EXTENDS = /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w\d]+)(?::([-_./\w\d]+\.ya?ml))?$/i;

/** `path` names the file in errors; a target without `:path.yml` is read at `.github/spark.yml`, whatever file extends it. */
function extendsTarget(layer: Layer, owner: string, path: string): { repo: RepoRef; path: string } | undefined {
  const value = layer._extends;
  if (value === undefined || value === null) return undefined;
  const match = typeof value === 'string' ? EXTENDS.exec(value.trim()) : null;
  if (!match) {
    throw new ConfigError(`${path}: \`_extends\` must be \`repo\`, \`owner/repo\` or \`owner/repo:path.yml\`, got ${JSON.stringify(value)}`);
  }
  return { repo: { owner: match[1] ?? owner, repo: match[2] ?? '' }, path: match[3] ?? CONFIG_PATH };
}

function withoutExtends(layer: Layer): Layer {
  const { _extends: _ignored, ...rest } = layer;
  return rest;
}

function isMapping(value: unknown): value is Layer {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** deepmerge's defaults, which Probot uses: mappings merged key by key, lists concatenated. */
function deepMerge(base: Layer, over: Layer): Layer {
  const out: Layer = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const prev = out[k];
    if (isMapping(prev) && isMapping(v)) out[k] = deepMerge(prev, v);
    else if (Array.isArray(prev) && Array.isArray(v)) out[k] = [...prev, ...v];
    else out[k] = v;
  }
  return out;
}

function key(repo: RepoRef, path: string): string {
  return `${repo.owner}/${repo.repo}:${path}`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
