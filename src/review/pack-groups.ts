import { countTokens, packContext, planContext, splitDiff, type ContextPlan, type PackInput, type PackedContext } from '../context/index.js';
import { groupFiles, type SizedFile } from './group-files.js';

/** One part of a review too big for one window: its changed files and the context packed for them. */
export interface ReviewGroup {
  paths: string[];
  packed: PackedContext;
}

/** The packer's cap on the diff's share of the input budget (pack.ts `diffShare`). */
const DIFF_SHARE = 0.4;
/** Of a turn's input budget, what a group's diffs and contents may take (the rest: description, lists, headers). */
const GROUP_SHARE = 0.9;
/** Framing and the "Left out" list, besides the system instructions and the instruction. */
const OVERHEAD_TOKENS = 64;

/**
 * Splits a review whose changed files do not fit one window into groups whose diffs and contents
 * each fit one turn, packed like the whole review but each with only its own files' diff.
 * Sized before packing (each changed file's diff counted exactly), so a review too big for one
 * window is never packed whole first. Returns undefined when everything fits one
 * turn: the review is then packed once, as usual. Pure: the contents come from the snapshot.
 */
export function packReviewGroups(plan: ContextPlan, input: PackInput & { instruction: string }): ReviewGroup[] | undefined {
  const changed = new Set(plan.input.changedPaths);
  const sections = new Map(splitDiff(plan.input.diff).map((d) => [d.path, d.text]));
  const { contextWindow, reservedOutput } = input.budget;
  const available = contextWindow - reservedOutput - countTokens(input.systemInstructions) - countTokens(input.instruction) - OVERHEAD_TOKENS;
  const budget = Math.max(1, Math.floor(available * GROUP_SHARE));
  // The diff gets at most DIFF_SHARE of the input: a group of diffs must fit that share as well.
  const cost = (diff: number, content: number): number => Math.max(Math.ceil(diff / DIFF_SHARE), diff + content);
  const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
  // A token is at least one UTF-8 byte: a review whose bytes fit needs no count at all.
  const byBytes = plan.input.changedPaths.reduce((sum, path) => sum + cost(bytes(sections.get(path) ?? ''), bytes(input.files.get(path) ?? '')), 0);
  if (byBytes <= budget) return undefined;
  // Diffs are counted exactly (the packer never cuts a group's diff); a content is estimated at
  // its own diff's density (at worst it is then sent as windows around the hunks, not whole).
  const sizes: SizedFile[] = plan.input.changedPaths.map((path) => {
    const section = sections.get(path) ?? '';
    const diff = countTokens(section);
    const density = diff > 0 ? diff / bytes(section) : 1 / 3;
    return { path, tokens: cost(diff, Math.ceil(bytes(input.files.get(path) ?? '') * density)) };
  });
  const groups = groupFiles(sizes, budget);
  if (groups.length < 2) return undefined;
  return groups.map((paths, i) => {
    const own = new Set(paths);
    // Each turn reads its own changed files and the related files; the other groups' changed files are theirs.
    const files = new Map([...input.files].filter(([path]) => own.has(path) || !changed.has(path)));
    const inHand = new Map([...plan.input.files].filter(([path]) => own.has(path)));
    const groupPlan = planContext({ ...plan.input, diff: paths.map((p) => sections.get(p) ?? '').join(''), changedPaths: paths, files: inHand });
    const instruction = `${input.instruction}\nThis pull request is too big for one reply: it is reviewed in ${groups.length} parts. This is part ${i + 1}; it covers ${paths.length} of its ${changed.size} changed files (those in the diff above). Review only those.`;
    return { paths, packed: packContext(groupPlan, { ...input, files, instruction }) };
  });
}
