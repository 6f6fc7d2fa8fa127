import { SparkError } from '../errors.js';
import { redactSecrets } from '../context/index.js';
import { inertCode } from '../report/inert.js';
import type { ModelClient, ModelRequest, ModelResult } from '../model/types.js';
import { StreamingPatchParser } from '../patch/index.js';
import type { FileOp } from '../patch/types.js';

export interface GenerateProgress {
  /** Paths of the file sections the model has finished so far (reset on a retried turn). */
  files: string[];
  outputTokens: number;
}

export interface Generated {
  ops: FileOp[];
  result: ModelResult;
}

/** The model answered, but not with edits we can use: nothing is committed. */
export class MalformedReplyError extends SparkError {}

/**
 * Streams one model turn through the incremental patch parser, so progress (which files
 * are being edited) is visible while Spark writes, and a malformed reply is known the
 * moment the stream ends. A transport `reset` discards everything parsed so far.
 */
export async function generatePatch(
  model: ModelClient,
  request: ModelRequest,
  onProgress: (progress: GenerateProgress) => void,
  options: { allowEmpty?: boolean } = {},
): Promise<Generated> {
  const parser = new StreamingPatchParser();
  let ops: FileOp[] = [];
  let chars = 0;
  const progress = (): void => onProgress({ files: ops.map((op) => op.path), outputTokens: Math.round(chars / 4) });
  for await (const event of model.stream(request)) {
    if (event.type === 'delta') {
      chars += event.text.length;
      const closed = pushSafely(parser, event.text);
      if (closed.length) ops = ops.concat(closed);
      progress();
    } else if (event.type === 'reset') {
      parser.reset();
      ops = [];
      chars = 0;
      progress();
    } else {
      // A review may rightly find nothing to change: its reply is then only the summary.
      if (options.allowEmpty && ops.length === 0 && !event.result.text.includes('*** Begin Patch')) {
        return { ops: [], result: event.result };
      }
      const tail = endSafely(parser);
      ops = ops.concat(tail);
      if (ops.length === 0) {
        throw new MalformedReplyError('The model reply contained no file edits', {
          userMessage:
            'The model answered without any file edits, so nothing was changed. Try a more specific instruction (name the file or function).',
        });
      }
      return { ops, result: event.result };
    }
  }
  throw new MalformedReplyError('The model stream ended without a completion event', {
    userMessage: 'The model stream ended before the reply was complete, so nothing was changed. Please re-run the command.',
  });
}

function pushSafely(parser: StreamingPatchParser, text: string): FileOp[] {
  try {
    return parser.push(text);
  } catch (error) {
    throw malformed(error);
  }
}

function endSafely(parser: StreamingPatchParser): FileOp[] {
  try {
    return parser.end();
  } catch (error) {
    throw malformed(error);
  }
}

function malformed(error: unknown): MalformedReplyError {
  const detail = error instanceof Error ? error.message : String(error);
  return new MalformedReplyError(`Malformed model reply: ${detail}`, {
    cause: error,
    // The parser's message quotes reply lines: model text, shown inert.
    userMessage: `The model's reply was not a valid patch (${inertCode(redactSecrets(detail).text, 300)}), so nothing was changed. Please re-run the command.`,
  });
}
