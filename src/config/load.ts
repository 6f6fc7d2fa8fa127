import { parse as parseYaml } from 'yaml';
import { ConfigError, DEFAULT_CONFIG, parseConfig, type SparkConfig } from './schema.js';

/**
 * `.github/spark.yml` from its text: the repository's file, else the owner-wide one in
 * `<owner>/.github` (Probot's convention), else the defaults. Pure; the text is read by the
 * caller (in the same GraphQL request that pins the PR). `_extends` is not followed.
 */
export function configFromText(repoText: string | null | undefined, ownerText?: string | null): SparkConfig {
  const text = repoText ?? ownerText;
  if (text === null || text === undefined) return DEFAULT_CONFIG;
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`.github/spark.yml is not valid YAML: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  return parseConfig(raw);
}
