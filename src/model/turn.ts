import { Channel } from './channel.js';
import { ModelConnectionError, type ModelError } from './errors.js';
import type { ModelEvent, ModelUsage, Transport } from './types.js';

export type DeltaEvent = Extract<ModelEvent, { type: 'delta' }>;

/** What a transport hands the client once the provider confirmed completion. */
export interface TurnFinal {
  type: 'final';
  responseId?: string;
  usage: ModelUsage;
  transport: Transport;
  connectMs: number;
  sentAt: number;
  firstDeltaAt: number;
  completedAt: number;
}

export type TurnItem = DeltaEvent | TurnFinal;

/**
 * One attempt of one turn on one transport. Transports feed it provider events; the client
 * reads `channel`. Settles exactly once: `final` then end, or `fail`. Timings are taken
 * where bytes arrive, not where the consumer happens to read them.
 */
export class Turn {
  readonly channel = new Channel<TurnItem>();
  connectMs = 0;
  sentAt = 0;
  firstDeltaAt = 0;
  responseId: string | undefined;
  /** Bumped per provider event; the idle watchdog compares snapshots instead of re-arming a timer per delta. */
  events = 0;
  /** Set when the provider ended the response itself (completed / failed / incomplete). */
  terminal = false;
  completed = false;
  failure: ModelError | undefined;
  private settled = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly cleanups: Array<() => void> = [];

  constructor(readonly transport: Transport) {
    this.channel.onCancel = () => this.cancel();
  }

  get isSettled(): boolean {
    return this.settled;
  }

  /**
   * When the consumer is behind, deltas still waiting in the queue are coalesced into one
   * event: at >1M tokens/s this removes most per-token promises and objects, and it adds no
   * latency because only text nobody has read yet is merged.
   */
  delta(text: string): void {
    if (this.settled) return;
    if (this.firstDeltaAt === 0) this.firstDeltaAt = performance.now();
    const last = this.channel.lastBuffered();
    if (last !== undefined && last.type === 'delta') {
      last.text += text;
      return;
    }
    this.channel.push({ type: 'delta', text });
  }

  complete(usage: ModelUsage): void {
    if (this.settled) return;
    const completedAt = performance.now();
    this.completed = true;
    this.settleCleanup();
    const final: TurnFinal = {
      type: 'final',
      usage,
      transport: this.transport,
      connectMs: this.connectMs,
      sentAt: this.sentAt,
      firstDeltaAt: this.firstDeltaAt || completedAt,
      completedAt,
    };
    if (this.responseId !== undefined) final.responseId = this.responseId;
    this.channel.push(final);
    this.channel.end();
  }

  fail(error: ModelError): void {
    if (this.settled) return;
    this.failure = error;
    this.settleCleanup();
    this.channel.fail(error);
  }

  /** Runs when the turn settles or the consumer walks away; used to release sockets/requests. */
  onSettle(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  /** Treat `idleMs` without any provider event as a dead connection (half-open sockets never error). */
  watchIdle(idleMs: number): void {
    if (!(idleMs > 0) || !Number.isFinite(idleMs)) return;
    let seen = -1;
    this.idleTimer = setInterval(
      () => {
        if (this.events === seen) {
          this.fail(new ModelConnectionError(`No data from the model API for ${idleMs} ms; treating the connection as dropped.`));
        }
        seen = this.events;
      },
      Math.max(1, Math.floor(idleMs / 2)),
    );
    this.idleTimer.unref();
  }

  /** The consumer stopped reading (break / abort): run cleanups without surfacing an error. */
  cancel(): void {
    if (this.settled) return;
    this.settleCleanup();
  }

  private settleCleanup(): void {
    this.settled = true;
    if (this.idleTimer !== undefined) clearInterval(this.idleTimer);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}
