import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { ProbotOctokit } from 'probot';
import { createMetrics, metricsHandler, metricsHooks, routeClass } from '../src/metrics.js';
import { ModelError } from '../src/model/errors.js';
import type { ModelClient, ModelEvent } from '../src/model/types.js';
import { githubMetricsPlugin } from '../src/ops/github-metrics.js';
import { instrumentModel } from '../src/ops/model-metrics.js';
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

describe('operator metrics: model tokens and errors, GitHub requests, oldest job', () => {
  it('counts model tokens in/out by model and failed turns by kind', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const turns: (ModelEvent[] | Error)[] = [
      [{ type: 'delta', text: 'x' }, { type: 'done', result: { text: 'x', usage: { inputTokens: 1200, outputTokens: 80 }, timings: { connectMs: 0, ttftMs: 100, totalMs: 200, tokensPerSecond: 800 }, transport: 'sse', retries: 0 } }],
      new ModelError('rate_limited', true, '429'),
    ];
    const inner: ModelClient = {
      stream: () => {
        const turn = turns.shift()!;
        return (async function* () {
          if (turn instanceof Error) throw turn;
          yield* turn;
        })();
      },
      close: async () => undefined,
    };
    const model = instrumentModel(inner, metrics, 'gpt-5.3-codex-spark');
    for await (const _ of model.stream({ instructions: '', input: 'x' })) void _;
    await expect((async () => {
      for await (const _ of model.stream({ instructions: '', input: 'x', model: 'other' })) void _;
    })()).rejects.toThrow('429');
    const text = await metrics.registry.metrics();
    expect(text).toContain('spark_model_tokens_total{model="gpt-5.3-codex-spark",direction="in"} 1200');
    expect(text).toContain('spark_model_tokens_total{model="gpt-5.3-codex-spark",direction="out"} 80');
    expect(text).toContain('spark_model_errors_total{kind="rate_limited"} 1');
  });

  it('counts GitHub requests by status and route class through the Octokit plugin', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const fakeFetch: typeof fetch = async (url) =>
      new Response(String(url).endsWith('/graphql') ? '{"data":{}}' : '{"message":"Not Found"}', {
        status: String(url).endsWith('/graphql') ? 200 : 404,
        headers: { 'content-type': 'application/json' },
      });
    const Octokit = ProbotOctokit.plugin(githubMetricsPlugin(metrics));
    const octokit = new Octokit({ auth: 'token', request: { fetch: fakeFetch } });
    await octokit.graphql('query { viewer { login } }');
    await expect(octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: 'o', repo: 'r', pull_number: 1 })).rejects.toMatchObject({ status: 404 });
    const text = await metrics.registry.metrics();
    expect(text).toContain('spark_github_requests_total{status="200",route="graphql"} 1');
    expect(text).toContain('spark_github_requests_total{status="404",route="repos.pulls"} 1');
  });

  it('classes routes into a bounded set', () => {
    expect(routeClass('/repos/{owner}/{repo}/issues/{issue_number}/comments')).toBe('repos.issues');
    expect(routeClass('https://ghe.example.com/api/v3/repos/o/r/git/refs')).toBe('repos.git');
    expect(routeClass('POST /app/installations/{installation_id}/access_tokens'.split(' ')[1]!)).toBe('app');
    expect(routeClass('/graphql')).toBe('graphql');
    expect(routeClass('/installation/repositories')).toBe('installation');
  });

  it('exports the oldest job age when the queue can tell it', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.trackQueue({ depth: async () => 2, oldestAgeMs: async () => 4_500 });
    expect(await metrics.registry.metrics()).toContain('spark_queue_oldest_job_age_seconds 4.5');
  });
});
