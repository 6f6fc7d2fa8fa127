#!/usr/bin/env node
/**
 * `spark <command> [args]`: a tiny dispatcher so each subcommand lives in src/cli/<name>.ts.
 * Exit codes: 0 ok, 1 the command failed, 2 usage error.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SparkError } from './errors.js';
import { CONTEXT_USAGE, CliUsageError, runContext } from './cli/context.js';
import { FIX_USAGE, runFix, type CliIo } from './cli/fix.js';
import { REVIEW_USAGE, runReview } from './cli/review.js';

type Io = CliIo;

interface Command {
  summary: string;
  usage: string;
  run: (args: string[], io: Io) => number | Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  context: { summary: 'show what would be sent to the model for a local branch (offline)', usage: CONTEXT_USAGE, run: runContext },
  fix: { summary: 'apply the model\'s fix for an instruction to the working tree (--commit, --dry-run)', usage: FIX_USAGE, run: runFix },
  review: { summary: 'print a review of the branch (findings and suggested patches); changes nothing', usage: REVIEW_USAGE, run: runReview },
};

export function usage(): string {
  const names = Object.keys(COMMANDS).sort();
  const width = Math.max(4, ...names.map((n) => n.length));
  const lines = names.map((n) => `  ${n.padEnd(width)}  ${(COMMANDS[n] as Command).summary}`);
  return `Usage: spark <command> [options]\n\nCommands:\n${lines.join('\n')}\n  ${'help'.padEnd(width)}  show this help, or \`spark help <command>\`\n`;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? args[0] : undefined;
    const command = topic === undefined ? undefined : COMMANDS[topic];
    if (topic !== undefined && !command) {
      io.stderr(`spark: unknown command "${topic}"\n\n${usage()}`);
      return 2;
    }
    io.stdout(command ? command.usage : usage());
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`spark: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(`spark ${name}: ${error.message}\n`);
      return 2;
    }
    // A SparkError's userMessage says what happened and what to do; anything else is a bug: the stack helps.
    const message = error instanceof SparkError ? error.userMessage : error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`spark ${name}: ${message}\n`);
    return 1;
  }
}

function invokedDirectly(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  process.exitCode = await main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
  });
}
