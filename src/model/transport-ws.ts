import { abortError } from './abort.js';
import { toModelError } from './to-model-error.js';
import type { AttemptOptions, TurnTransport } from './transport.js';
import { Turn } from './turn.js';
import type { BodyDefaults } from './request-body.js';
import { responsesBody } from './request-body.js';
import type { ModelRequest } from './types.js';
import type { WsPool } from './ws-pool.js';

/** Failures after which the socket's state is unknown: never hand it to another turn. */
const SOCKET_SUSPECT = new Set(['connection', 'connection_limit', 'aborted', 'deadline']);

export class WebSocketTransport implements TurnTransport {
  constructor(
    private readonly pool: WsPool,
    private readonly defaults: BodyDefaults,
    private readonly idleTimeoutMs: number,
  ) {}

  start(request: ModelRequest, attempt: AttemptOptions): Turn {
    const turn = new Turn('websocket');
    const signal = request.signal;
    if (signal !== undefined) {
      const onAbort = (): void => turn.fail(abortError(signal));
      if (signal.aborted) {
        onAbort();
        return turn;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      turn.onSettle(() => signal.removeEventListener('abort', onAbort));
    }
    const body = responsesBody(request, this.defaults, attempt.withPrevious);
    // Built before connecting so serialisation is not on the warm path's clock.
    const message = JSON.stringify({ type: 'response.create', ...body });
    const prefer = attempt.withPrevious ? request.previousResponseId : undefined;
    this.pool.acquire(prefer, signal, attempt.freshConnection).then(
      ({ connection, connectMs }) => {
        if (turn.isSettled) {
          this.pool.release(connection, true);
          return;
        }
        turn.connectMs = connectMs;
        turn.onSettle(() => {
          // An error before response.created means the request was rejected and nothing is in flight.
          const reusable =
            turn.completed ||
            turn.terminal ||
            (turn.responseId === undefined && turn.failure !== undefined && !SOCKET_SUSPECT.has(turn.failure.code));
          if (turn.completed && turn.responseId !== undefined) connection.lastResponseId = turn.responseId;
          this.pool.release(connection, reusable);
        });
        turn.watchIdle(this.idleTimeoutMs);
        connection.send(turn, message);
      },
      (error: unknown) => turn.fail(toModelError(error)),
    );
    return turn;
  }

  close(): void {
    this.pool.close();
  }
}
