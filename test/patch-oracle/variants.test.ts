import { describe, expect, it } from '@jest/globals';
import { buildHunks, countBlock, edits } from '../../bench/patch-oracle/hunks.js';
import { SCRIPTED_CHANGES } from '../../bench/patch-oracle/scripted.js';
import { seededRng } from '../../bench/patch-oracle/rng.js';
import { joinText, splitText } from '../../bench/patch-oracle/text.js';
import type { Pair } from '../../bench/patch-oracle/types.js';
import { truncate, VARIANTS } from '../../bench/patch-oracle/variants.js';

const before = `import { a } from './a.js';

export function first(items: string[]): number {
  let total = 0;
  for (const item of items) {
    total += item.length;
  }
  return total;
}

export function middle(items: string[]): string {
  const names = items.map((item) => item.trim());
  const sorted = [...names].sort();
  return sorted.join(', ');
}

export function second(items: string[]): number {
  let total = 0;
  for (const item of items) {
    total += item.length;
  }
  return total * 2;
}
`;
const after = before.replace('  return total;\n', '  return total + 1;\n').replace('export function second(items: string[]): number {\n  let total = 0;', 'export function second(items: string[]): number {\n  let total = 1;');
const pair: Pair = { id: 'sample', source: 'git', path: 'src/sum.ts', language: 'typescript', change: 'test', before, after };
const variant = (name: string) => {
  const v = VARIANTS.find((x) => x.name === name);
  if (v === undefined) throw new Error(name);
  return v;
};

/** Reference apply_patch applier, Codex semantics (exact lines, anchor then first match after it), LF only. */
function referenceApply(reply: string, files: Map<string, string>): Map<string, string> {
  const out = new Map(files);
  const lines = reply.split('\n');
  let i = lines.indexOf('*** Begin Patch') + 1;
  while (i < lines.length && lines[i] !== '*** End Patch') {
    const path = /^\*\*\* Update File: (.*)$/.exec(lines[i]!)?.[1];
    if (path === undefined) throw new Error(`unexpected line ${lines[i]}`);
    i++;
    const moveTo = /^\*\*\* Move to: (.*)$/.exec(lines[i] ?? '')?.[1];
    if (moveTo !== undefined) i++;
    const { lines: file, finalNewline } = splitText(out.get(path)!);
    let cursor = 0;
    while (i < lines.length && lines[i]!.startsWith('@@')) {
      const anchor = lines[i]!.slice(3);
      if (anchor !== '') cursor = file.indexOf(anchor, cursor) + 1;
      i++;
      const old: string[] = [];
      const neu: string[] = [];
      for (; i < lines.length && /^[ +-]/.test(lines[i]!); i++) {
        const tag = lines[i]![0];
        if (tag !== '+') old.push(lines[i]!.slice(1));
        if (tag !== '-') neu.push(lines[i]!.slice(1));
      }
      let at = cursor;
      while (at + old.length <= file.length && !old.every((l, j) => file[at + j] === l)) at++;
      if (at + old.length > file.length) throw new Error('hunk not found');
      file.splice(at, old.length, ...neu);
      cursor = at + neu.length;
    }
    out.delete(path);
    out.set(moveTo ?? path, joinText(file, finalNewline));
  }
  return out;
}

describe('oracle variants', () => {
  it.each(['apply_patch-clean', 'apply_patch-anchors', 'apply_patch-section-per-hunk', 'apply_patch-ambiguous-with-anchor', 'apply_patch-fence-context', 'apply_patch-move-to', 'apply_patch-no-final-newline'])(
    '%s: a reference applier turns the reply into exactly the expected file',
    (name) => {
      const r = variant(name).render(pair, 'seed');
      expect(r).toBeDefined();
      const result = referenceApply(r!.reply, r!.files);
      expect(result.get(r!.expect.path)).toBe(r!.expect.content);
      if (r!.expect.oldPath !== undefined) expect(result.has(r!.expect.oldPath)).toBe(false);
    },
  );

  it('ambiguous without anchor: the first hunk really occurs twice in the snapshot', () => {
    const r = variant('apply_patch-ambiguous-no-anchor').render(pair, 'seed')!;
    const file = splitText(r.files.get(pair.path)!).lines;
    const hunk = r.reply.split('\n').slice(3).filter((l) => /^[ -]/.test(l)).map((l) => l.slice(1));
    expect(countBlock(file, hunk.slice(0, 3))).toBe(2);
    expect(r.reply).not.toMatch(/^@@ \S/m);
  });

  it('truncation always cuts inside the last hunk and leaves out part of the change', () => {
    const clean = variant('apply_patch-clean').render(pair, 'seed')!.reply;
    for (let seed = 0; seed < 20; seed++) {
      const cut = truncate(clean.replace('*** End Patch\n', ''), String(seed))!;
      expect(clean.startsWith(cut)).toBe(true);
      const rest = clean.slice(cut.length);
      expect(rest).toMatch(/^\+|\n\+|^[^\n]/);
      expect(cut.lastIndexOf('@@')).toBe(clean.lastIndexOf('@@'));
    }
  });

  it('CRLF and tab variants change only the snapshot and the typed indentation', () => {
    const crlf = variant('apply_patch-crlf-file-lf-patch').render(pair, 'seed')!;
    expect(crlf.files.get(pair.path)).toBe(before.replace(/\n/g, '\r\n'));
    expect(crlf.reply).not.toContain('\r');
    const tabs = variant('apply_patch-tabs-file-spaces-patch').render(pair, 'seed')!;
    expect(tabs.files.get(pair.path)).toContain('\tlet total = 0;');
    expect(tabs.reply).toContain('+    let total = 1;');
    expect(tabs.expect.content).toContain('\treturn total + 1;');
  });

  it('a variant the pair cannot show is not applicable', () => {
    const oneHunk: Pair = { ...pair, after: before.replace("import { a } from './a.js';", "import { b } from './a.js';") };
    expect(variant('apply_patch-section-per-hunk').render(oneHunk, 'seed')).toBeUndefined();
  });

  it('clean hunks grow their context until the block is unique', () => {
    const lines = splitText(before).lines;
    const afterLines = splitText(after.replace('  return total * 2;', '  return total * 3;')).lines;
    const hunks = buildHunks(lines, edits(lines, afterLines), 3, true);
    for (const h of hunks) expect(countBlock(lines, h.lines.filter((l) => l.tag !== '+').map((l) => l.text))).toBe(1);
  });
});

describe('scripted changes', () => {
  const java = `package demo;

import java.util.List;

public class Calc {
    public int sum(List<Integer> values) {
        int total = 0;
        for (int v : values) {
            if (v > 0) {
                total += v;
            }
        }
        System.out.println("sum " + total);
        return total;
    }

    public int twice(List<Integer> values) {
        return sum(values) * 2;
    }
}
`;
  it.each(SCRIPTED_CHANGES.map((c) => c.name))('%s edits a Java file deterministically', (name) => {
    const script = SCRIPTED_CHANGES.find((c) => c.name === name)!;
    const lines = splitText(java).lines;
    const a = script.apply(lines, 'java', seededRng('x'));
    const b = script.apply(lines, 'java', seededRng('x'));
    expect(a).toBeDefined();
    expect(a).toEqual(b);
    expect(a).not.toEqual(lines);
  });

  it('add-parameter updates the header and the call site', () => {
    const script = SCRIPTED_CHANGES.find((c) => c.name === 'add-parameter')!;
    let out: string[] | undefined;
    for (let s = 0; s < 10 && (out === undefined || !out.join('\n').includes('sum(List<Integer> values, boolean strict)')); s++) out = script.apply(splitText(java).lines, 'java', seededRng(String(s)));
    expect(out!.join('\n')).toContain('sum(List<Integer> values, boolean strict)');
    expect(out!.join('\n')).toContain('return sum(values, false) * 2;');
  });
});

describe('minimal reproducers', () => {
  it('trimPair keeps the change and only `keep` unchanged lines next to it, on both sides', async () => {
    const { trimPair } = await import('../../bench/patch-oracle/shrink.js');
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const after = [...lines];
    after[15] = 'changed';
    const small = trimPair({ ...pair, before: `${lines.join('\n')}\n`, after: `${after.join('\n')}\n` }, 2);
    expect(small.before).toBe('line 13\nline 14\nline 15\nline 16\nline 17\n');
    expect(small.after).toBe('line 13\nline 14\nchanged\nline 16\nline 17\n');
  });
});

describe('misquoted-context variants', () => {
  const changed = before.replace('item.trim());', 'item.trim().toLowerCase());');
  const renamePair: Pair = { ...pair, id: 'lower', after: changed };

  it('leave out the context line right after the first change, so the strict reference applier no longer fits the reply', () => {
    const r = variant('apply_patch-context-line-left-out').render(renamePair, 'seed')!;
    expect(r.reply).toContain('+  const names = items.map((item) => item.trim().toLowerCase());');
    expect(r.reply).not.toContain('const sorted');
    expect(r.reply).toContain('   return sorted.join');
    expect(() => referenceApply(r.reply, r.files)).toThrow('hunk not found');
    expect(r.expect.content).toBe(changed);
  });

  it('rename a word in that line in the reply only: the file and the right answer keep it', () => {
    const v = variant('apply_patch-context-line-misremembered');
    const r = v.render(renamePair, 'seed')!;
    expect(v.misquoted).toBe(true);
    expect(r.reply).toContain('   constOld sorted = [...names].sort();');
    expect(r.files.get(pair.path)).toBe(before);
    expect(() => referenceApply(r.reply, r.files)).toThrow('hunk not found');
  });

  it('do not apply where the hunk left would still be a valid one (an insertion with context on one side only)', () => {
    const top = { ...pair, id: 'top', after: `import { b } from './b.js';\n${before}` };
    expect(variant('apply_patch-context-line-left-out').render(top, 'seed')).toBeUndefined();
  });
});
