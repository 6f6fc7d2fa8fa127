/**
 * Operational HTTP routes. On the public (webhook) port: GET /healthz (the process is up),
 * GET /readyz (it can work: 200 or 503 with each check) and, only when METRICS_TOKEN is set,
 * GET /metrics behind `Authorization: Bearer <token>`. With METRICS_PORT, /metrics is served
 * on that port alone (`metricsOnly`) and never on the public one; with neither, not at all.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { metricsHandler, type Metrics } from '../metrics.js';
import type { Readiness } from './readiness.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export type MetricsExposure =
  | { kind: 'none' }
  | { kind: 'port'; port: number }
  | { kind: 'token'; token: string };

/** METRICS_PORT wins over METRICS_TOKEN; neither → /metrics is not served. */
export function metricsExposureFromEnv(env: NodeJS.ProcessEnv): MetricsExposure {
  const port = env.METRICS_PORT?.trim();
  if (port) return { kind: 'port', port: Number(port) };
  const token = env.METRICS_TOKEN?.trim();
  if (token) return { kind: 'token', token };
  return { kind: 'none' };
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}

export function healthRoutes(readiness: Readiness): RouteHandler {
  return (req, res) => {
    const path = pathOf(req);
    if (path !== '/healthz' && path !== '/readyz') return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method Not Allowed\n');
      return true;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('ok\n');
      return true;
    }
    void readiness().then((report) => {
      res.writeHead(report.ready ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`${JSON.stringify(report)}\n`);
    });
    return true;
  };
}

/** /metrics on the public port: with METRICS_TOKEN behind the bearer token, otherwise 404. */
export function tokenMetricsRoute(metrics: Pick<Metrics, 'registry'>, exposure: MetricsExposure): RouteHandler {
  const serve = metricsHandler(metrics);
  return (req, res) => {
    if (pathOf(req) !== '/metrics') return false;
    if (exposure.kind !== 'token') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found\n');
      return true;
    }
    if (!bearerMatches(req.headers.authorization, exposure.token)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'text/plain; charset=utf-8' }).end('Unauthorized: send Authorization: Bearer <METRICS_TOKEN>\n');
      return true;
    }
    serve(req, res);
    return true;
  };
}

/** The METRICS_PORT server: /metrics and nothing else. */
export function metricsOnly(metrics: Pick<Metrics, 'registry'>): (req: IncomingMessage, res: ServerResponse) => void {
  const serve = metricsHandler(metrics);
  return (req, res) => {
    if (pathOf(req) === '/metrics') serve(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found: this port serves /metrics only\n');
  };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!.trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
