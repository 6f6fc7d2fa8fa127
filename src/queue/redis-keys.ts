/** Names of the queue's own Redis keys (BullMQ's keys live under its own prefix). */
export interface GroupKeys {
  dedupe: string;
  group: string;
  lock: string;
}

export function keysFor(base: string, id: string, group: string): GroupKeys {
  return {
    dedupe: `${base}:dedupe:${id}`,
    group: `${base}:group:${group}`,
    lock: `${base}:lock:${group}`,
  };
}

export function dedupeKey(base: string, id: string): string {
  return `${base}:dedupe:${id}`;
}
