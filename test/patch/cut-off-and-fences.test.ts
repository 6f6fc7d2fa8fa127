import { describe, expect, it } from '@jest/globals';
import { applyOps, parseReply, PatchParseError } from '../../src/patch/index.js';

const README = ['# Tool', '', 'Run it:', '', '```sh', 'tool --old', '```', '', 'Then read the log.', ''].join('\n');

function applyReply(text: string, files: Record<string, string>): Map<string, string | null> {
  const result = applyOps(parseReply(text), new Map(Object.entries(files)));
  return new Map(result.changes.map((c) => [c.path, c.after]));
}

describe('fences inside an apply_patch section', () => {
  it('reads " ```" as a context line, so the hunks after it are applied too', () => {
    const text = [
      '*** Begin Patch',
      '*** Update File: README.md',
      '@@',
      ' ```sh',
      '-tool --old',
      '+tool --new',
      ' ```',
      ' ',
      '-Then read the log.',
      '+Then read the log file.',
      '*** End Patch',
    ].join('\n');
    const after = applyReply(text, { 'README.md': README });
    expect(after.get('README.md')).toBe(README.replace('tool --old', 'tool --new').replace('the log.', 'the log file.'));
  });

  it('keeps the edit of a moved file whose context holds a fence (the file is not only renamed)', () => {
    const text = [
      '```',
      '*** Begin Patch',
      '*** Update File: README.md',
      '*** Move to: docs/README.md',
      '@@',
      ' ```',
      ' ',
      '-Then read the log.',
      '+Then read the log file.',
      '*** End Patch',
      '```',
    ].join('\n');
    const after = applyReply(text, { 'README.md': README });
    expect(after.get('docs/README.md')).toBe(README.replace('the log.', 'the log file.'));
  });

  it('refuses an unprefixed fence followed by more patch lines instead of dropping them', () => {
    const text = [
      '*** Begin Patch',
      '*** Update File: README.md',
      '@@',
      '-Run it:',
      '+Run it like this:',
      ' ',
      '```sh',
      '-tool --old',
      '+tool --new',
      '*** End Patch',
    ].join('\n');
    expect(() => parseReply(text)).toThrow(/fence line at reply line 7 sits inside the section for README.md/);
  });

  it('still accepts an unprefixed closing fence for a reply that forgot "*** End Patch"', () => {
    const text = ['```', '*** Begin Patch', '*** Update File: a.txt', '@@', '-one', '+uno', ' two', '```', '', 'Done - one is now uno.'].join('\n');
    expect(applyReply(text, { 'a.txt': 'one\ntwo\n' }).get('a.txt')).toBe('uno\ntwo\n');
  });
});

describe('a reply cut off in the middle of a hunk', () => {
  const FILE = 'def f(x):\n    y = x * 2\n    return y\n';

  it('is refused when the last hunk stops after "-" lines and no "*** End Patch" follows', () => {
    const text = ['*** Begin Patch', '*** Update File: f.py', '@@ def f(x):', '-    y = x * 2', '-    return y'].join('\n');
    expect(() => parseReply(text)).toThrow(PatchParseError);
    expect(() => parseReply(text)).toThrow(/looks cut off, so nothing is applied/);
  });

  it('is refused when a closing fence comes right after the "-" lines', () => {
    const text = ['```', '*** Begin Patch', '*** Update File: f.py', '-    return y', '', '```'].join('\n');
    expect(() => parseReply(text)).toThrow(/looks cut off/);
  });

  it('is refused when the last hunk stops inside its "+" block (or mid-line) without "*** End Patch"', () => {
    const file = 'import a from "a";\n\nrun(a);\n';
    expect(() => parseReply(['*** Begin Patch', '*** Update File: m.ts', '@@', '+import { strict as asse'].join('\n'))).toThrow(/right after "\+" lines.*looks cut off/);
    const text = ['*** Begin Patch', '*** Update File: m.ts', '@@', ' run(a);', '+', '+// Tuning'].join('\n');
    expect(() => applyReply(text, { 'm.ts': file })).toThrow(PatchParseError);
  });

  it('applies when "*** End Patch" is missing but the last hunk is complete', () => {
    const text = ['*** Begin Patch', '*** Update File: f.py', '@@ def f(x):', '-    y = x * 2', '+    y = x * 3', '     return y'].join('\n');
    expect(applyReply(text, { 'f.py': FILE }).get('f.py')).toBe(FILE.replace('x * 2', 'x * 3'));
  });

  it('applies a hunk ending in "-" lines when "*** End Patch" closes it (a deletion at the end of the file)', () => {
    const text = ['*** Begin Patch', '*** Update File: f.py', '     y = x * 2', '-    return y', '*** End Patch'].join('\n');
    expect(applyReply(text, { 'f.py': FILE }).get('f.py')).toBe('def f(x):\n    y = x * 2\n');
  });
});
