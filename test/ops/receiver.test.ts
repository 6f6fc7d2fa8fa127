/**
 * The receiver in front of Probot's webhook middleware (src/ops/receiver.ts), over real HTTP:
 * webhook bodies over GitHub's 25 MB cap are refused before the middleware (which buffers
 * whole bodies before it checks the signature) ever sees the request.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { createNodeMiddleware, Probot } from 'probot';
import { MAX_WEBHOOK_BYTES } from '../../src/ops/body-limit.js';
import { receiverHandler } from '../../src/ops/receiver.js';
import { signedRequest, issueCommentEvent } from '../fakes/webhooks.js';

const SECRET = 'webhook-secret-for-tests';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

let server: Server;
let port: number;
const middlewareCalls: string[] = [];
const events: string[] = [];
const warnings: unknown[] = [];

beforeAll(async () => {
  const probot = new Probot({ appId: 1, privateKey, secret: SECRET, logLevel: 'fatal' });
  const middleware = await createNodeMiddleware(
    (app) => {
      app.onAny(async (context) => {
        events.push(context.id);
      });
    },
    { probot },
  );
  const spy = (req: IncomingMessage, res: ServerResponse, next: () => void): unknown => {
    middlewareCalls.push(`${req.method} ${req.url}`);
    return middleware(req, res, next);
  };
  server = createServer(receiverHandler({ middleware: spy, routes: [], webhookPath: '/api/github/webhooks', log: { warn: (obj) => warnings.push(obj) } }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

interface Sent {
  status: number;
  bytesSent: number;
}

/**
 * POSTs `totalBytes` in 1 MB chunks (declared in Content-Length, or chunked), stopping as soon
 * as the response arrives or the connection closes. A raw socket, not http.request: nock
 * (loaded by other test files in the same Jest worker) intercepts http.request and would
 * buffer the whole body before passing it on.
 */
function postLarge(totalBytes: number, declare: boolean): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunk = Buffer.alloc(2 ** 20, 0x20);
    let sent = 0;
    let status: number | undefined;
    let reply = '';
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      socket.destroy();
      if (status === undefined) reject(new Error(`no response after ${sent} bytes`));
      else resolve({ status, bytesSent: sent });
    };
    socket.on('data', (data: Buffer) => {
      reply += data.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(reply);
      if (match) {
        status = Number(match[1]);
        finish();
      }
    });
    // A reset may reach the client while the 413 is still arriving: give it a moment.
    socket.on('error', () => setTimeout(finish, 200));
    socket.on('close', () => setTimeout(finish, 200));
    const head = [
      'POST /api/github/webhooks HTTP/1.1',
      'Host: 127.0.0.1',
      'Content-Type: application/json',
      'X-GitHub-Event: issue_comment',
      'X-GitHub-Delivery: d-large',
      'X-Hub-Signature-256: sha256=0000',
      declare ? `Content-Length: ${totalBytes}` : 'Transfer-Encoding: chunked',
      '',
      '',
    ].join('\r\n');
    const pump = (): void => {
      while (!done && status === undefined && sent < totalBytes) {
        sent += chunk.length;
        const ok = socket.write(declare ? chunk : Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
        if (!ok) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    socket.once('connect', () => {
      socket.write(head);
      pump();
    });
  });
}

describe('webhook body cap (25 MB)', () => {
  it('refuses a body declared over 25 MB (Content-Length) with 413 before reading it; the middleware never sees it', async () => {
    const before = middlewareCalls.length;
    const result = await postLarge(300 * 2 ** 20, true);
    expect(result.status).toBe(413);
    expect(middlewareCalls.length).toBe(before);
    expect(events).toEqual([]);
    expect(warnings.at(-1)).toMatchObject({ reason: 'too-large', contentLength: String(300 * 2 ** 20) });
  }, 60_000);

  it('refuses a chunked body once it passes 25 MB, while it is still streaming; the middleware never sees it', async () => {
    const before = middlewareCalls.length;
    const result = await postLarge(300 * 2 ** 20, false);
    expect(result.status).toBe(413);
    // The client stopped long before 300 MB: the server stopped reading at the cap.
    expect(result.bytesSent).toBeLessThan(MAX_WEBHOOK_BYTES + 64 * 2 ** 20);
    expect(middlewareCalls.length).toBe(before);
    expect(events).toEqual([]);
  }, 60_000);

  it('passes a signed delivery under the cap to the middleware, which verifies and runs it', async () => {
    const { headers, body } = signedRequest({ id: 'd-small', ...issueCommentEvent({ body: '/spark help' }) }, SECRET);
    const res = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, { method: 'POST', headers, body });
    expect(res.status).toBe(200);
    expect(events).toEqual(['d-small']);
  });

  it('routes a webhook posted to / (the base URL Probot’s manifest registers) to the webhook path', async () => {
    const { headers, body } = signedRequest({ id: 'd-root', ...issueCommentEvent({ body: '/spark help' }) }, SECRET);
    const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers, body });
    expect(res.status).toBe(200);
    expect(events).toContain('d-root');
    expect(middlewareCalls.at(-1)).toBe('POST /api/github/webhooks');
  });
});
