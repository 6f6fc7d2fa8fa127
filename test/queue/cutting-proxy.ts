/**
 * A TCP proxy in front of a test Redis that can play "Redis is down" (the port refuses
 * connections, as a stopped redis-server's does) and can cut at one exact moment: the second
 * INFO a client sends on one connection. ioredis sends the first (its ready check); BullMQ
 * sends the second (its version check, the last step of a Queue's start-up). Cutting there is
 * "Redis went away while the app was starting", which a timed stop of redis-server hits only
 * by luck.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { deferred, type Deferred } from './helpers.js';
import { freePort } from './redis-harness.js';

const INFO = /\r\ninfo\r\n/i;

export class CuttingProxy {
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private armed: Deferred | undefined;
  private constructor(
    readonly port: number,
    private readonly targetPort: number,
  ) {}

  /** Starts down: nothing listens until `comeUp`. */
  static async create(targetPort: number): Promise<CuttingProxy> {
    return new CuttingProxy(await freePort(), targetPort);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Redis unreachable: open connections are cut, the port refuses new ones. */
  async goDown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async comeUp(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Comes up; at the first BullMQ version check goes down again (resolves once down). */
  async comeUpAndCutAtVersionCheck(): Promise<void> {
    const cut = deferred();
    this.armed = cut;
    await this.comeUp();
    await cut.promise;
  }

  private accept(client: Socket): void {
    const upstream = connect(this.targetPort, '127.0.0.1');
    this.sockets.add(client).add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    let infos = 0;
    client.on('data', (chunk: Buffer) => {
      if (INFO.test(`\r\n${chunk.toString('latin1')}`)) infos++;
      const cut = this.armed;
      if (cut && infos >= 2) {
        this.armed = undefined;
        void this.goDown().then(() => cut.resolve());
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', drop).on('error', drop);
    upstream.on('close', drop).on('error', drop);
  }
}
