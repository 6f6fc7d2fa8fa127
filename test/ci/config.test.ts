import { describe, expect, it } from '@jest/globals';
import { ConfigError, parseConfig } from '../../src/config/schema.js';

describe('ci keys of .github/spark.yml', () => {
  it('defaults: 3 rounds, 30 minutes, no escalation model', () => {
    expect(parseConfig({}).ci).toEqual({ maxRounds: 3, waitMinutes: 30 });
  });

  it('reads max_rounds, wait_minutes and escalate_model', () => {
    expect(parseConfig({ ci: { max_rounds: 1, wait_minutes: 10, escalate_model: 'gpt-5.3-codex' } }).ci).toEqual({ maxRounds: 1, waitMinutes: 10, escalateModel: 'gpt-5.3-codex' });
  });

  it('rejects unknown keys and out-of-range values with a reply naming them', () => {
    expect(() => parseConfig({ ci: { max_round: 2 } })).toThrow(/unknown key `ci.max_round`/);
    expect(() => parseConfig({ ci: { max_rounds: 0 } })).toThrow(ConfigError);
    expect(() => parseConfig({ ci: { wait_minutes: 'soon' } })).toThrow(/ci.wait_minutes/);
  });
});
