import { describe, expect, it } from '@jest/globals';
import { warmUp } from '../src/warmup.js';

describe('warmUp', () => {
  it('runs the real parse → apply → suggestions pipeline on its synthetic patch (12 guards added)', () => {
    expect(warmUp(2)).toBe(12);
  });
});
