import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { createMetrics, metricsHandler, metricsHooks } from '../src/metrics.js';
import { createMemoryQueue } from '../src/queue/memory.js';
import type { JobData } from '../src/queue/types.js';

const job: JobData = { id: 'd1', group: 'o/r#1', kind: 'fix', installationId: 1, payload: {}, receivedAt: 1_000 };

async function withServer<T>(handler: Parameters<typeof createServer>[1], fn: (url: string) => Promise<T>): Promise<T> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('metrics', () => {
  it('exposes jobs by outcome, queue depth, TTFT, tokens/s and end-to-end latency', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const hooks = metricsHooks(metrics, () => 4_000);
    hooks.onEnqueued(job, { accepted: true, waiting: 0 });
    hooks.onEnqueued(job, { accepted: false, waiting: 0 });
    hooks.onStart(job, 250);
    hooks.onSettled(job, 'completed', 1_500);
    metrics.ttft.observe(0.21);
    metrics.tokensPerSecond.observe(1100);
    metrics.trackQueue({ depth: async () => 7 });

    const text = await metrics.registry.metrics();
    expect(text).toContain('spark_jobs_total{outcome="enqueued",kind="fix"} 1');
    expect(text).toContain('spark_jobs_total{outcome="duplicate",kind="fix"} 1');
    expect(text).toContain('spark_jobs_total{outcome="completed",kind="fix"} 1');
    expect(text).toContain('spark_queue_depth 7');
    expect(text).toContain('spark_queue_wait_seconds_sum{kind="fix"} 0.25');
    expect(text).toContain('spark_job_duration_seconds_sum{kind="fix",outcome="completed"} 1.5');
    expect(text).toContain('spark_model_ttft_seconds_bucket{le="0.3"} 1');
    expect(text).toContain('spark_model_ttft_seconds_bucket{le="0.2"} 0');
    expect(text).toContain('spark_model_tokens_per_second_sum 1100');
    // receivedAt 1 000 ms, finished at 4 000 ms → 3 s end to end.
    expect(text).toContain('spark_end_to_end_seconds_sum{kind="fix"} 3');
  });

  it('uses a fresh registry per call, so two instances do not clash', async () => {
    const a = createMetrics({ defaultMetrics: true });
    const b = createMetrics({ defaultMetrics: true });
    a.jobs.inc({ outcome: 'failed', kind: 'fix' });
    expect(await a.registry.metrics()).toContain('spark_jobs_total{outcome="failed",kind="fix"} 1');
    expect(await b.registry.metrics()).not.toContain('outcome="failed"');
    expect(await a.registry.metrics()).toContain('process_cpu_user_seconds_total');
  });

  it('counts real queue outcomes when wired as queue hooks', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const queue = createMemoryQueue({ hooks: metricsHooks(metrics) });
    metrics.trackQueue(queue);
    let done = 0;
    queue.process(async (j) => {
      done++;
      if (j.id === 'bad') throw new Error('nope');
    });
    await queue.enqueue({ ...job, id: 'ok' });
    await queue.enqueue({ ...job, id: 'ok' });
    await queue.enqueue({ ...job, id: 'bad' });
    await queue.close();
    expect(done).toBe(2);
    const text = await metrics.registry.metrics();
    expect(text).toContain('spark_jobs_total{outcome="enqueued",kind="fix"} 2');
    expect(text).toContain('spark_jobs_total{outcome="duplicate",kind="fix"} 1');
    expect(text).toContain('spark_jobs_total{outcome="completed",kind="fix"} 1');
    expect(text).toContain('spark_jobs_total{outcome="failed",kind="fix"} 1');
    expect(text).toContain('spark_queue_depth 0');
  });

  it('serves GET /metrics in the Prometheus text format and refuses POST', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.jobs.inc({ outcome: 'completed', kind: 'suggest' });
    await withServer(metricsHandler(metrics), async (url) => {
      const get = await fetch(url);
      expect(get.status).toBe(200);
      expect(get.headers.get('content-type')).toContain('text/plain');
      expect(await get.text()).toContain('spark_jobs_total{outcome="completed",kind="suggest"} 1');
      const post = await fetch(url, { method: 'POST' });
      expect(post.status).toBe(405);
    });
  });

  it('answers 500 when a collector fails', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.trackQueue({
      depth: async () => {
        throw new Error('redis down');
      },
    });
    await withServer(metricsHandler(metrics), async (url) => {
      const res = await fetch(url);
      expect(res.status).toBe(500);
      expect(await res.text()).toContain('redis down');
    });
  });
});
