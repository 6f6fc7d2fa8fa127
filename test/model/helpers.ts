import type { ModelEvent, ModelResult } from '../../src/model/index.js';
import type { ModelLogger } from '../../src/model/logger.js';

export interface Collected {
  deltas: string[];
  types: string[];
  result?: ModelResult;
  error?: unknown;
  /** Text a consumer that honours `reset` would hold at the end. */
  visibleText: string;
}

/** Drains a turn like the job does: discards deltas on `reset`, records the outcome. */
export async function drain(events: AsyncIterable<ModelEvent>): Promise<Collected> {
  const out: Collected = { deltas: [], types: [], visibleText: '' };
  try {
    for await (const event of events) {
      out.types.push(event.type);
      if (event.type === 'delta') {
        out.deltas.push(event.text);
        out.visibleText += event.text;
      } else if (event.type === 'reset') {
        out.visibleText = '';
      } else {
        out.result = event.result;
      }
    }
  } catch (error) {
    out.error = error;
  }
  return out;
}

export interface LogEntry {
  level: string;
  obj: object | string;
  msg?: string;
}

export function recordingLogger(): { log: ModelLogger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      entries.push(msg === undefined ? { level, obj } : { level, obj, msg });
    };
  return { log: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, entries };
}

/** Deterministic "random" for backoff: always the maximum of the jitter window. */
export const maxJitter = (): number => 0.999999;
