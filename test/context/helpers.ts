import type { ContextRequest } from '../../src/context/types.js';

export const SYSTEM = 'You edit code. Reply with an apply_patch envelope only.\n';

export function request(overrides: Partial<ContextRequest> = {}): ContextRequest {
  const files = overrides.files ?? new Map<string, string>();
  return {
    mode: 'pr',
    instruction: 'make parse accept empty input',
    diff: '',
    changedPaths: [],
    tree: [...files.keys()],
    files,
    systemInstructions: SYSTEM,
    budget: { contextWindow: 128_000, reservedOutput: 16_000 },
    ...overrides,
  };
}

/** A deterministic pseudo-source file of about `lines` lines. */
export function sourceFile(name: string, lines: number, seed = 1): string {
  const out: string[] = [];
  let x = seed;
  for (let i = 0; i < lines; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(`export function ${name}_${i}(value: number): number { return value * ${x % 997} + ${i}; }`);
  }
  return `${out.join('\n')}\n`;
}

export function gitDiff(path: string, start: number, added: string[]): string {
  return [
    `diff --git a/${path} b/${path}`,
    'index 1111111..2222222 100644',
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -${start},1 +${start},${added.length + 1} @@`,
    ' context line',
    ...added.map((l) => `+${l}`),
    '',
  ].join('\n');
}
