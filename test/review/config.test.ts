import { describe, expect, it } from '@jest/globals';
import { ConfigError, parseConfig } from '../../src/config/schema.js';

describe('review and describe config', () => {
  it('defaults: every finding shown, four parallel turns for a big PR, no label or request trigger, no describe on open', () => {
    const config = parseConfig({});
    expect(config.review).toEqual({ minSeverity: 'nit', parallel: 4 });
    expect(config.describe).toEqual({ onOpen: false });
  });

  it('reads the triggers as people write them: @org/team and @login become the slug and login of the payload', () => {
    expect(parseConfig({ review: { on_request_from: '@octo-org/reviewers' } }).review.onRequestFrom).toBe('reviewers');
    expect(parseConfig({ review: { on_request_from: '@octocat' } }).review.onRequestFrom).toBe('octocat');
    expect(parseConfig({ review: { label: 'spark-review', min_severity: 'risk' } }).review).toEqual({ minSeverity: 'risk', parallel: 4, label: 'spark-review' });
  });

  it('refuses an unknown severity and unknown keys', () => {
    expect(() => parseConfig({ review: { min_severity: 'major' } })).toThrow(ConfigError);
    expect(() => parseConfig({ review: { max_turns: 4 } })).toThrow(/unknown key `review.max_turns`/);
    expect(() => parseConfig({ describe: { on_open: 'yes' } })).toThrow(/`describe.on_open` must be true or false/);
  });

  it('review.parallel is a whole number from 1 to 8', () => {
    expect(parseConfig({ review: { parallel: 1 } }).review.parallel).toBe(1);
    expect(parseConfig({ review: { parallel: 8 } }).review.parallel).toBe(8);
    for (const bad of [0, 9, 2.5, 'four']) expect(() => parseConfig({ review: { parallel: bad } })).toThrow(/`review.parallel` must be a whole number from 1 to 8/);
  });
});
