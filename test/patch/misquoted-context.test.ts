import { describe, expect, it } from '@jest/globals';
import { FileView } from '../../src/patch/file-view.js';
import type { Row } from '../../src/patch/hunk-rows.js';
import { driftedContext } from '../../src/patch/misquoted-context.js';

// The fuzzy fallback's view of a hunk taken whole at line 0 with one context line drifted.
const file = ['int run(const char *expression) {', '    const char *input = expression;', '    while (*input) {', '        step(&input);', '    }', '}'];
const old = (rows: readonly Row[], drifted: number): Array<{ text: string; changed: boolean; drifted: boolean }> =>
  rows.filter((r) => r.kind !== 'add').map((r, j) => ({ text: r.text, changed: r.kind === 'del', drifted: j === drifted }));

describe('driftedContext (the fuzzy fallback)', () => {
  it('refuses a drifted line that carries the edit\'s own rename', () => {
    const rows: Row[] = [
      { kind: 'ctx', text: 'int run(const char *expression) {' },
      { kind: 'del', text: '    const char *input = expression;' },
      { kind: 'add', text: '    const char **input_ptr = &expression;' },
      { kind: 'ctx', text: '    while (**input_ptr) {' },
      { kind: 'ctx', text: '        step(&input);' },
    ];
    const failure = driftedContext(new FileView(file, 'run.c'), rows, old(rows, 2), 0);
    expect(failure?.message).toMatch(/the context line "while \(\*\*input_ptr\) \{" is not in the file where the change goes \(the file has "while \(\*input\) \{" there\)/);
  });

  it('lets an edit in place through when the drift touches none of its words', () => {
    const rows: Row[] = [
      { kind: 'ctx', text: 'int run(const char *expression) {' },
      { kind: 'del', text: '    const char *input = expression;' },
      { kind: 'add', text: '    const char *input = expression + 1;' },
      { kind: 'ctx', text: '    while (*inputs) {' },
      { kind: 'ctx', text: '        step(&input);' },
    ];
    expect(driftedContext(new FileView(file, 'run.c'), rows, old(rows, 2), 0)).toBeUndefined();
  });

  it('refuses the same drift for a change that is not an edit in place', () => {
    const rows: Row[] = [
      { kind: 'ctx', text: 'int run(const char *expression) {' },
      { kind: 'add', text: '    log_call(expression);' },
      { kind: 'ctx', text: '    const char *input = expression;' },
      { kind: 'ctx', text: '    while (*inputs) {' },
    ];
    expect(driftedContext(new FileView(file, 'run.c'), rows, old(rows, 2), 0)?.message).toMatch(/"while \(\*inputs\) \{" is not in the file/);
  });
});
