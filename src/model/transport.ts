import type { Turn } from './turn.js';
import type { ModelRequest } from './types.js';

export interface AttemptOptions {
  /** false after `previous_response_not_found`: send `fullInput` without the chain. */
  withPrevious: boolean;
  /** true after `websocket_connection_limit_reached`: do not reuse a warm socket. */
  freshConnection: boolean;
}

/** One way of running a turn. `start` never throws: every failure arrives through the turn. */
export interface TurnTransport {
  start(request: ModelRequest, attempt: AttemptOptions): Turn;
  close(): void;
}
