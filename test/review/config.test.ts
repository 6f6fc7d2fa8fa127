import { describe, expect, it } from '@jest/globals';
import { ConfigError, parseConfig } from '../../src/config/schema.js';

describe('review and describe config', () => {
  it('defaults: every finding shown, no label or request trigger, no describe on open', () => {
    const config = parseConfig({});
    expect(config.review).toEqual({ minSeverity: 'nit' });
    expect(config.describe).toEqual({ onOpen: false });
  });

  it('reads the triggers as people write them: @org/team and @login become the slug and login of the payload', () => {
    expect(parseConfig({ review: { on_request_from: '@octo-org/reviewers' } }).review.onRequestFrom).toBe('reviewers');
    expect(parseConfig({ review: { on_request_from: '@octocat' } }).review.onRequestFrom).toBe('octocat');
    expect(parseConfig({ review: { label: 'spark-review', min_severity: 'risk' } }).review).toEqual({ minSeverity: 'risk', label: 'spark-review' });
  });

  it('refuses an unknown severity and unknown keys', () => {
    expect(() => parseConfig({ review: { min_severity: 'major' } })).toThrow(ConfigError);
    expect(() => parseConfig({ review: { parallel: 4 } })).toThrow(/unknown key `review.parallel`/);
    expect(() => parseConfig({ describe: { on_open: 'yes' } })).toThrow(/`describe.on_open` must be true or false/);
  });
});
