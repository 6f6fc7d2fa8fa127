import { describe, expect, it } from '@jest/globals';
import { SparkError } from '../src/errors.js';

class ExampleError extends SparkError {}

describe('SparkError', () => {
  it('names the subclass, keeps the cause, and defaults the user message', () => {
    const cause = new Error('socket hang up');
    const error = new ExampleError('could not reach the model', { cause });
    expect(error.name).toBe('ExampleError');
    expect(error.cause).toBe(cause);
    expect(error.userMessage).toBe('could not reach the model');
  });

  it('keeps a separate user-safe message', () => {
    const error = new ExampleError('401 from https://api.openai.com with key sk-abc', {
      userMessage: 'The model rejected the API key: set OPENAI_API_KEY.',
    });
    expect(error.userMessage).not.toContain('sk-');
  });
});
