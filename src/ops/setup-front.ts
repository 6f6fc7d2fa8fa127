/**
 * Setup mode's HTTP front. Probot's setup app (registration from app.yml, .env writing, the
 * smee channel) runs unchanged on a loopback port behind it; every request is passed through
 * with its own Host header, so the manifest's URLs are the ones the browser used. Only the end
 * of the flow differs: Probot answers `/probot/setup` with a redirect to GitHub's install page,
 * which becomes our page (setup-page.ts) carrying that link and what .env still lacks; `/` and
 * `/probot` show the same page from then on instead of offering to register a second App.
 */
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { setupDonePage } from './setup-page.js';

export interface SetupFrontOptions {
  /** Where Probot's setup server listens (loopback). */
  upstream: { host: string; port: number };
  /** Read at each request: Probot's `updateEnv` writes APP_ID and the rest here. */
  env: NodeJS.ProcessEnv;
}

const REGISTERED_PAGES = new Set(['/', '/probot', '/probot/setup']);

export function setupFront(options: SetupFrontOptions): (req: IncomingMessage, res: ServerResponse) => void {
  let installUrl: string | undefined;
  const page = (res: ServerResponse, url: string): void => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(setupDonePage({ appId: options.env.APP_ID, installUrl: url }, options.env));
  };
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && installUrl !== undefined && REGISTERED_PAGES.has(path)) return page(res, installUrl);
    const upstream = request({ ...options.upstream, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const location = answer.headers.location;
      if (req.method === 'GET' && path === '/probot/setup' && answer.statusCode === 302 && location && /\/installations\/new$/.test(location)) {
        answer.resume();
        installUrl = location;
        return page(res, location);
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.once('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`setup server not reachable: ${error.message}`);
    });
    req.pipe(upstream);
  };
}
