/**
 * The receiver's request handler, in front of Probot's webhook middleware: /ping, the
 * operational routes, then every request body read with the 25 MB cap (body-limit.ts) before
 * the middleware sees it. A webhook posted to `/` is routed to the webhook path: Probot's
 * manifest registers the server's base URL (`<base>/`) as the App's webhook URL when no smee
 * channel is used.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_WEBHOOK_BYTES, readBodyCapped, refuseTooLarge } from './body-limit.js';
import type { RouteHandler } from './routes.js';

export type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => unknown;

export interface ReceiverOptions {
  middleware: Middleware;
  routes: readonly RouteHandler[];
  webhookPath: string;
  log: { warn(obj: unknown, msg?: string): void };
  maxBodyBytes?: number;
}

export function receiverHandler(options: ReceiverOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const maxBytes = options.maxBodyBytes ?? MAX_WEBHOOK_BYTES;
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/ping') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('PONG');
      return;
    }
    for (const route of options.routes) if (route(req, res)) return;
    if (req.method === 'POST' && path === '/' && req.headers['x-github-event'] !== undefined) req.url = options.webhookPath;
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const read = await readBodyCapped(req, maxBytes);
        if (!read.ok) {
          options.log.warn({ url: req.url, contentLength: req.headers['content-length'], reason: read.reason }, 'request body refused before reaching the webhook handler');
          if (read.reason === 'too-large') refuseTooLarge(res, maxBytes);
          else res.destroy();
          return;
        }
        (req as IncomingMessage & { body?: string }).body = read.body;
      }
      await options.middleware(req, res, () => {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found\n');
      });
    })();
  };
}
