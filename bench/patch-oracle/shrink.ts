/**
 * Minimal reproducers: a missed pair is cut down to the changed lines and the fewest unchanged
 * lines around them (both sides alike) for which the variant still renders and still misses.
 */
import { diffArrays } from 'diff';
import { joinText, splitText } from './text.js';
import type { Pair, Rendered, Variant } from './types.js';

/** The pair with every unchanged run reduced to `keep` lines next to each change. */
export function trimPair(pair: Pair, keep: number): Pair {
  const b = splitText(pair.before);
  const a = splitText(pair.after);
  const parts = diffArrays(b.lines, a.lines);
  const before: string[] = [];
  const after: string[] = [];
  parts.forEach((part, i) => {
    if (part.added) after.push(...part.value);
    else if (part.removed) before.push(...part.value);
    else {
      const v = part.value;
      const head = i > 0 ? v.slice(0, keep) : [];
      const tail = i < parts.length - 1 ? v.slice(Math.max(head.length, v.length - keep)) : [];
      const kept = head.length + tail.length >= v.length ? v : [...head, ...tail];
      before.push(...kept);
      after.push(...kept);
    }
  });
  return { ...pair, before: joinText(before, b.finalNewline), after: joinText(after, a.finalNewline) };
}

/** The smallest trimmed version of `pair` whose rendering still satisfies `misses`, or undefined. */
export function shrink(pair: Pair, variant: Variant, seed: string, misses: (r: Rendered) => boolean): { pair: Pair; rendered: Rendered } | undefined {
  for (const keep of [1, 2, 3, 5, 8, 13, 21]) {
    const small = trimPair(pair, keep);
    if (small.before.length >= pair.before.length) return undefined;
    const rendered = variant.render(small, seed);
    if (rendered !== undefined && misses(rendered)) return { pair: small, rendered };
  }
  return undefined;
}
