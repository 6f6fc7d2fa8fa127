/**
 * Lua scripts of the Redis backend. Each runs atomically on the server, which is what makes
 * dedupe, FIFO-per-group and the owner-token lock race-free across processes.
 *
 * Keys per queue (prefix `spark:<queue>`):
 *   dedupe:<id>  "q:<ms>" while queued/running, "done" after; PX = dedupe TTL
 *   group:<g>    list of job ids of one PR in arrival order; the head is the only runnable job
 *   lock:<g>     owner token of the attempt running the head; PX = lock TTL, extended while running
 */

/** KEYS: dedupe, group. ARGV: id, ttlMs, nowMs. → {1, length} accepted | {0, position or -1} duplicate */
export const ACCEPT = `
if redis.call('SET', KEYS[1], 'q:' .. ARGV[3], 'NX', 'PX', ARGV[2]) then
  return {1, redis.call('RPUSH', KEYS[2], ARGV[1])}
end
local pos = redis.call('LPOS', KEYS[2], ARGV[1])
if pos then return {0, pos} end
return {0, -1}
`;

/** KEYS: dedupe, group. ARGV: id. Undo ACCEPT when adding the BullMQ job failed. */
export const UNACCEPT = `
redis.call('DEL', KEYS[1])
redis.call('LREM', KEYS[2], 1, ARGV[1])
return 1
`;

/**
 * KEYS: group, lock, dedupe. ARGV: id, token, lockTtlMs.
 * → {1} lock taken | {0} head but locked (a previous attempt's lock has not expired)
 *   | {-1, head, position} another job is ahead | {-2} not in the group list
 *   | {-3} already done (a stalled replay of a finished job)
 */
export const CLAIM = `
local head = redis.call('LINDEX', KEYS[1], 0)
if head ~= ARGV[1] then
  local pos = redis.call('LPOS', KEYS[1], ARGV[1])
  if pos then return {-1, head, pos} end
  if redis.call('GET', KEYS[3]) == 'done' then return {-3} end
  return {-2}
end
if redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then return {1} end
if redis.call('GET', KEYS[2]) == ARGV[2] then return {1} end
return {0}
`;

/** KEYS: group. ARGV: id. Put a job that lost its list entry back at the tail. */
export const REREGISTER = `
if not redis.call('LPOS', KEYS[1], ARGV[1]) then redis.call('RPUSH', KEYS[1], ARGV[1]) end
return redis.call('LPOS', KEYS[1], ARGV[1])
`;

/** KEYS: lock. ARGV: token, ttlMs. Compare-and-pexpire: only the owner extends. */
export const EXTEND = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** KEYS: lock. ARGV: token. Compare-and-delete: never frees a lock another attempt owns. */
export const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * KEYS: group, lock, dedupe. ARGV: id, token.
 * Marks the job done, leaves the group and releases the lock (compare-and-delete), unless
 * another attempt of this job now owns the lock — then that attempt finishes it.
 * → next head id or false
 */
export const FINISH = `
local owner = redis.call('GET', KEYS[2])
if owner and owner ~= ARGV[2] then return redis.call('LINDEX', KEYS[1], 0) end
if owner then redis.call('DEL', KEYS[2]) end
redis.call('LREM', KEYS[1], 1, ARGV[1])
if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('SET', KEYS[3], 'done', 'KEEPTTL') end
return redis.call('LINDEX', KEYS[1], 0)
`;

/** KEYS: group. ARGV: id. Drop a head that can never run (its job is gone or finished). */
export const DROP_HEAD = `
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then redis.call('LPOP', KEYS[1]) return 1 end
return 0
`;
