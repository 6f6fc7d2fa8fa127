import { describe, expect, it } from '@jest/globals';
import { configFromText } from '../../src/config/load.js';
import { ConfigError, DEFAULT_CONFIG } from '../../src/config/schema.js';

describe('configFromText', () => {
  it('uses the repository file first, then the owner-wide one, then the defaults', () => {
    expect(configFromText('max_changed_lines: 10\n', 'max_changed_lines: 20\n').maxChangedLines).toBe(10);
    expect(configFromText(null, 'max_changed_lines: 20\n').maxChangedLines).toBe(20);
    expect(configFromText(null, null)).toEqual(DEFAULT_CONFIG);
  });

  it('an empty file means the defaults', () => {
    expect(configFromText('', null)).toEqual(DEFAULT_CONFIG);
  });

  it('reports broken YAML as a ConfigError naming the file', () => {
    expect(() => configFromText('paths: [unclosed\n')).toThrow(ConfigError);
    expect(() => configFromText('paths: [unclosed\n')).toThrow(/\.github\/spark\.yml is not valid YAML/);
  });
});
