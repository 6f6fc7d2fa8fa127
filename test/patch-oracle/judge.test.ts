import { describe, expect, it } from '@jest/globals';
import { judge } from '../../bench/patch-oracle/judge.js';
import { STRESS_CASES } from '../../bench/patch-oracle/stress.js';

const file = 'const a = 1;\nconst b = 2;\nconst c = 3;\n';
const reply = '*** Begin Patch\n*** Update File: src/x.ts\n@@\n const a = 1;\n-const b = 2;\n+const b = 20;\n const c = 3;\n*** End Patch\n';
const files = new Map([['src/x.ts', file]]);

describe('judge', () => {
  it('exact when the engine produces the after-file', () => {
    expect(judge({ reply, files, expect: { path: 'src/x.ts', content: file.replace('2;', '20;') } }).verdict).toBe('exact');
  });

  it('wrong when the engine applies something other than the after-file', () => {
    const j = judge({ reply, files, expect: { path: 'src/x.ts', content: file.replace('2;', '21;') } });
    expect(j.verdict).toBe('wrong');
    expect(j.got).toBe(file.replace('2;', '20;'));
  });

  it('wrong when a move was expected but the file stayed in place', () => {
    expect(judge({ reply, files, expect: { path: 'src/y.ts', oldPath: 'src/x.ts', content: file.replace('2;', '20;') } }).verdict).toBe('wrong');
  });

  it('refused when the engine throws its own error', () => {
    const j = judge({ reply: reply.replace(' const a = 1;', ' const zzz = 1;').replace('-const b = 2;', '-const q = 2;'), files, expect: { path: 'src/x.ts', content: file } });
    expect(j.verdict).toBe('refused');
    expect(j.detail).toMatch(/^(apply|parse|guard)/);
  });
});

describe('stress inputs', () => {
  it.each(Object.keys(STRESS_CASES))('%s stays within 1 MB of reply and 50,000 lines of file', (name) => {
    const input = STRESS_CASES[name]!();
    expect(Buffer.byteLength(input.reply)).toBeLessThanOrEqual(2 ** 20);
    for (const content of input.files.values()) {
      expect(content.split('\n').length - 1).toBeLessThanOrEqual(50_000);
      expect(Buffer.byteLength(content)).toBeLessThanOrEqual(2 ** 20);
    }
  });
});
