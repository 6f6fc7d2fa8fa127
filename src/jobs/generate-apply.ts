import type { SparkConfig } from '../config/schema.js';
import type { PackedContext } from '../context/types.js';
import type { StatusWriter } from '../report/status-writer.js';
import type { Log } from '../github/types.js';
import type { ModelClient, ModelRequest, ModelResult } from '../model/types.js';
import { PatchApplyError } from '../patch/index.js';
import type { FileOp, PatchResult } from '../patch/types.js';
import { generatePatch } from './generate.js';

export interface GenerateApplyInput {
  model: ModelClient;
  packed: PackedContext;
  /** The repo's config: model override and the output reserve. */
  config: Pick<SparkConfig, 'model' | 'context'>;
  /** Routes repeated prefixes to one provider cache, e.g. "owner/repo#12". */
  cacheKey: string;
  signal?: AbortSignal;
  status: Pick<StatusWriter, 'update'>;
  log: Log;
  now: () => number;
  /** Applies ops to the snapshot (throws PatchApplyError when they do not fit). */
  apply: (ops: FileOp[]) => Promise<PatchResult>;
  /** A review may answer with no edits at all. */
  allowEmpty?: boolean;
  /** A follow-up chained to the turn it continues: `packed.chainInput` then, and `packed.input` if the chain is lost. */
  chain?: { previousResponseId: string };
  /**
   * false: return the parsed ops unapplied, with no re-prompt. A review applies each finding's
   * patch alone, so two findings whose patches overlap must not fail a combined apply.
   */
  applyCombined?: boolean;
}

export interface GenerateApplyOutput {
  ops: FileOp[];
  result: PatchResult;
  model: ModelResult;
  /** When the (last) model stream ended, for the "model done → deliver" measurement. */
  modelDone: number;
  firstTurn: ModelResult;
  /** A review split across parallel turns (src/jobs/review-turns.ts): each group's files and its reply, or why its turn failed. */
  groups?: GroupReply[];
}

export type GroupReply = { paths: string[]; text: string } | { paths: string[]; error: unknown };

const EMPTY: PatchResult = { changes: [], additions: 0, deletions: 0 };

/**
 * One model turn streamed through the patch parser, applied to the snapshot; if it does not
 * apply, exactly one re-prompt chained to the first turn (the model sees its own reply and
 * our exact error: the lines not found). Shared by the PR and issue jobs.
 */
export async function generateAndApply(input: GenerateApplyInput): Promise<GenerateApplyOutput> {
  const { status, packed } = input;
  const request: ModelRequest = {
    instructions: packed.instructions,
    input: packed.input,
    model: input.config.model,
    maxOutputTokens: input.config.context.reserveOutput,
    promptCacheKey: input.cacheKey,
    signal: input.signal,
    // previous_response_not_found: the client resends `fullInput`, the earlier turn spelled out.
    ...(input.chain && packed.chainInput !== undefined && { previousResponseId: input.chain.previousResponseId, input: packed.chainInput, fullInput: packed.input }),
  };
  const onProgress = (p: { files: string[]; outputTokens: number }): void => status.update({ files: p.files, outputTokens: p.outputTokens });
  status.update({ phase: 'generating' });
  let generated = await generatePatch(input.model, request, onProgress, { allowEmpty: input.allowEmpty });
  let modelDone = input.now();
  const firstTurn = generated.result;
  if (input.applyCombined === false) return { ops: generated.ops, result: EMPTY, model: generated.result, modelDone, firstTurn };
  status.update({ phase: 'applying' });
  try {
    const result = generated.ops.length > 0 ? await input.apply(generated.ops) : EMPTY;
    return { ops: generated.ops, result, model: generated.result, modelDone, firstTurn };
  } catch (error) {
    if (!(error instanceof PatchApplyError)) throw error;
    input.log.info({ error: error.message }, 'patch did not apply; re-prompting once');
    status.update({ phase: 'retrying', files: [] });
    generated = await generatePatch(
      input.model,
      {
        ...request,
        previousResponseId: firstTurn.responseId,
        input: error.retryPrompt,
        // If the provider lost the chain (previous_response_not_found), the client resends
        // everything: the original context, the model's reply and the error.
        fullInput: `${packed.input}\n\n# Your previous reply\n${firstTurn.text}\n\n${error.retryPrompt}`,
      },
      onProgress,
    );
    modelDone = input.now();
    const result = await input.apply(generated.ops);
    return { ops: generated.ops, result, model: generated.result, modelDone, firstTurn };
  }
}
