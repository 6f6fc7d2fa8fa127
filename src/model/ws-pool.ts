import type WebSocket from 'ws';
import { abortError } from './abort.js';
import { ModelConnectionError } from './errors.js';
import type { Log } from '../log.js';
import { WsConnection } from './ws-connection.js';

export interface WsPoolOptions {
  url: string;
  apiKey: string;
  size: number;
  connectTimeoutMs: number;
  maxAgeMs: number;
  keepAliveMs: number;
  WebSocket: typeof WebSocket;
  log: Log;
}

export interface Lease {
  connection: WsConnection;
  /** 0 when a warm connection was reused. */
  connectMs: number;
}

/**
 * Lazily opened warm sockets, one turn each. A follow-up prefers the socket that produced
 * its `previous_response_id`: with store=false that response only lives in that socket's
 * memory. Sockets older than `maxAgeMs` are retired at the next acquire (before the
 * server's 60-minute cap ends them mid-turn).
 */
export class WsPool {
  private readonly idle: WsConnection[] = [];
  private readonly busy = new Set<WsConnection>();
  private opening = 0;
  private readonly waiters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly options: WsPoolOptions) {}

  get stats(): { idle: number; busy: number; opening: number } {
    return { idle: this.idle.length, busy: this.busy.size, opening: this.opening };
  }

  async acquire(preferResponseId: string | undefined, signal: AbortSignal | undefined, fresh = false): Promise<Lease> {
    for (;;) {
      if (this.closed) throw new ModelConnectionError('The model client is closed.');
      if (signal?.aborted) throw abortError(signal);
      this.retireStale();
      if (fresh) this.retireAllIdle();
      const warm = this.takeIdle(preferResponseId);
      if (warm !== undefined) {
        this.busy.add(warm);
        return { connection: warm, connectMs: 0 };
      }
      if (this.busy.size + this.opening < this.options.size) return this.openNew(signal);
      await this.waitForSlot(signal);
    }
  }

  /** Healthy sockets go back to the pool; anything doubtful is closed. */
  release(connection: WsConnection, reusable: boolean): void {
    connection.detach();
    if (!this.busy.delete(connection)) return;
    if (reusable && !connection.closed && !this.closed && !this.isStale(connection)) {
      this.idle.push(connection);
    } else {
      connection.close();
    }
    this.waiters.shift()?.();
  }

  close(): void {
    this.closed = true;
    for (const connection of [...this.idle, ...this.busy]) connection.close();
    this.idle.length = 0;
    this.busy.clear();
    for (const wake of this.waiters.splice(0)) wake();
  }

  private async openNew(signal: AbortSignal | undefined): Promise<Lease> {
    this.opening++;
    const started = performance.now();
    try {
      const connection = await WsConnection.open({
        url: this.options.url,
        apiKey: this.options.apiKey,
        timeoutMs: this.options.connectTimeoutMs,
        WebSocket: this.options.WebSocket,
        ...(signal === undefined ? {} : { signal }),
      });
      const connectMs = performance.now() - started;
      if (this.closed) {
        connection.close();
        throw new ModelConnectionError('The model client is closed.');
      }
      connection.onClosed = (c) => this.forget(c);
      connection.keepAlive(this.options.keepAliveMs);
      this.busy.add(connection);
      this.options.log.debug({ connectMs: Math.round(connectMs) }, 'model websocket opened');
      return { connection, connectMs };
    } finally {
      this.opening--;
      // A failed open frees a slot someone may be waiting for.
      if (this.waiters.length > 0 && this.busy.size + this.opening < this.options.size) this.waiters.shift()?.();
    }
  }

  private takeIdle(preferResponseId: string | undefined): WsConnection | undefined {
    if (preferResponseId !== undefined) {
      const index = this.idle.findIndex((c) => c.lastResponseId === preferResponseId);
      if (index !== -1) return this.idle.splice(index, 1)[0];
    }
    // Most recently used first: keeps the others idle long enough to be retired if unneeded.
    return this.idle.pop();
  }

  private forget(connection: WsConnection): void {
    const index = this.idle.indexOf(connection);
    if (index !== -1) this.idle.splice(index, 1);
  }

  private isStale(connection: WsConnection): boolean {
    return performance.now() - connection.openedAt > this.options.maxAgeMs;
  }

  private retireStale(): void {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const connection = this.idle[i] as WsConnection;
      if (connection.closed || this.isStale(connection)) {
        this.idle.splice(i, 1);
        if (!connection.closed) this.options.log.debug('model websocket rotated before the server lifetime cap');
        connection.close();
      }
    }
  }

  private retireAllIdle(): void {
    for (const connection of this.idle.splice(0)) connection.close();
  }

  private waitForSlot(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiters.indexOf(wake);
        if (index !== -1) this.waiters.splice(index, 1);
        reject(abortError(signal as AbortSignal));
      };
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiters.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
