/**
 * `spark context`: shows, offline, what the bot would send to the model for a local branch:
 * which files, why, how many tokens, and what was left out. Uses the same context plan the bot
 * uses (`planContext` → read `plan.fetch` → `packContext`), with git standing in for the GitHub
 * snapshot.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SparkError } from '../errors.js';
import { packContext, planContext } from '../context/index.js';
import { languageOf } from '../context/paths.js';
import type { PackedContext } from '../context/types.js';
import { configFromText } from '../config/load.js';
import type { SparkConfig } from '../config/schema.js';
import { formatInstructions } from '../patch/index.js';
import { candidatePaths } from '../instructions/instruction-files.js';
import { renderInstructions, type RepoInstructions } from '../instructions/repo-instructions.js';
import { git, readBlobs, readTreeAt, refExists } from './git.js';

export class CliUsageError extends SparkError {}

export const CONTEXT_USAGE = `Usage: spark context [options]

Prints what spark-patch would send to the model for the changes base...head of a local checkout.

Options:
  --base <ref>          base of the diff (default: origin/HEAD, else main, else master)
  --head <ref>          head commit (default: HEAD)
  --instruction <text>  the /spark fix instruction (default: none)
  --window <tokens>     model context window (default: .github/spark.yml at head, else 128000)
  --reserve <tokens>    tokens reserved for the reply (default: .github/spark.yml, else 16000)
  --ignore <pattern>    gitignore-style path never sent (repeatable; adds to paths.ignore)
  --system <file>       system instructions file to count (default: the bot's own, apply_patch)
  --limit <n>           most related files fetched (default: 40)
  --repo <dir>          the checkout (default: current directory)
  --thorough            read every source file first so importers of the changed files are
                        found too (the bot only has the changed files when it ranks)
  --json                machine-readable output
  --prompt              also print the full prompt input
`;

/** `.github/spark.yml` as committed at `ref` (the bot reads the default branch; locally, head). */
function repoConfig(repo: string, ref: string): SparkConfig {
  let text: string | null = null;
  try {
    text = git(repo, ['show', `${ref}:.github/spark.yml`]);
  } catch {
    text = null; // no config file at that ref: defaults
  }
  try {
    return configFromText(text);
  } catch (error) {
    throw new CliUsageError(`${(error as Error).message} (in ${ref}:.github/spark.yml)`, { cause: error });
  }
}

export interface ContextCliResult {
  packed: PackedContext;
  instructions?: RepoInstructions;
  base: string;
  head: string;
  related: string[];
}

interface Io {
  stdout: (text: string) => void;
  cwd: string;
}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliUsageError(`--${name} must be a whole number, got "${value}"`);
  return n;
}

export interface LocalContextOptions {
  /** The checkout (absolute). */
  repo: string;
  /** Base of the diff; default origin/HEAD, else main, else master. */
  base?: string;
  head: string;
  instruction: string;
  /** Extra gitignore-style patterns on top of paths.ignore. */
  ignore: readonly string[];
  thorough: boolean;
  limit: number;
  systemInstructions: string;
  /** Window and output reserve; negative = the repository config's. */
  window: number;
  reserve: number;
}

export interface LocalContext extends ContextCliResult {
  config: SparkConfig;
  /** Every path at head, and the symlinks/submodules among them (the guard refuses writes through those). */
  tree: { paths: string[]; special: Set<string> };
  /** Contents at head of every file the model was shown. */
  files: Map<string, string>;
  /** The repository's instruction files (read at the base), as the system prompt carries them. */
  instructions: RepoInstructions;
}

/**
 * The context a local checkout gives for base...head, planned and packed the way the bot does
 * it (git stands in for the GitHub snapshot). Shared by `spark context`, `spark fix` and
 * `spark review`.
 */
export function localContext(options: LocalContextOptions): LocalContext {
  const { repo, head } = options;
  const base = options.base ?? ['origin/HEAD', 'main', 'master'].find((ref) => refExists(repo, ref));
  if (base === undefined) throw new CliUsageError('no base ref found (tried origin/HEAD, main, master): pass --base <ref>');
  for (const ref of [base, head]) if (!refExists(repo, ref)) throw new CliUsageError(`unknown ref "${ref}" in ${repo}: check --base/--head`);

  const range = `${base}...${head}`;
  const diff = git(repo, ['diff', '--no-color', '--no-ext-diff', '-M', range]);
  const changedPaths = git(repo, ['diff', '--name-only', '--no-color', '-M', '--diff-filter=d', '-z', range]).split('\0').filter(Boolean).sort();
  const tree = readTreeAt(repo, head);
  const files = readBlobs(repo, head, changedPaths);

  const config = repoConfig(repo, head);
  const ignore = [...config.paths.ignore, ...options.ignore];
  // `context.related_files: false` in the repo config: the bot sends only the changed files.
  const limit = config.context.relatedFiles ? options.limit : 0;
  // The bot plans with only the changed files in hand; --thorough lets the plan read every
  // source file (reverse imports), then sends only what it ranked, like the bot.
  const changed = new Set(changedPaths);
  const inHand = options.thorough ? readBlobs(repo, head, tree.paths.filter((p) => languageOf(p) !== 'other' && !changed.has(p))) : new Map<string, string>();
  for (const [path, content] of files) inHand.set(path, content);
  const plan = planContext({
    mode: 'pr',
    instruction: options.instruction,
    diff,
    changedPaths,
    tree: tree.paths,
    files: inHand,
    ...(ignore.length ? { ignore } : {}),
    limit,
  });
  const fetched = readBlobs(repo, head, plan.fetch);
  const related = [...plan.related];
  for (const path of related) {
    const content = inHand.get(path) ?? fetched.get(path);
    if (content !== undefined) files.set(path, content);
  }
  // The bot reads the repository's instructions from the default branch; locally, the base stands in for it.
  const instructions = renderInstructions(readBlobs(repo, base, candidatePaths(changedPaths, config.instructions.path)), changedPaths, config.instructions);
  const packed = packContext(plan, {
    files,
    systemInstructions: options.systemInstructions + instructions.section,
    budget: {
      contextWindow: options.window >= 0 ? options.window : config.context.window,
      reservedOutput: options.reserve >= 0 ? options.reserve : config.context.reserveOutput,
    },
  });
  return { packed, base, head, related, config, tree, files, instructions };
}

export function gatherContext(args: string[], cwd: string): { result: ContextCliResult; json: boolean; prompt: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        base: { type: 'string' },
        head: { type: 'string' },
        instruction: { type: 'string' },
        window: { type: 'string' },
        reserve: { type: 'string' },
        ignore: { type: 'string', multiple: true },
        system: { type: 'string' },
        limit: { type: 'string' },
        repo: { type: 'string' },
        json: { type: 'boolean' },
        thorough: { type: 'boolean' },
        prompt: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError(`${(error as Error).message}\n\n${CONTEXT_USAGE}`, { cause: error });
  }
  const repo = resolve(cwd, values.repo ?? '.');
  const local = localContext({
    repo,
    ...(values.base !== undefined ? { base: values.base } : {}),
    head: values.head ?? 'HEAD',
    instruction: values.instruction ?? '',
    ignore: values.ignore ?? [],
    thorough: values.thorough ?? false,
    limit: positiveInt(values.limit, 'limit', 40),
    systemInstructions: values.system ? readFileSync(resolve(cwd, values.system), 'utf8') : formatInstructions('apply_patch'),
    window: positiveInt(values.window, 'window', -1),
    reserve: positiveInt(values.reserve, 'reserve', -1),
  });
  const { packed, base, head, related, instructions } = local;
  return { result: { packed, base, head, related, instructions }, json: values.json ?? false, prompt: values.prompt ?? false };
}

export function formatReport(result: ContextCliResult): string {
  const { packed } = result;
  const rows = packed.included.map((f) => [
    f.path,
    f.reason,
    String(f.tokens),
    f.whole ? 'whole' : `windows ${(f.windows ?? []).map((w) => `${w.startLine}-${w.endLine}`).join(',') || '(excerpt)'}`,
  ]);
  const header = ['path', 'reason', 'tokens', 'sent'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 2 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  const t = packed.tokens;
  const out = [
    `spark context ${result.base}...${result.head}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `tokens: system ${t.instructions} + input ${t.input} + reserved output ${t.reservedOutput} = ${t.total} of ${t.budget} (${((100 * t.total) / t.budget).toFixed(1)}%)`,
  ];
  if (result.instructions?.included.length) {
    const cut = result.instructions.cut.length ? `; cut at instructions.max_tokens: ${result.instructions.cut.join(', ')}` : '';
    out.push(`instructions: ${result.instructions.included.join(', ')} (${result.instructions.tokens} tokens, from ${result.base})${cut}`);
  }
  if (packed.redactions) out.push(`redacted: ${packed.redactions} token-looking string(s)`);
  if (packed.leftOut.length > 0) {
    out.push('', 'left out:');
    for (const l of packed.leftOut) out.push(`  ${l.path}: ${l.reason}`);
  }
  return `${out.join('\n')}\n`;
}

/** Entry point used by src/cli.ts; returns the process exit code. */
export function runContext(args: string[], io: Io): number {
  const { result, json, prompt } = gatherContext(args, io.cwd);
  if (json) {
    const { packed } = result;
    io.stdout(
      `${JSON.stringify({ base: result.base, head: result.head, tokens: packed.tokens, included: packed.included, leftOut: packed.leftOut, related: result.related, instructions: { files: result.instructions?.included ?? [], tokens: result.instructions?.tokens ?? 0, cut: result.instructions?.cut ?? [] }, redactions: packed.redactions ?? 0, ...(prompt ? { instructions: packed.instructions, input: packed.input } : {}) }, null, 2)}\n`,
    );
  } else {
    io.stdout(formatReport(result));
    if (prompt) io.stdout(`\n----- instructions -----\n${result.packed.instructions}\n----- input -----\n${result.packed.input}`);
  }
  return 0;
}
