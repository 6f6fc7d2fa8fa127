/**
 * Webhook bodies are read here, with a cap, before Probot's middleware sees the request:
 * @octokit/webhooks buffers the whole body before it checks the signature, so without this one
 * unauthenticated 300 MB POST grows the process by over a gigabyte. GitHub caps payloads at
 * 25 MB. A declared Content-Length over the cap is refused before a byte is read; a body that
 * streams past it is refused at the chunk that crosses it (at most the cap is ever held).
 * The body is handed on as `req.body` (a string), which the webhook middleware uses instead
 * of reading the stream again; it decodes exactly as the middleware would (UTF-8, not fatal).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** GitHub's webhook payload cap. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export type BodyRead = { ok: true; body: string } | { ok: false; reason: 'too-large' | 'aborted' };

const decoder = new TextDecoder('utf-8', { fatal: false });

export function readBodyCapped(req: IncomingMessage, maxBytes: number = MAX_WEBHOOK_BYTES): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ ok: false, reason: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        finish({ ok: false, reason: 'too-large' });
        req.resume(); // the rest is discarded as it arrives, until the socket is closed
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ ok: true, body: decoder.decode(Buffer.concat(chunks, size)) });
    const onError = (): void => finish({ ok: false, reason: 'aborted' });
    const onClose = (): void => {
      if (!req.complete) finish({ ok: false, reason: 'aborted' });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * 413 and close the connection. The socket is destroyed a second after the answer is flushed:
 * at once, a client still sending could see a reset before it reads the 413; until then
 * Node discards (never buffers) whatever else arrives.
 */
export function refuseTooLarge(res: ServerResponse, maxBytes: number = MAX_WEBHOOK_BYTES, graceMs = 1_000): void {
  res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(`Payload Too Large: webhook bodies are limited to ${Math.round(maxBytes / 2 ** 20)} MB\n`, () => {
    setTimeout(() => res.socket?.destroy(), graceMs).unref();
  });
}
