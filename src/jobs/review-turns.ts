import type { ModelResult } from '../model/types.js';
import type { StatusState } from '../report/status-render.js';
import type { ReviewGroup } from '../review/pack-groups.js';
import { generateAndApply, type GenerateApplyInput, type GenerateApplyOutput, type GroupReply } from './generate-apply.js';
import type { PullWorkspace } from './workspaces.js';

const EMPTY = { changes: [], additions: 0, deletions: 0 };

/**
 * The model side of a review. Each finding's patch is applied alone at delivery, so the combined
 * patch is never applied (two findings may rightly touch the same lines) and nothing re-prompts.
 * A review too big for one window (`workspace.groups`) runs one turn per file group, at most
 * `parallel` at a time; a group whose turn fails is reported by the delivery, not retried.
 */
export function reviewTurns(parallel: number): (input: GenerateApplyInput, workspace: PullWorkspace) => Promise<GenerateApplyOutput> {
  return (input, workspace) => {
    const review = { ...input, applyCombined: false };
    return workspace.groups ? fanOut(review, workspace.groups, parallel) : generateAndApply(review);
  };
}

async function fanOut(input: GenerateApplyInput, groups: readonly ReviewGroup[], parallel: number): Promise<GenerateApplyOutput> {
  const progress = groups.map(() => ({ files: [] as string[], outputTokens: 0 }));
  let finished = 0;
  const note = (): string => `Reviewing in ${groups.length} parts, ${Math.min(parallel, groups.length)} at a time: ${finished} of ${groups.length} done.`;
  input.status.update({ phase: 'generating', note: note() });
  // One status for all turns: the files and output tokens of every group so far.
  const statusOf = (i: number): GenerateApplyInput['status'] => ({
    update: (patch: Partial<StatusState>) => {
      if (patch.files) progress[i]!.files = patch.files;
      if (patch.outputTokens !== undefined) progress[i]!.outputTokens = patch.outputTokens;
      input.status.update({ files: progress.flatMap((p) => p.files), outputTokens: progress.reduce((sum, p) => sum + p.outputTokens, 0) });
    },
  });
  const outputs = await mapLimit(groups, parallel, async (group, i): Promise<GenerateApplyOutput | { error: unknown }> => {
    try {
      return await generateAndApply({ ...input, packed: group.packed, status: statusOf(i) });
    } catch (error) {
      if (input.signal?.aborted) throw error;
      input.log.warn({ err: error, group: i + 1, files: group.paths.length }, "a review group's turn failed: the review posts without its files");
      return { error };
    } finally {
      finished++;
      input.status.update({ note: note() });
    }
  });
  const done = outputs.filter((o): o is GenerateApplyOutput => !('error' in o));
  const first = done[0];
  if (!first) throw (outputs[0] as { error: unknown }).error;
  const replies: GroupReply[] = outputs.map((o, i) => ('error' in o ? { paths: groups[i]!.paths, error: o.error } : { paths: groups[i]!.paths, text: o.firstTurn.text }));
  input.status.update({ phase: 'applying', note: undefined });
  return {
    ops: done.flatMap((o) => o.ops),
    result: EMPTY,
    model: combined(done.map((o) => o.model)),
    modelDone: Math.max(...done.map((o) => o.modelDone)),
    firstTurn: first.firstTurn,
    groups: replies,
  };
}

/** The turns as one result for the job report: usage and retries summed, the slowest turn's timings. */
function combined(results: readonly ModelResult[]): ModelResult {
  const slowest = results.reduce((a, b) => (b.timings.totalMs > a.timings.totalMs ? b : a));
  const sum = (pick: (r: ModelResult) => number | undefined): number => results.reduce((n, r) => n + (pick(r) ?? 0), 0);
  return {
    ...slowest,
    text: results.map((r) => r.text).join('\n'),
    usage: { inputTokens: sum((r) => r.usage.inputTokens), outputTokens: sum((r) => r.usage.outputTokens), cachedInputTokens: sum((r) => r.usage.cachedInputTokens) },
    retries: sum((r) => r.retries),
  };
}

/** `work` over `items`, at most `limit` at once, results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
