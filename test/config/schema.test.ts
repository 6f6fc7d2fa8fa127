import { describe, expect, it } from '@jest/globals';
import { ConfigError, DEFAULT_CONFIG, DEFAULT_PROTECTED, parseConfig } from '../../src/config/schema.js';

describe('parseConfig', () => {
  it('returns the defaults for an empty file', () => {
    expect(parseConfig(null)).toEqual(DEFAULT_CONFIG);
    expect(parseConfig({})).toEqual(DEFAULT_CONFIG);
  });

  it('reads every documented key', () => {
    const config = parseConfig({
      model: 'gpt-5.3-codex-spark',
      context: { window: 64000, reserve_output: 8000, related_files: false },
      paths: { ignore: ['vendor/**'], protected: ['infra/**'], allow_protected: true },
      max_changed_lines: 50,
      auto_review: { enabled: true, max_changed_lines: 300, debounce_seconds: 30 },
      issue_label: 'spark',
      verify_model: 'gpt-5.3-codex',
    });
    expect(config.context).toEqual({ window: 64000, reserveOutput: 8000, relatedFiles: false });
    expect(config.paths.protected).toEqual([...DEFAULT_PROTECTED, 'infra/**']);
    expect(config.paths.allowProtected).toBe(true);
    expect(config.maxChangedLines).toBe(50);
    expect(config.autoReview).toEqual({ enabled: true, maxChangedLines: 300, debounceSeconds: 30 });
    expect(config.issueLabel).toBe('spark');
    expect(config.verifyModel).toBe('gpt-5.3-codex');
  });

  it('reads conversation.hours: 24 by default, 0 turns follow-ups off', () => {
    expect(parseConfig({}).conversation).toEqual({ hours: 24 });
    expect(parseConfig({ conversation: { hours: 0 } }).conversation).toEqual({ hours: 0 });
    expect(parseConfig({ conversation: { hours: 720 } }).conversation).toEqual({ hours: 720 });
  });

  it.each([
    [{ max_changed_line: 5 }, /unknown key `max_changed_line`/],
    [{ context: { window: 'big' } }, /context.window/],
    [{ context: { window: 10000, reserve_output: 6000 } }, /less than half/],
    [{ paths: { ignore: 'vendor' } }, /paths.ignore` must be a list/],
    [{ auto_review: { enabled: 'yes' } }, /true or false/],
    [[1, 2], /must be a mapping/],
    [{ conversation: { hours: -1 } }, /`conversation.hours` must be a whole number from 0 to 720/],
    [{ conversation: { hours: 721 } }, /`conversation.hours` must be a whole number from 0 to 720/],
    [{ conversation: { hours: 1.5 } }, /`conversation.hours`/],
    [{ conversation: { minutes: 5 } }, /unknown key `conversation.minutes`/],
  ])('rejects %j with a message naming the key', (raw, pattern) => {
    expect(() => parseConfig(raw)).toThrow(ConfigError);
    expect(() => parseConfig(raw)).toThrow(pattern);
  });
});
