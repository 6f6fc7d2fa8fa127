import { describe, expect, it } from '@jest/globals';
import { createModelClient, ModelError } from '../../src/model/index.js';
import { drain } from './helpers.js';

/** A chat completions endpoint answering with exactly these SSE `data:` payloads. */
function chatFetch(payloads: string[]): typeof fetch {
  return async () => {
    const body = payloads.map((p) => `data: ${p}\n\n`).join('');
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
}

const chunk = (content: string | undefined, finish: string | null): string =>
  JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: content === undefined ? {} : { content }, finish_reason: finish }] });

const PATCH = '*** Begin Patch\n*** Update File: a.py\n@@\n-x = 1\n';

describe('how a chat stream ended decides whether the reply counts as finished', () => {
  it('a [DONE] with no finish_reason before it never yields done (the reply may be cut off)', async () => {
    const client = createModelClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9', model: 'm', transport: 'chat', maxRetries: 0, fetch: chatFetch([chunk(PATCH, null), '[DONE]']) });
    const out = await drain(client.stream({ instructions: 'sys', input: 'fix' }));
    await client.close();
    expect(out.types).not.toContain('done');
    expect(out.error).toBeInstanceOf(ModelError);
    expect((out.error as ModelError).code).toBe('connection');
  });

  it('finish_reason "length" is an incomplete answer whose message says the reply was cut off and nothing changed', async () => {
    const client = createModelClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9', model: 'm', transport: 'chat', maxRetries: 0, fetch: chatFetch([chunk(PATCH, null), chunk(undefined, 'length'), '[DONE]']) });
    const out = await drain(client.stream({ instructions: 'sys', input: 'fix' }));
    await client.close();
    expect(out.types).not.toContain('done');
    expect((out.error as ModelError).code).toBe('incomplete');
    expect((out.error as ModelError).userMessage).toMatch(/cut off .*max_output_tokens.*nothing was changed/);
  });

  it('finish_reason "stop" then [DONE] is a finished answer', async () => {
    const client = createModelClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9', model: 'm', transport: 'chat', maxRetries: 0, fetch: chatFetch([chunk('ok', null), chunk(undefined, 'stop'), '[DONE]']) });
    const out = await drain(client.stream({ instructions: 'sys', input: 'fix' }));
    await client.close();
    expect(out.result?.text).toBe('ok');
  });
});
