import { describe, expect, it } from '@jest/globals';
import { SparkError } from '../../src/errors.js';
import { describeFailure } from '../../src/jobs/failure.js';

describe('describeFailure', () => {
  it('shows our own errors as they explain themselves, and hides unknown ones', () => {
    expect(describeFailure(new SparkError('x', { userMessage: 'Do this.' }), 'd1')).toEqual({ userMessage: 'Do this.', level: 'warn' });
    const { userMessage: hidden, level } = describeFailure(new Error('ECONNRESET at 10.0.0.1 with token ghs_secret'), 'd2');
    expect(level).toBe('error');
    expect(hidden).not.toContain('ghs_secret');
    expect(hidden).toContain('`d2`');
  });
});
