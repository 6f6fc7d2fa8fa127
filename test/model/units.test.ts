import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { backoffDelayMs, parseRetryAfterMs } from '../../src/model/backoff.js';
import { Channel } from '../../src/model/channel.js';
import { ModelConfigError, endpointsFor, modelOptionsFromEnv } from '../../src/model/index.js';
import { redactSecrets } from '../../src/model/redact.js';
import { SseParser } from '../../src/model/sse-parser.js';
import { fastDelta } from '../../src/model/responses-events.js';
import { providerError } from '../../src/model/status-errors.js';

describe('modelOptionsFromEnv', () => {
  it('applies the documented defaults', () => {
    expect(modelOptionsFromEnv({})).toEqual({
      apiKey: '',
      baseUrl: 'https://api.openai.com/v1',
      model: 'gpt-5.3-codex-spark',
      transport: 'websocket',
    });
  });

  it('reads every variable', () => {
    const options = modelOptionsFromEnv({
      OPENAI_API_KEY: 'sk-x',
      OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1',
      SPARK_MODEL: 'qwen2.5-coder',
      SPARK_TRANSPORT: 'CHAT',
      SPARK_STORE: 'true',
      SPARK_POOL_SIZE: '4',
      SPARK_MAX_RETRIES: '0',
      SPARK_MAX_OUTPUT_TOKENS: '2048',
    });
    expect(options).toEqual({
      apiKey: 'sk-x',
      baseUrl: 'http://127.0.0.1:8000/v1',
      model: 'qwen2.5-coder',
      transport: 'chat',
      store: true,
      poolSize: 4,
      maxRetries: 0,
      maxOutputTokens: 2048,
    });
  });

  it('rejects an unknown transport with a message that lists the valid ones', () => {
    expect(() => modelOptionsFromEnv({ SPARK_TRANSPORT: 'grpc' })).toThrow(ModelConfigError);
    expect(() => modelOptionsFromEnv({ SPARK_TRANSPORT: 'grpc' })).toThrow(/websocket, sse, chat/);
    expect(() => modelOptionsFromEnv({ SPARK_POOL_SIZE: 'many' })).toThrow(/SPARK_POOL_SIZE/);
    expect(() => modelOptionsFromEnv({ SPARK_STORE: 'yes' })).toThrow(/SPARK_STORE/);
  });
});

describe('endpointsFor', () => {
  it('derives ws:// and wss:// from the base URL', () => {
    expect(endpointsFor('http://127.0.0.1:1234/v1')).toEqual({
      responsesWs: 'ws://127.0.0.1:1234/v1/responses',
      responsesHttp: 'http://127.0.0.1:1234/v1/responses',
      chatHttp: 'http://127.0.0.1:1234/v1/chat/completions',
    });
    expect(endpointsFor('https://api.openai.com/v1/').responsesWs).toBe('wss://api.openai.com/v1/responses');
    expect(endpointsFor('https://gw.example.com/openai/v1').responsesWs).toBe('wss://gw.example.com/openai/v1/responses');
  });

  it('rejects non-http URLs', () => {
    expect(() => endpointsFor('ftp://x/v1')).toThrow(ModelConfigError);
    expect(() => endpointsFor('not a url')).toThrow(/OPENAI_BASE_URL/);
  });
});

describe('SseParser', () => {
  const stream =
    'event: response.created\ndata: {"a":1}\n\n' +
    ': keep-alive comment\n\n' +
    'data: line one\ndata: line two\n\n' +
    'event: x\r\ndata:no-space\r\n\r\n' +
    'data: [DONE]\n\n' +
    'data: unterminated';
  const expected = [
    ['response.created', '{"a":1}'],
    ['message', 'line one\nline two'],
    ['x', 'no-space'],
    ['message', '[DONE]'],
  ];

  it('parses events, comments, multi-line data and CRLF', () => {
    const events: string[][] = [];
    const parser = new SseParser((event, data) => events.push([event, data]));
    parser.push(stream);
    parser.finish();
    expect(events).toEqual(expected);
  });

  it('gives the same events however the bytes are chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const events: string[][] = [];
        const parser = new SseParser((event, data) => events.push([event, data]));
        let last = 0;
        for (const point of [...points, stream.length]) {
          parser.push(stream.slice(last, point));
          last = point;
        }
        parser.finish();
        expect(events).toEqual(expected);
      }),
    );
  });
});

describe('backoff', () => {
  it('grows exponentially within the cap, with full jitter', () => {
    expect(backoffDelayMs(0, 100, 1000, () => 0.5)).toBe(50);
    expect(backoffDelayMs(3, 100, 1000, () => 0.999)).toBe(799);
    expect(backoffDelayMs(10, 100, 1000, () => 0.999)).toBe(999);
    expect(backoffDelayMs(2, 100, 1000, () => 0)).toBe(0);
  });

  it('parses retry-after seconds, HTTP dates and retry-after-ms', () => {
    expect(parseRetryAfterMs('2')).toBe(2000);
    expect(parseRetryAfterMs('0.5')).toBe(500);
    expect(parseRetryAfterMs('2', '120')).toBe(120);
    expect(parseRetryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', null, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfterMs(null)).toBeUndefined();
    expect(parseRetryAfterMs('soon')).toBeUndefined();
  });
});

describe('provider error mapping', () => {
  it('maps statuses and codes to the error taxonomy', () => {
    expect(providerError({ status: 401 }, '').code).toBe('auth');
    expect(providerError({ status: 403 }, '').code).toBe('auth');
    expect(providerError({ status: 400 }, '').code).toBe('bad_request');
    expect(providerError({ status: 404 }, '').retryable).toBe(false);
    expect(providerError({ status: 429, retryAfterMs: 5 }, '')).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 5 });
    expect(providerError({ status: 500 }, '')).toMatchObject({ code: 'server', retryable: true });
    expect(providerError({ status: 400, code: 'previous_response_not_found' }, '').code).toBe('previous_response_not_found');
    expect(providerError({ status: 400, code: 'websocket_connection_limit_reached' }, '').code).toBe('connection_limit');
    expect(providerError({ status: 429, code: 'insufficient_quota' }, '')).toMatchObject({ code: 'failed', retryable: false });
    expect(providerError({ code: 'insufficient_quota' }, '')).toMatchObject({ code: 'failed', retryable: false });
  });
});

describe('redactSecrets', () => {
  it('removes the configured key and key-shaped tokens', () => {
    const out = redactSecrets('Incorrect API key provided: my-custom-key-1234 and sk-proj-AbC123xyz***', 'my-custom-key-1234');
    expect(out).not.toContain('my-custom-key-1234');
    expect(out).not.toContain('AbC123');
    expect(out).toContain('[redacted]');
  });
});

describe('Channel', () => {
  it('delivers buffered items before a failure, and nothing after return()', async () => {
    const channel = new Channel<number>();
    channel.push(1);
    channel.push(2);
    channel.fail(new Error('boom'));
    await expect(channel.next()).resolves.toEqual({ value: 1, done: false });
    await expect(channel.next()).resolves.toEqual({ value: 2, done: false });
    await expect(channel.next()).rejects.toThrow('boom');

    let cancelled = 0;
    const other = new Channel<number>();
    other.onCancel = () => cancelled++;
    const pending = other.next();
    await other.return();
    other.push(3);
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    expect(cancelled).toBe(1);
  });
});

describe('fastDelta', () => {
  const frame = (delta: string): string =>
    JSON.stringify({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta, logprobs: [], sequence_number: 7 });

  it('extracts exactly what JSON.parse would, for any text (quotes, backslashes, unicode)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('\\', '"', '\\"', 'a\\\\', '\n\t', '\u2028')), (text) => {
        expect(fastDelta(frame(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('declines frames it cannot read safely, so the full parser handles them', () => {
    expect(fastDelta('{"delta":"x","type":"response.output_text.delta"}')).toBeUndefined();
    expect(fastDelta('{"type":"response.created","response":{}}')).toBeUndefined();
    expect(fastDelta('{"type":"response.output_text.delta","delta":"unterminated')).toBeUndefined();
  });
});
