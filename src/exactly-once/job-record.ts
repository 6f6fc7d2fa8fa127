/**
 * Durable outcome records of jobs, so a replayed job (a worker died after its commit but
 * before the queue marked the job finished) ends with the first attempt's outcome instead of
 * pushing the same change again.
 *
 * Per job: the status comment the first attempt posted, the head a commit mutation was sent
 * against (written *before* the mutation) and the commit it created (written *after*). Per PR:
 * Spark's own commits (oid → parent), so a job that waited behind another Spark job can tell
 * that the only new commits on the branch are Spark's.
 *
 * Backends: Redis (hashes next to the queue's keys, same TTL as the dedupe records) when the
 * queue runs on Redis; memory otherwise (a process restart loses the in-process queue too).
 */
import type { Redis } from 'ioredis';
import { stripUndefined } from '../strip-undefined.js';

export interface RecordedComment {
  id: number;
  kind: 'issue' | 'review';
}

export interface RecordedCommit {
  oid: string;
  url: string;
  /** The head the commit was made on (its `expectedHeadOid`). */
  parent: string;
}

export interface JobRecord {
  status?: RecordedComment;
  /**
   * Set right before the status comment is posted (an ISO time): a replay that finds this but
   * no `status` looks for the comment by the job's marker instead of posting a second one.
   */
  statusSentAt?: string;
  /** Set right before `createCommitOnBranch` is sent: the head it was sent against. */
  commitSentOn?: string;
  /** Set right after it returned. */
  commit?: RecordedCommit;
}

export interface JobRecords {
  get(jobId: string): Promise<JobRecord>;
  /** Merges `patch` into the job's record (fields not named are kept). */
  update(jobId: string, patch: JobRecord): Promise<void>;
  /** Remembers a commit Spark made on a PR (group "owner/repo#n"). */
  addCommit(group: string, commit: Pick<RecordedCommit, 'oid' | 'parent'>): Promise<void>;
  /** The parent of `oid` when `oid` is one of Spark's own commits on this PR. */
  parentOf(group: string, oid: string): Promise<string | undefined>;
  /** Spark's newest commit on this PR (the last `addCommit`). */
  latestCommit(group: string): Promise<string | undefined>;
}

/** Records live as long as dedupe records: a redelivery after that is a new job anyway. */
export const RECORD_TTL_MS = 24 * 60 * 60 * 1000;

const FIELDS = ['status', 'statusSentAt', 'commitSentOn', 'commit'] as const;

export function createMemoryJobRecords(options: { ttlMs?: number; now?: () => number } = {}): JobRecords {
  const ttlMs = options.ttlMs ?? RECORD_TTL_MS;
  const now = options.now ?? Date.now;
  const jobs = new Map<string, { record: JobRecord; expires: number }>();
  const commits = new Map<string, { parent: string; expires: number }>();
  const latest = new Map<string, { parent: string; expires: number }>();
  const live = <T extends { expires: number }>(map: Map<string, T>, key: string): T | undefined => {
    const entry = map.get(key);
    if (entry && entry.expires <= now()) map.delete(key);
    return entry && entry.expires > now() ? entry : undefined;
  };
  const sweep = (): void => {
    // Insertion order is expiry order for a constant TTL, except for updated entries (which
    // move to the end): stop at the first live entry.
    for (const map of [jobs, commits, latest] as Array<Map<string, { expires: number }>>) {
      for (const [key, entry] of map) {
        if (entry.expires > now()) break;
        map.delete(key);
      }
    }
  };
  return {
    async get(jobId) {
      return { ...live(jobs, jobId)?.record };
    },
    async update(jobId, patch) {
      sweep();
      const record = { ...live(jobs, jobId)?.record, ...stripUndefined(patch) };
      jobs.delete(jobId);
      jobs.set(jobId, { record, expires: now() + ttlMs });
    },
    async addCommit(group, commit) {
      sweep();
      commits.set(`${group}\n${commit.oid}`, { parent: commit.parent, expires: now() + ttlMs });
      latest.delete(group);
      latest.set(group, { parent: commit.oid, expires: now() + ttlMs });
    },
    async latestCommit(group) {
      return live(latest, group)?.parent;
    },
    async parentOf(group, oid) {
      return live(commits, `${group}\n${oid}`)?.parent;
    },
  };
}

/**
 * Keys: `<base>:job:<id>` (hash: status, statusSentAt, commitSentOn, commit as JSON) and
 * `<base>:commits:<group>` (hash oid → parent, and `latest` → the newest), where base is the queue's own namespace
 * (`<prefix>:<queue>:spark`). Each write is one MULTI (HSET + PEXPIRE).
 */
export function createRedisJobRecords(redis: Pick<Redis, 'hgetall' | 'hget' | 'multi'>, base: string, ttlMs = RECORD_TTL_MS): JobRecords {
  const jobKey = (id: string) => `${base}:job:${id}`;
  const commitsKey = (group: string) => `${base}:commits:${group}`;
  return {
    async get(jobId) {
      const raw = await redis.hgetall(jobKey(jobId));
      const record: JobRecord = {};
      if (raw.status) record.status = JSON.parse(raw.status) as RecordedComment;
      if (raw.statusSentAt) record.statusSentAt = raw.statusSentAt;
      if (raw.commitSentOn) record.commitSentOn = raw.commitSentOn;
      if (raw.commit) record.commit = JSON.parse(raw.commit) as RecordedCommit;
      return record;
    },
    async update(jobId, patch) {
      const fields: string[] = [];
      for (const field of FIELDS) {
        const value = patch[field];
        if (value !== undefined) fields.push(field, typeof value === 'string' ? value : JSON.stringify(value));
      }
      if (fields.length === 0) return;
      await exec(redis.multi().hset(jobKey(jobId), ...fields).pexpire(jobKey(jobId), ttlMs));
    },
    async addCommit(group, commit) {
      // `latest` cannot collide with a 40-hex commit id.
      await exec(redis.multi().hset(commitsKey(group), commit.oid, commit.parent, 'latest', commit.oid).pexpire(commitsKey(group), ttlMs));
    },
    async latestCommit(group) {
      return (await redis.hget(commitsKey(group), 'latest')) ?? undefined;
    },
    async parentOf(group, oid) {
      return (await redis.hget(commitsKey(group), oid)) ?? undefined;
    },
  };
}

/** MULTI/EXEC reports per-command errors in its reply instead of rejecting. */
async function exec(multi: ReturnType<Redis['multi']>): Promise<void> {
  const replies = await multi.exec();
  const failed = replies?.find(([error]) => error);
  if (!replies) throw new Error('Redis discarded the transaction');
  if (failed?.[0]) throw failed[0];
}

