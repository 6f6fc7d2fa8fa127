import { countTokens, packContext, planContext, splitDiff, type ContextPlan, type PackInput, type PackedContext } from '../context/index.js';
import { groupFiles, type SizedFile } from './group-files.js';

/** One part of a review too big for one window: its changed files and the context packed for them. */
export interface ReviewGroup {
  paths: string[];
  packed: PackedContext;
}

/** What the packer says when a changed file's diff or content did not fit. */
const DID_NOT_FIT = new Set(['diff too large for the budget', 'token budget']);
/** The packer's cap on the diff's share of the input budget (pack.ts `diffShare`). */
const DIFF_SHARE = 0.4;
/** Of a turn's input budget, what a group's diffs and contents may take (the rest: description, lists, headers). */
const GROUP_SHARE = 0.9;

/**
 * Splits a review that does not fit one window into groups of changed files whose diffs and
 * contents each fit one turn, packed like the whole review but each with only its own files'
 * diff. `single` is the review packed whole: when it left no changed file out, this returns
 * undefined and the review runs as one turn. Pure: the contents come from the snapshot.
 */
export function packReviewGroups(plan: ContextPlan, single: PackedContext, input: PackInput & { instruction: string }): ReviewGroup[] | undefined {
  const changed = new Set(plan.input.changedPaths);
  if (!single.leftOut.some((f) => changed.has(f.path) && DID_NOT_FIT.has(f.reason))) return undefined;
  const sections = new Map(splitDiff(plan.input.diff).map((d) => [d.path, d.text]));
  const { contextWindow, reservedOutput } = input.budget;
  const available = contextWindow - reservedOutput - single.tokens.instructions - countTokens(input.instruction) - 64;
  const sizes: SizedFile[] = plan.input.changedPaths.map((path) => {
    const diff = countTokens(sections.get(path) ?? '');
    const content = countTokens(input.files.get(path) ?? '');
    // The diff gets at most DIFF_SHARE of the input: a group of diffs must fit that share as well.
    return { path, tokens: Math.max(Math.ceil(diff / DIFF_SHARE), diff + content) };
  });
  const groups = groupFiles(sizes, Math.max(1, Math.floor(available * GROUP_SHARE)));
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
