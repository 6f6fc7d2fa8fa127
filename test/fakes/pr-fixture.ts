/**
 * Programmatic pull-request fixtures for the end-to-end benchmark and the load test: N
 * realistic TypeScript modules (50–200 lines each, deterministic from a seed), the PR's
 * unified diff (each module gained one function in the PR), and a Codex-style `apply_patch`
 * reply that edits ~`patchLines` lines across the first modules — the "200-line patch" of the
 * issue's model-done→commit goal.
 */
import { createTwoFilesPatch } from 'diff';

export interface PullFixture {
  /** Files at the PR head, path → text. */
  files: Map<string, string>;
  /** Files the PR changed (all of them). */
  changed: string[];
  /** `git diff` of the PR (base → head). */
  diff: string;
  /** What the fake model answers: an apply_patch envelope that applies to `files`. */
  reply: string;
  /** Lines in the reply's hunks (context + removed + added). */
  replyLines: number;
  instruction: string;
  /** Functions per module, for replies that edit one of them. */
  functionCounts: number[];
  /** An apply_patch reply that guards the loop of one function only (module m, function i). */
  replyForFunction(module: number, index: number): string;
}

export interface PullFixtureOptions {
  fileCount: number;
  /** Approximate size of the model's patch, in hunk lines (default 200). */
  patchLines?: number;
  seed?: number;
}

const OPS = [
  { verb: 'sum', expr: 'value * scale' },
  { verb: 'weigh', expr: 'value * scale + offset' },
  { verb: 'clamp', expr: 'Math.min(value, limit) * scale' },
  { verb: 'shift', expr: '(value + offset) * scale' },
] as const;

/** A small deterministic PRNG (mulberry32): fixtures must not change between runs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Fn {
  name: string;
  signature: string;
  body: string[];
}

function makeFunction(module: number, index: number, random: () => number): Fn {
  const op = OPS[Math.floor(random() * OPS.length)]!;
  const name = `${op.verb}Metric${module}x${index}`;
  const signature = `export function ${name}(values: readonly number[], scale = ${1 + Math.floor(random() * 9)}, offset = ${Math.floor(random() * 5)}, limit = ${100 + Math.floor(random() * 900)}): number {`;
  const body = [
    `  // ${op.verb} of the metric-${module} series (${index}), scaled for the dashboard.`,
    '  let total = 0;',
    '  for (const value of values) {',
    `    total += ${op.expr};`,
    '  }',
    '  return total;',
  ];
  return { name, signature, body };
}

function render(module: number, fns: readonly Fn[]): string {
  const header = [
    `/** Metric helpers for panel ${module}. */`,
    `import type { Series } from './types';`,
    '',
    `export const PANEL_${module} = 'panel-${module}';`,
    '',
  ];
  const parts = fns.map((f) => [f.signature, ...f.body, '}', ''].join('\n'));
  return `${header.join('\n')}\n${parts.join('\n')}`;
}

function hunkFor(fn: Fn): string[] {
  const loop = fn.body[3]!;
  return [
    `@@ ${fn.signature}`,
    ` ${fn.body[1]}`,
    ` ${fn.body[2]}`,
    `-${loop}`,
    '+    if (!Number.isFinite(value)) continue;',
    `+${loop}`,
    ` ${fn.body[4]}`,
    `-${fn.body[5]}`,
    '+  return Math.round(total * 100) / 100;',
    ' }',
  ];
}

export function generatePullFixture(options: PullFixtureOptions): PullFixture {
  const random = rng(options.seed ?? 42);
  const patchLines = options.patchLines ?? 200;
  const files = new Map<string, string>();
  const modules: Fn[][] = [];
  const diffs: string[] = [];
  files.set('src/metrics/types.ts', 'export type Series = readonly number[];\n');
  for (let m = 0; m < options.fileCount; m++) {
    // 50–200 lines: 5–21 functions of 9 lines plus a 6-line header.
    // The first module is the largest, so even a one-file PR can carry the whole patch.
    const drawn = 5 + Math.floor(random() * 17);
    const count = m === 0 ? 21 : drawn;
    const fns = Array.from({ length: count }, (_, i) => makeFunction(m, i, random));
    modules.push(fns);
    const path = `src/metrics/panel${m}.ts`;
    const head = render(m, fns);
    // The PR added the last function of every module.
    const base = render(m, fns.slice(0, -1));
    files.set(path, head);
    const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, base, head, undefined, undefined, { context: 3 })
      .split('\n')
      .filter((line) => !line.startsWith('===') && !line.startsWith('Index:'))
      .join('\n');
    diffs.push(`diff --git a/${path} b/${path}\nindex 1111111..2222222 100644\n${patch.replace(/^\n+/, '')}`);
  }

  // The reply: guard every loop against non-finite values, function by function, until the
  // patch has ~patchLines hunk lines. Each hunk is anchored on the unique function signature.
  const sections: string[] = [];
  let lines = 0;
  for (let m = 0; m < modules.length && lines < patchLines; m++) {
    const hunks: string[] = [];
    for (const fn of modules[m]!) {
      if (lines >= patchLines) break;
      const hunk = hunkFor(fn);
      hunks.push(hunk.join('\n'));
      lines += hunk.length;
    }
    sections.push(`*** Update File: src/metrics/panel${m}.ts\n${hunks.join('\n')}`);
  }
  const reply = `*** Begin Patch\n${sections.join('\n')}\n*** End Patch\n`;
  return {
    files,
    changed: [...files.keys()].filter((p) => p !== 'src/metrics/types.ts'),
    diff: `${diffs.join('\n')}\n`,
    reply,
    replyLines: lines,
    instruction: 'skip non-finite values in the metric loops and round totals to cents',
    functionCounts: modules.map((fns) => fns.length),
    replyForFunction(module: number, index: number): string {
      const fn = modules[module]?.[index];
      if (!fn) throw new RangeError(`no function ${index} in module ${module}`);
      return `*** Begin Patch\n*** Update File: src/metrics/panel${module}.ts\n${hunkFor(fn).join('\n')}\n*** End Patch\n`;
    },
  };
}
