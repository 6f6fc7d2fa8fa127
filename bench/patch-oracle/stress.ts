/**
 * Stress inputs at the engine's size limits (every reply up to 1 MB against a file up to
 * 50,000 lines). Pure generators: the worker builds its own input, so a hang stays in the worker.
 */
export interface StressInput {
  reply: string;
  files: Map<string, string>;
}

const numbered = (n: number, line: (i: number) => string): string => `${Array.from({ length: n }, (_, i) => line(i)).join('\n')}\n`;
const code = (n: number): string => numbered(n, (i) => `export const value${i} = compute(${i}, 'item-${i}');`);

function proseLine(length: number): string {
  const words = ['the', 'patch', 'keeps', 'every', 'line', 'of', 'context', 'exactly', 'as', 'written', 'in', 'file'];
  let out = '';
  for (let i = 0; out.length < length; i++) out += `${words[i % words.length]} `;
  return out.slice(0, length);
}

const smallPatch = (path: string, i: number): string =>
  `*** Begin Patch\n*** Update File: ${path}\n@@\n export const value${i - 1} = compute(${i - 1}, 'item-${i - 1}');\n-export const value${i} = compute(${i}, 'item-${i}');\n+export const value${i} = compute(${i} + 1, 'item-${i}');\n export const value${i + 1} = compute(${i + 1}, 'item-${i + 1}');\n*** End Patch\n`;

export const STRESS_CASES: Record<string, () => StressInput> = {
  /** A 64k-character line of prose before a small patch. */
  'prose-line-64k': () => ({ reply: `${proseLine(64 * 1024)}\n\n${smallPatch('src/a.ts', 500)}`, files: new Map([['src/a.ts', code(1000)]]) }),
  /** Headers padded with long runs of whitespace (apply_patch and unified). */
  'header-whitespace-300k': () => ({
    reply: `*** Begin Patch\n*** Update File:${' '.repeat(300_000)}src/a.ts${' '.repeat(1000)}\n@@\n-export const value5 = compute(5, 'item-5');\n+export const value5 = compute(6, 'item-5');\n*** End Patch\n--- ${' '.repeat(300_000)}a/src/a.ts\n+++ b/src/a.ts${' '.repeat(1000)}x\n`,
    files: new Map([['src/a.ts', code(1000)]]),
  }),
  /** 20,000 one-line hunks on a 20,000-line file (~0.5 MB reply). */
  'hunks-20k-file-20k': () => {
    const file = numbered(20_000, (i) => `v${i}=${i};`);
    let reply = '*** Begin Patch\n*** Update File: src/v.ts\n';
    for (let i = 0; i < 20_000; i++) reply += `@@\n-v${i}=${i};\n+v${i}=${i + 1};\n`;
    return { reply: `${reply}*** End Patch\n`, files: new Map([['src/v.ts', file]]) };
  },
  /** One added line of 200,000 characters. */
  'line-200k-added': () => ({
    reply: `*** Begin Patch\n*** Update File: src/a.ts\n@@\n export const value9 = compute(9, 'item-9');\n+export const blob = '${'x'.repeat(200_000)}';\n export const value10 = compute(10, 'item-10');\n*** End Patch\n`,
    files: new Map([['src/a.ts', code(1000)]]),
  }),
  /** A 200,000-character line in the file, quoted as slightly drifted context (forces the fuzzy fallback). */
  'line-200k-drifted-context': () => {
    const long = `export const blob = '${'ab'.repeat(100_000)}';`;
    const file = `${code(20)}${long}\n${code(20)}`;
    const drifted = `${long.slice(0, 1000)}${long.slice(1001)}`;
    return {
      reply: `*** Begin Patch\n*** Update File: src/a.ts\n@@\n export const value19 = compute(19, 'item-19');\n ${drifted}\n-export const value0 = compute(0, 'item-0');\n+export const value0 = compute(1, 'item-0');\n*** End Patch\n`,
      files: new Map([['src/a.ts', file]]),
    };
  },
  /** A 50,000-line file (under the 1 MB file cap), three hunks whose context drifted (fuzzy search over the whole file). */
  'file-50k-drifted-hunks': () => {
    const line = (i: number): string => `x${i}=f(${i},${i % 7});`;
    const hunk = (i: number): string => `@@\n ${line(i - 2)}\n ${line(i - 1).slice(0, -1)}\n-${line(i)}\n+x${i}=g(${i},${i % 7});\n ${line(i + 1).replace('=', ' = ')}\n ${line(i + 2)}\n`;
    const file = numbered(50_000, line);
    return { reply: `*** Begin Patch\n*** Update File: src/a.ts\n${hunk(40_000)}${hunk(45_000)}${hunk(49_990)}*** End Patch\n`, files: new Map([['src/a.ts', file]]) };
  },
  /** 1 MB of prose lines and no patch at all. */
  'prose-1mb-no-patch': () => ({ reply: numbered(12_500, (i) => `${i}: ${proseLine(76)}`), files: new Map([['src/a.ts', code(1000)]]) }),
};
