import type { Octokit, RepoRef } from './types.js';

export interface JobLogOptions {
  /** Bytes of the log's end that are kept (failures are at the end). Default 1 MiB. */
  tailBytes?: number;
  /** Stop reading after this many bytes (the download is cancelled). Default 64 MiB. */
  maxReadBytes?: number;
}

export interface JobLog {
  /** The last `tailBytes` of the log, starting at a line boundary. */
  text: string;
  /** Bytes read from the download. */
  bytesRead: number;
  /** The beginning of the log was dropped (and, with `stoppedEarly`, its end was never read). */
  truncated: boolean;
  stoppedEarly: boolean;
}

/**
 * The last `##[group]Run …` line in `text` (found with indexOf: a `[^\n]*` pattern is quadratic
 * on a long line without newlines). A step header dropped with the log's beginning is put back,
 * so the failed command stays known.
 */
function lastStepHeader(text: string): string | undefined {
  const at = text.lastIndexOf('##[group]Run ');
  if (at < 0) return undefined;
  const start = text.lastIndexOf('\n', at) + 1;
  const end = text.indexOf('\n', at);
  return text.slice(start, end < 0 ? undefined : end).slice(0, 1_000);
}

/**
 * The job log of a GitHub Actions job (`GET /repos/{o}/{r}/actions/jobs/{job_id}/logs`). GitHub
 * answers with a redirect to the plain-text log, which fetch follows (dropping the token on the
 * cross-origin hop); the body is streamed and only its tail is kept, so a log of any size costs
 * at most `tailBytes` of memory.
 */
export async function readJobLog(octokit: Octokit, repo: RepoRef, jobId: number, options: JobLogOptions = {}): Promise<JobLog> {
  const tailBytes = options.tailBytes ?? 1024 * 1024;
  const maxReadBytes = options.maxReadBytes ?? 64 * 1024 * 1024;
  const response = await octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
    ...repo,
    job_id: jobId,
    request: { parseSuccessResponseBody: false },
  });
  const body: unknown = response.data;
  if (typeof body === 'string') return tailOf([Buffer.from(body, 'utf8')], tailBytes, Buffer.byteLength(body), false, undefined);
  if (!(body instanceof ReadableStream)) return { text: '', bytesRead: 0, truncated: false, stoppedEarly: false };

  const reader = (body as ReadableStream<Uint8Array>).getReader();
  const chunks: Buffer[] = [];
  let held = 0;
  let bytesRead = 0;
  let lastHeader: string | undefined;
  let stoppedEarly = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    chunks.push(chunk);
    held += chunk.length;
    bytesRead += chunk.length;
    while (chunks.length > 1 && held - (chunks[0] as Buffer).length >= tailBytes) {
      const dropped = chunks.shift() as Buffer;
      held -= dropped.length;
      lastHeader = lastStepHeader(dropped.toString('utf8')) ?? lastHeader;
    }
    if (bytesRead >= maxReadBytes) {
      stoppedEarly = true;
      // Not awaited: a cancelled download may never settle its cancel promise.
      reader.cancel().catch(() => undefined);
      break;
    }
  }
  return tailOf(chunks, tailBytes, bytesRead, stoppedEarly, lastHeader);
}

function tailOf(chunks: Buffer[], tailBytes: number, bytesRead: number, stoppedEarly: boolean, lastHeader: string | undefined): JobLog {
  const all = Buffer.concat(chunks);
  if (all.length <= tailBytes && lastHeader === undefined) {
    return { text: all.toString('utf8'), bytesRead, truncated: stoppedEarly, stoppedEarly };
  }
  let tail = all.subarray(Math.max(0, all.length - tailBytes));
  const newline = tail.indexOf(10);
  if (newline >= 0 && tail.length < all.length) tail = tail.subarray(newline + 1);
  let text = tail.toString('utf8');
  // The header of the step the tail starts in, unless the tail holds a newer one.
  const header = lastStepHeader(all.subarray(0, all.length - tail.length).toString('utf8')) ?? lastHeader;
  if (header !== undefined) text = `${header}\n${text}`;
  return { text, bytesRead, truncated: true, stoppedEarly };
}
