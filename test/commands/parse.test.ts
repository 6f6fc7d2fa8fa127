import { describe, expect, it } from '@jest/globals';
import { parseCommand } from '../../src/commands/parse.js';

describe('parseCommand', () => {
  it('parses fix with an instruction', () => {
    expect(parseCommand('/spark fix make parse() accept empty input')).toEqual({ name: 'fix', instruction: 'make parse() accept empty input' });
  });

  it('keeps a multi-line instruction and normalises CRLF', () => {
    expect(parseCommand('/spark suggest rename foo\r\nand keep the tests green')).toEqual({
      name: 'suggest',
      instruction: 'rename foo\nand keep the tests green',
    });
  });

  it('accepts leading blank lines and any case', () => {
    expect(parseCommand('\n\n  /Spark FIX  it')?.name).toBe('fix');
  });

  it('treats bare /spark and unknown subcommands as help', () => {
    expect(parseCommand('/spark')).toEqual({ name: 'help', instruction: '' });
    expect(parseCommand('/spark deploy prod')).toEqual({ name: 'help', instruction: '', unknown: 'deploy' });
  });

  it.each([
    ['prose mentioning it', 'Could someone run /spark fix here?'],
    ['a quoted command', '> /spark fix this\n\nI agree'],
    ['a longer word', '/sparkle fix'],
    ['empty', ''],
    ['null', null],
  ])('ignores %s', (_label, body) => {
    expect(parseCommand(body)).toBeNull();
  });

  it('parses review, cancel and help without instruction', () => {
    expect(parseCommand('/spark review')?.name).toBe('review');
    expect(parseCommand('/spark cancel')?.name).toBe('cancel');
    expect(parseCommand('/spark help')?.name).toBe('help');
  });
});
