/**
 * `/spark cancel` across processes. With REDIS_URL the comment reaches a receiver while the
 * job runs in some worker: the receiver publishes the PR/issue on `<base>:cancel`; every process
 * (receivers and workers, each with one subscriber connection) cancels it in its own
 * CancelRegistry and answers on `<base>:cancel-replies` with what that did. PUBLISH says how
 * many processes got the request, so the receiver waits for exactly that many answers (capped
 * by `timeoutMs`) and reports the one that found the job: stopped, or its commit had landed.
 * A group has one job running at a time (the queue's per-PR lock), so at most one finds it.
 * Without Redis, the registry of this one process is all there is.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Log } from '../log.js';
import type { CancelOutcome, CancelRegistry } from './cancel.js';

export interface CancelBus {
  cancel(group: string): Promise<CancelOutcome>;
  close(): Promise<void>;
}

export interface CancelBusOptions {
  /** BullMQ queue name and prefix, as given to the queue (defaults: SPARK_QUEUE_NAME or "spark-jobs", "bull"). */
  queueName?: string;
  prefix?: string;
  /** How long a cancel waits for the other processes' answers (default 5 s, inside GitHub's 10 s webhook timeout). */
  timeoutMs?: number;
  log?: Pick<Log, 'warn'>;
}

interface Request {
  id: string;
  group: string;
}

interface Reply {
  id: string;
  outcome: CancelOutcome;
}

export function createCancelBus(env: NodeJS.ProcessEnv, registry: CancelRegistry, options: CancelBusOptions = {}): CancelBus {
  const url = env.REDIS_URL?.trim();
  if (!url) return { cancel: (group) => registry.cancel(group), close: async () => undefined };
  const base = `${options.prefix ?? 'bull'}:${options.queueName ?? (env.SPARK_QUEUE_NAME?.trim() || 'spark-jobs')}:spark`;
  const requests = `${base}:cancel`;
  const replies = `${base}:cancel-replies`;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const warn = (err: unknown, msg: string): void => options.log?.warn({ err }, msg);

  // A subscribed connection can only (un)subscribe: publishing needs a second one.
  const subscriber = new Redis(url, { maxRetriesPerRequest: null, disconnectTimeout: 300 });
  const publisher = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 2_000, disconnectTimeout: 300 });
  subscriber.on('error', (err) => warn(err, 'redis (cancel subscriber) connection error'));
  publisher.on('error', (err) => warn(err, 'redis (cancel publisher) connection error'));
  const subscribed = subscriber.subscribe(requests, replies).catch((err: unknown) => warn(err, 'could not subscribe to cancel requests'));

  const waiting = new Map<string, (outcome: CancelOutcome) => void>();
  subscriber.on('message', (channel: string, message: string) => {
    const data = parse(message);
    if (!data) return;
    if (channel === replies && 'outcome' in data) waiting.get(data.id)?.(data.outcome);
    if (channel === requests && 'group' in data) {
      void registry.cancel(data.group).then((outcome) =>
        publisher.publish(replies, JSON.stringify({ id: data.id, outcome } satisfies Reply)).catch((err: unknown) => warn(err, 'could not answer a cancel request')),
      );
    }
  });

  return {
    async cancel(group) {
      // A job of this group running here is the only one (one job per group at a time).
      const local = await registry.cancel(group);
      if (local.kind !== 'idle') return local;
      await subscribed;
      const id = randomUUID();
      const answers: CancelOutcome[] = [];
      let expected = Number.POSITIVE_INFINITY;
      let timer: NodeJS.Timeout | undefined;
      try {
        return await new Promise<CancelOutcome>((resolve) => {
          const settle = (): void => resolve(answers.find((a) => a.kind !== 'idle') ?? { kind: 'idle' });
          waiting.set(id, (outcome) => {
            answers.push(outcome);
            if (outcome.kind !== 'idle' || answers.length >= expected) settle();
          });
          timer = setTimeout(settle, timeoutMs);
          publisher.publish(requests, JSON.stringify({ id, group } satisfies Request)).then(
            (receivers) => {
              expected = receivers;
              if (answers.length >= expected) settle();
            },
            (err: unknown) => {
              warn(err, 'could not publish a cancel request; only this process was asked');
              settle();
            },
          );
        });
      } finally {
        clearTimeout(timer);
        waiting.delete(id);
      }
    },
    async close() {
      await Promise.allSettled([quit(subscriber), quit(publisher)]);
    },
  };
}

function parse(message: string): Request | Reply | undefined {
  try {
    const data = JSON.parse(message) as Partial<Request & Reply>;
    if (typeof data.id !== 'string') return undefined;
    if (typeof data.group === 'string') return { id: data.id, group: data.group };
    if (data.outcome && typeof data.outcome.kind === 'string') return { id: data.id, outcome: data.outcome };
    return undefined;
  } catch {
    return undefined;
  }
}

async function quit(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  await redis.quit().catch(() => redis.disconnect());
}
