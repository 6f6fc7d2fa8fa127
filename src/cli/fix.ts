/**
 * `spark fix "<instruction>"` on a local checkout: the same context plan, model client, patch
 * engine and guards as the bot, with git standing in for GitHub. The patch lands in the working
 * tree (or only prints with --dry-run); --commit commits just the patched files.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateAndApply } from '../jobs/generate-apply.js';
import { applyOptions } from '../jobs/apply-snapshot.js';
import { assertNoNewSecrets } from '../jobs/no-new-secrets.js';
import { createModelClient, modelOptionsFromEnv } from '../model/index.js';
import type { ModelClient, ModelResult } from '../model/types.js';
import { applyOps, formatInstructions, lineHintsFrom } from '../patch/index.js';
import type { FileOp, LineHints, PatchResult } from '../patch/types.js';
import { SparkError } from '../errors.js';
import { silentLog } from '../log.js';
import { CliUsageError, localContext, type LocalContext } from './context.js';
import { dirtyPaths, git, readBlobs } from './git.js';
import { progressPrinter } from './progress.js';

export const FIX_USAGE = `Usage: spark fix "<instruction>" [options]

Asks the model for the smallest change that does what the instruction says, applies it to the
working tree with the bot's patch engine and guards, and prints the diff it applied.

Options:
  --base <ref>   base of the branch's diff the model sees (default: origin/HEAD, else main, else master)
  --commit       commit the patched files with a "spark: <instruction>" message
  --dry-run      print the diff, change nothing
  --repo <dir>   the checkout (default: current directory)

Model: OPENAI_API_KEY, OPENAI_BASE_URL, SPARK_MODEL, SPARK_TRANSPORT (as for the app).
Files with uncommitted changes are never touched: commit or stash them first.
`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Tests inject a client; otherwise one is made from the environment. */
  model?: ModelClient;
}

/** The patch touches a file the developer is still editing. */
export class DirtyFileError extends SparkError {}

export async function runFix(args: string[], io: CliIo): Promise<number> {
  const options = parseFixArgs(args, io.cwd);
  const local = localContext({
    repo: options.repo,
    ...(options.base !== undefined ? { base: options.base } : {}),
    head: 'HEAD',
    instruction: options.instruction,
    ignore: [],
    thorough: false,
    limit: 40,
    systemInstructions: formatInstructions('apply_patch'),
    window: -1,
    reserve: -1,
  });
  const model = io.model ?? createModelClient(modelOptionsFromEnv(io.env ?? process.env));
  const started = performance.now();
  try {
    const generated = await generateAndApply({
      model,
      packed: local.packed,
      config: local.config,
      cacheKey: `local:${options.repo}`,
      status: progressPrinter(io.stderr),
      log: silentLog,
      now: () => performance.now(),
      apply: async (ops) => applyLocally(ops, local, options.repo, lineHintsFrom(options.instruction)),
    });
    const { result } = generated;
    const paths = touchedPaths(result);
    const dirty = dirtyPaths(options.repo, paths);
    if (dirty.length > 0) {
      throw new DirtyFileError(`uncommitted changes in ${dirty.join(', ')}`, {
        userMessage: `Refusing to change files with uncommitted changes: ${dirty.join(', ')}. Commit or stash them, then run spark fix again. Nothing was changed.`,
      });
    }
    io.stdout(result.changes.map((c) => c.diff).join(''));
    if (!options.dryRun) writeResult(options.repo, result);
    if (options.commit && !options.dryRun) commitResult(options.repo, paths, options.instruction);
    io.stderr(summary(result, generated.model, performance.now() - started, options));
    return 0;
  } finally {
    if (io.model === undefined) await model.close();
  }
}

interface FixOptions {
  instruction: string;
  repo: string;
  base?: string;
  commit: boolean;
  dryRun: boolean;
}

function parseFixArgs(args: string[], cwd: string): FixOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { base: { type: 'string' }, commit: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, repo: { type: 'string' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new CliUsageError(`${(error as Error).message}\n\n${FIX_USAGE}`, { cause: error });
  }
  const instruction = parsed.positionals.join(' ').trim();
  if (instruction === '') throw new CliUsageError(`an instruction is required\n\n${FIX_USAGE}`);
  const { values } = parsed;
  return {
    instruction,
    repo: resolve(cwd, values.repo ?? '.'),
    ...(values.base !== undefined ? { base: values.base } : {}),
    commit: values.commit ?? false,
    dryRun: values['dry-run'] ?? false,
  };
}

/**
 * The bot's apply step, locally: a file the model edits that exists at HEAD but was not in the
 * context is read first; the guards see the whole tree (symlinks, submodules, unseen files).
 */
function applyLocally(ops: FileOp[], local: LocalContext, repo: string, lineHints: LineHints): PatchResult {
  const inTree = new Set(local.tree.paths);
  const missing = ops.filter((op) => op.kind !== 'add' && !local.files.has(op.path) && inTree.has(op.path)).map((op) => op.path);
  for (const [path, text] of readBlobs(repo, 'HEAD', missing)) local.files.set(path, text);
  const result = applyOps(ops, local.files, { ...applyOptions(local.config, { ...local.tree, truncated: false }), lineHints });
  assertNoNewSecrets(result);
  return result;
}

function touchedPaths(result: PatchResult): string[] {
  return [...new Set(result.changes.flatMap((c) => (c.oldPath ? [c.oldPath, c.path] : [c.path])))];
}

function writeResult(repo: string, result: PatchResult): void {
  for (const change of result.changes) {
    if (change.oldPath !== undefined) rmSync(join(repo, change.oldPath), { force: true });
    const target = join(repo, change.path);
    if (change.after === null) {
      rmSync(target, { force: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, change.after);
  }
}

function commitResult(repo: string, paths: string[], instruction: string): void {
  const headline = `spark: ${instruction.replace(/\s+/g, ' ').trim()}`;
  git(repo, ['add', '-A', '--', ...paths]);
  git(repo, ['commit', '-q', '-m', headline.length <= 72 ? headline : `${headline.slice(0, 71).trimEnd()}…`, '--', ...paths]);
}

function summary(result: PatchResult, model: ModelResult, totalMs: number, options: FixOptions): string {
  const files = result.changes.map((c) => `  ${c.oldPath ? `${c.oldPath} → ` : ''}${c.path} (+${c.additions} −${c.deletions})`);
  const t = model.timings;
  const done = options.dryRun ? 'dry run: nothing written' : options.commit ? 'applied and committed' : 'applied to the working tree';
  return [
    `spark fix: ${done}`,
    ...files,
    `model ${model.transport}: TTFT ${Math.round(t.ttftMs)} ms, ${Math.round(t.tokensPerSecond)} tokens/s, ${model.usage.outputTokens} output tokens; total ${Math.round(totalMs)} ms`,
    '',
  ].join('\n');
}
