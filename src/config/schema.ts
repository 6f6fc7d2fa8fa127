/**
 * The repository config (`.github/spark.yml`, or the Action's `config` input): parsed and
 * validated here (pure). Unknown keys are rejected so a typo like `max_changed_line` does not
 * silently keep the default. Errors name the file they were found in.
 */
import { SparkError } from '../errors.js';
import { CONFIG_PATH, DEFAULT_MAX_FILE_BYTES, DEFAULT_PROTECTED_PATHS } from '../guard/index.js';

export interface SparkConfig {
  /** The file these settings came from when it is not `.github/spark.yml` (the Action's `config` input): messages name it. */
  file?: string;
  /** Overrides SPARK_MODEL for this repository. */
  model?: string;
  /**
   * `relatedFiles: false` skips the related-files read (imports, tests, named files): one
   * GitHub round trip less before the model, less context for it.
   */
  context: { window: number; reserveOutput: number; relatedFiles: boolean };
  paths: { ignore: string[]; protected: string[]; allowProtected: boolean };
  maxChangedLines: number;
  /** UTF-8 bytes any one new or rewritten file may have (`max_file_bytes`). */
  maxFileBytes: number;
  autoReview: { enabled: boolean; maxChangedLines: number; debounceSeconds: number };
  issueLabel?: string;
  verifyModel?: string;
  /**
   * `/spark fix-ci`: at most `maxRounds` commits per command, each followed by a wait of at most
   * `waitMinutes` for the checks on it; `escalateModel` (optional) writes the last round.
   */
  ci: { maxRounds: number; waitMinutes: number; escalateModel?: string };
  /**
   * Repository instructions (AGENTS.md, CLAUDE.md, .github/copilot-instructions.md, and `path`
   * when set), read from the default branch into the system prompt within `maxTokens`.
   */
  instructions: { path?: string; maxTokens: number };
  /**
   * Reviews: `minSeverity` hides lower findings; `label` (adding it to a PR runs a review) and `onRequestFrom` (a team slug or user login: a
   * review requested from it runs one) are the triggers besides `/spark review` and auto-review. `parallel`: a review too big for
   * one window is split into file groups reviewed as up to this many concurrent model turns.
   */
  review: { minSeverity: 'bug' | 'risk' | 'nit'; parallel: number; label?: string; onRequestFrom?: string };
  /** `/spark describe` also when a PR opens. */
  describe: { onOpen: boolean };
  /**
   * Follow-ups: a `/spark fix` continues Spark's last fix in the same review thread (any age), or
   * on the same PR when that fix is at most `hours` old; 0 turns follow-ups off.
   */
  conversation: { hours: number };
}

/** Gitignore patterns (see src/guard/protected-paths.ts and docs/safety.md). */
export const DEFAULT_PROTECTED: string[] = [...DEFAULT_PROTECTED_PATHS];

export const DEFAULT_CONFIG: SparkConfig = {
  context: { window: 128_000, reserveOutput: 16_000, relatedFiles: true },
  paths: { ignore: [], protected: DEFAULT_PROTECTED, allowProtected: false },
  maxChangedLines: 400,
  maxFileBytes: DEFAULT_MAX_FILE_BYTES,
  autoReview: { enabled: false, maxChangedLines: 1_000, debounceSeconds: 60 },
  ci: { maxRounds: 3, waitMinutes: 30 },
  instructions: { maxTokens: 8_000 },
  review: { minSeverity: 'nit', parallel: 4 },
  describe: { onOpen: false },
  conversation: { hours: 24 },
};

export class ConfigError extends SparkError {}

export { CONFIG_PATH };

/** The file messages name for `config` ("raise `max_changed_lines` in …"). */
export function configFileOf(config: Pick<SparkConfig, 'file'>): string {
  return config.file ?? CONFIG_PATH;
}

/** A bad setting; parseConfig turns it into a ConfigError that names the file. */
class SettingError extends Error {}

type Raw = Record<string, unknown>;

function object(value: unknown, where: string): Raw {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new SettingError(`\`${where}\` must be a mapping`);
  }
  return value as Raw;
}

function only(raw: Raw, keys: string[], where: string): void {
  for (const key of Object.keys(raw)) {
    if (!keys.includes(key)) {
      throw new SettingError(`unknown key \`${where}${key}\` (known: ${keys.join(', ')})`);
    }
  }
}

function int(value: unknown, fallback: number, where: string, min: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SettingError(`\`${where}\` must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function bool(value: unknown, fallback: boolean, where: string): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new SettingError(`\`${where}\` must be true or false`);
  return value;
}

function str(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new SettingError(`\`${where}\` must be a non-empty string`);
  }
  return value.trim();
}

function strings(value: unknown, fallback: string[], where: string): string[] {
  if (value === undefined || value === null) return fallback;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new SettingError(`\`${where}\` must be a list of strings`);
  }
  return value as string[];
}

/** `{ key: value }` when the value is set, `{}` otherwise (no `undefined` members). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

/**
 * The settings of `file` (repository-relative). The file itself is protected like the default
 * path, so a patch can never rewrite the settings that guard it.
 */
export function parseConfig(input: unknown, file: string = CONFIG_PATH): SparkConfig {
  try {
    return parseSettings(input, file);
  } catch (error) {
    if (error instanceof SettingError) throw new ConfigError(`${file}: ${error.message}`);
    throw error;
  }
}

function parseSettings(input: unknown, file: string): SparkConfig {
  const anchored = `/${file}`;
  const raw = object(input, '(root)');
  only(raw, ['model', 'context', 'paths', 'max_changed_lines', 'max_file_bytes', 'auto_review', 'issue_label', 'verify_model', 'ci', 'instructions', 'review', 'describe', 'conversation'], '');
  const context = object(raw.context, 'context');
  only(context, ['window', 'reserve_output', 'related_files'], 'context.');
  const paths = object(raw.paths, 'paths');
  only(paths, ['ignore', 'protected', 'allow_protected'], 'paths.');
  const auto = object(raw.auto_review, 'auto_review');
  only(auto, ['enabled', 'max_changed_lines', 'debounce_seconds'], 'auto_review.');
  const ci = object(raw.ci, 'ci');
  only(ci, ['max_rounds', 'wait_minutes', 'escalate_model'], 'ci.');
  // `instructions: docs/rules.md` names a file; the mapping form also sets the budget.
  const instructions = typeof raw.instructions === 'string' ? { path: raw.instructions } : object(raw.instructions, 'instructions');
  only(instructions, ['path', 'max_tokens'], 'instructions.');
  const review = object(raw.review, 'review');
  only(review, ['min_severity', 'parallel', 'label', 'on_request_from'], 'review.');
  const describe = object(raw.describe, 'describe');
  only(describe, ['on_open'], 'describe.');
  const conversation = object(raw.conversation, 'conversation');
  only(conversation, ['hours'], 'conversation.');
  const minSeverity = str(review.min_severity, 'review.min_severity') ?? DEFAULT_CONFIG.review.minSeverity;
  if (minSeverity !== 'bug' && minSeverity !== 'risk' && minSeverity !== 'nit') {
    throw new SettingError('`review.min_severity` must be one of bug, risk, nit');
  }

  const window = int(context.window, DEFAULT_CONFIG.context.window, 'context.window', 8_000, 2_000_000);
  const reserveOutput = int(context.reserve_output, DEFAULT_CONFIG.context.reserveOutput, 'context.reserve_output', 1_000, 256_000);
  if (reserveOutput >= window / 2) {
    throw new SettingError('`context.reserve_output` must be less than half of `context.window`');
  }
  return {
    ...optional('file', file === CONFIG_PATH ? undefined : file),
    model: str(raw.model, 'model'),
    context: { window, reserveOutput, relatedFiles: bool(context.related_files, true, 'context.related_files') },
    paths: {
      ignore: strings(paths.ignore, [], 'paths.ignore'),
      // Configured protected paths add to the defaults: a repo cannot silently unprotect workflows
      // by listing something else; it must say `allow_protected: true`.
      protected: [...DEFAULT_PROTECTED, ...(DEFAULT_PROTECTED.includes(anchored) ? [] : [anchored]), ...strings(paths.protected, [], 'paths.protected')],
      allowProtected: bool(paths.allow_protected, false, 'paths.allow_protected'),
    },
    maxChangedLines: int(raw.max_changed_lines, DEFAULT_CONFIG.maxChangedLines, 'max_changed_lines', 1, 100_000),
    maxFileBytes: int(raw.max_file_bytes, DEFAULT_CONFIG.maxFileBytes, 'max_file_bytes', 1_024, 50 * 1_048_576),
    autoReview: {
      enabled: bool(auto.enabled, false, 'auto_review.enabled'),
      maxChangedLines: int(auto.max_changed_lines, DEFAULT_CONFIG.autoReview.maxChangedLines, 'auto_review.max_changed_lines', 1, 1_000_000),
      debounceSeconds: int(auto.debounce_seconds, DEFAULT_CONFIG.autoReview.debounceSeconds, 'auto_review.debounce_seconds', 0, 3_600),
    },
    issueLabel: str(raw.issue_label, 'issue_label'),
    verifyModel: str(raw.verify_model, 'verify_model'),
    ci: {
      maxRounds: int(ci.max_rounds, DEFAULT_CONFIG.ci.maxRounds, 'ci.max_rounds', 1, 10),
      waitMinutes: int(ci.wait_minutes, DEFAULT_CONFIG.ci.waitMinutes, 'ci.wait_minutes', 1, 360),
      ...optional('escalateModel', str(ci.escalate_model, 'ci.escalate_model')),
    },
    instructions: {
      ...optional('path', str(instructions.path, 'instructions.path')),
      maxTokens: int(instructions.max_tokens, DEFAULT_CONFIG.instructions.maxTokens, 'instructions.max_tokens', 0, 100_000),
    },
    review: {
      minSeverity,
      parallel: int(review.parallel, DEFAULT_CONFIG.review.parallel, 'review.parallel', 1, 8),
      ...optional('label', str(review.label, 'review.label')),
      // `@org/team` and `@login` are written as people mention them; GitHub's payload has neither `@` nor the org.
      ...optional('onRequestFrom', str(review.on_request_from, 'review.on_request_from')?.replace(/^@/, '').replace(/^[^/]+\//, '')),
    },
    describe: { onOpen: bool(describe.on_open, false, 'describe.on_open') },
    conversation: { hours: int(conversation.hours, DEFAULT_CONFIG.conversation.hours, 'conversation.hours', 0, 720) },
  };
}
