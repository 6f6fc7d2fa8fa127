/**
 * Typed wrappers around the Lua scripts. ioredis's defineCommand sends EVALSHA and reloads
 * the script transparently after NOSCRIPT (e.g. once Redis restarted), which plain EVAL
 * calls would also survive but at the cost of shipping the script on every call.
 */
import type { Redis } from 'ioredis';
import { ACCEPT, CLAIM, DROP_HEAD, EXTEND, FINISH, RELEASE, REREGISTER, UNACCEPT } from './redis-scripts.js';
import type { GroupKeys } from './redis-keys.js';

type Script = (...keysAndArgs: (string | number)[]) => Promise<unknown>;

function define(redis: Redis, name: string, numberOfKeys: number, lua: string): Script {
  redis.defineCommand(name, { numberOfKeys, lua });
  const fn = (redis as unknown as Record<string, Script>)[name];
  if (!fn) throw new Error(`ioredis did not define ${name}`);
  return fn.bind(redis);
}

export type ClaimResult =
  | { kind: 'claimed' }
  | { kind: 'locked' }
  | { kind: 'behind'; head: string; position: number }
  | { kind: 'missing' }
  | { kind: 'done' };

export interface QueueCommands {
  accept(k: GroupKeys, id: string, ttlMs: number, nowMs: number): Promise<{ accepted: boolean; position: number }>;
  unaccept(k: GroupKeys, id: string): Promise<void>;
  claim(k: GroupKeys, id: string, token: string, lockTtlMs: number): Promise<ClaimResult>;
  reregister(k: GroupKeys, id: string): Promise<void>;
  extend(k: GroupKeys, token: string, lockTtlMs: number): Promise<boolean>;
  /** Releases the lock if this token owns it; the job keeps its place at the group head. */
  release(k: GroupKeys, token: string): Promise<void>;
  /** Returns the id of the group's next job, if any. */
  finish(k: GroupKeys, id: string, token: string): Promise<string | null>;
  dropHead(k: GroupKeys, id: string): Promise<boolean>;
}

export function queueCommands(redis: Redis): QueueCommands {
  const accept = define(redis, 'sparkAccept', 2, ACCEPT);
  const unaccept = define(redis, 'sparkUnaccept', 2, UNACCEPT);
  const claim = define(redis, 'sparkClaim', 3, CLAIM);
  const reregister = define(redis, 'sparkReregister', 1, REREGISTER);
  const extend = define(redis, 'sparkExtend', 1, EXTEND);
  const release = define(redis, 'sparkRelease', 1, RELEASE);
  const finish = define(redis, 'sparkFinish', 3, FINISH);
  const dropHead = define(redis, 'sparkDropHead', 1, DROP_HEAD);

  return {
    async accept(k, id, ttlMs, nowMs) {
      const [flag, n] = (await accept(k.dedupe, k.group, id, ttlMs, nowMs)) as [number, number];
      // Accepted: n = list length after RPUSH, so n - 1 jobs are ahead. Duplicate: n = LPOS.
      return flag === 1 ? { accepted: true, position: n - 1 } : { accepted: false, position: n };
    },
    async unaccept(k, id) {
      await unaccept(k.dedupe, k.group, id);
    },
    async claim(k, id, token, lockTtlMs) {
      const reply = (await claim(k.group, k.lock, k.dedupe, id, token, lockTtlMs)) as [number, string?, number?];
      switch (reply[0]) {
        case 1:
          return { kind: 'claimed' };
        case 0:
          return { kind: 'locked' };
        case -1:
          return { kind: 'behind', head: reply[1] ?? '', position: reply[2] ?? 1 };
        case -3:
          return { kind: 'done' };
        default:
          return { kind: 'missing' };
      }
    },
    async reregister(k, id) {
      await reregister(k.group, id);
    },
    async extend(k, token, lockTtlMs) {
      return (await extend(k.lock, token, lockTtlMs)) === 1;
    },
    async release(k, token) {
      await release(k.lock, token);
    },
    async finish(k, id, token) {
      const next = (await finish(k.group, k.lock, k.dedupe, id, token)) as string | null;
      return next ?? null;
    },
    async dropHead(k, id) {
      return (await dropHead(k.group, id)) === 1;
    },
  };
}
