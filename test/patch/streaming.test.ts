import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseReply, StreamingPatchParser, type FileOp } from '../../src/patch/index.js';
import { reply } from './helpers.js';

const REPLIES = ['apply-patch-fenced.txt', 'search-replace.txt', 'unified.txt', 'whitespace-mangled.txt'];

describe('StreamingPatchParser', () => {
  it('returns each operation as soon as its section closes, before the reply ends', () => {
    const parser = new StreamingPatchParser();
    const text = reply('apply-patch-fenced.txt');
    const firstSectionEnd = text.indexOf('*** Add File:');
    expect(parser.push(text.slice(0, firstSectionEnd))).toEqual([]);
    // The section closes when the next header line is complete, not before.
    expect(parser.push('*** Add File: src/u')).toEqual([]);
    const closed = parser.push(text.slice(firstSectionEnd + '*** Add File: src/u'.length, text.indexOf('\n', firstSectionEnd) + 1));
    expect(closed.map((o) => o.path)).toEqual(['src/math.ts']);
  });

  it('gives the same operations whatever the delta boundaries (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REPLIES), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 200 }), (name, sizes) => {
        const text = reply(name);
        const parser = new StreamingPatchParser();
        const ops: FileOp[] = [];
        let at = 0;
        for (let i = 0; at < text.length; i++) {
          const size = sizes[i % sizes.length]!;
          ops.push(...parser.push(text.slice(at, at + size)));
          at += size;
        }
        ops.push(...parser.end());
        expect(ops).toEqual(parseReply(text));
      }),
      { numRuns: 60 },
    );
  });

  it('reset() discards a restarted turn', () => {
    const parser = new StreamingPatchParser();
    parser.push('*** Begin Patch\n*** Update File: src/zzz.ts\n@@\n-a\n');
    parser.reset();
    const ops = [...parser.push(reply('unified.txt')), ...parser.end()];
    expect(ops.map((o) => o.path)).toEqual(['src/math.ts']);
    expect(parser.operations).toHaveLength(1);
  });

  it('end() throws on a malformed tail', () => {
    const parser = new StreamingPatchParser();
    parser.push('src/a.ts\n<<<<<<< SEARCH\nold\n');
    expect(() => parser.end()).toThrow(/not terminated/);
  });
});
