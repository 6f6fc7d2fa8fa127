/**
 * JIT warm-up of the code between "model done" and "commit sent" (parse, apply by content,
 * minimal diff, suggestions) and of the tokenizer. The first few runs of that code are
 * interpreted; a long-running bot pays that on its first real jobs, right on the latency
 * path. Running the same pipeline on a synthetic patch a few hundred times at start-up
 * (~100 ms of CPU, after the server is listening) moves that cost off the path.
 * SPARK_WARMUP=false turns it off.
 */
import { countTokens } from './context/index.js';
import { applyOps, parseReply, toSuggestions, unifiedDiff } from './patch/index.js';

function syntheticFile(functions: number): string {
  const out: string[] = [];
  for (let i = 0; i < functions; i++) {
    out.push(`export function metric${i}(values: readonly number[], scale = ${i % 7}): number {`, '  let total = 0;');
    out.push('  for (const value of values) {', `    total += value * scale + ${i};`, '  }', '  return total;', '}', '');
  }
  return out.join('\n');
}

function syntheticReply(functions: number): string {
  const out = ['*** Begin Patch', '*** Update File: src/warm.ts'];
  for (let i = 0; i < functions; i += 2) {
    out.push(`@@ export function metric${i}(values: readonly number[], scale = ${i % 7}): number {`);
    out.push('   let total = 0;', '   for (const value of values) {', `-    total += value * scale + ${i};`);
    out.push('+    if (!Number.isFinite(value)) continue;', `+    total += value * scale + ${i};`, '   }');
  }
  out.push('*** End Patch', '');
  return out.join('\n');
}

/** Runs the pipeline `rounds` times; returns the number of changed lines of the last round. */
export function warmUp(rounds = 200): number {
  const before = syntheticFile(24);
  const files = new Map([['src/warm.ts', before]]);
  const reply = syntheticReply(24);
  let changed = 0;
  for (let i = 0; i < rounds; i++) {
    const result = applyOps(parseReply(reply), files);
    const after = result.changes[0]!.after ?? '';
    toSuggestions(result, unifiedDiff('src/warm.ts', before, after));
    changed = result.additions + result.deletions;
  }
  countTokens(before);
  return changed;
}
