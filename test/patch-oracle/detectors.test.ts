import { describe, expect, it } from '@jest/globals';
import { detectSuspects, similar } from '../../bench/patch-oracle/detectors.js';

const text = (lines: string[]): string => `${lines.join('\n')}\n`;
const detectors = (before: string[], hunks: { before: string[]; after: string[] }[], result: string[]): string[] =>
  detectSuspects(text(before), hunks, text(result)).map((s) => s.detector);

describe('re-insertion', () => {
  // The model's context skipped a line that already stands there, and wrote it as a + line.
  const hunk = { before: ['  case PLUS:', '    return add();'], after: ['  case PLUS:', '  case MINUS:', '    return add();'] };

  it('flags an added line that already stood there with the same neighbour (now twice)', () => {
    const before = ['switch (t) {', '  case PLUS:', '  case MINUS:', '    return add();', '}'];
    const wrong = ['switch (t) {', '  case PLUS:', '  case MINUS:', '  case MINUS:', '    return add();', '}'];
    expect(detectors(before, [hunk], wrong)).toContain('re-insertion');
  });

  it('does not flag the same lines added to another place (a second struct with the same fields)', () => {
    const file = ['interface Pending {', '  job: JobData;', '  enqueuedAt: number;', '}', '', 'interface Running {', '  job: JobData;', '  controller: AbortController;', '}'];
    const add = { before: ['interface Running {', '  job: JobData;', '  controller: AbortController;'], after: ['interface Running {', '  job: JobData;', '  enqueuedAt: number;', '  controller: AbortController;'] };
    const right = [...file.slice(0, 7), '  enqueuedAt: number;', ...file.slice(7)];
    expect(detectors(file, [add], right)).toEqual([]);
  });

  it('does not flag the same hunk on a file that lacked the line', () => {
    const before = ['switch (t) {', '  case PLUS:', '    return add();', '}'];
    const right = ['switch (t) {', '  case PLUS:', '  case MINUS:', '    return add();', '}'];
    expect(detectors(before, [hunk], right)).toEqual([]);
  });
});

describe('re-insertion: a stutter, and a line retyped with a comment', () => {
  const before = ['return tokens.stream()', '        .map(token -> token.isEmpty()', '                ? "0-" : token)', '        .collect(toList());'];
  const stutter = { before: ['? "0-" : token)'], after: ['? "0-" : token)', '? "0-" : token)'] };

  it('flags an added line that repeats the hunk\'s own context right beside it (now twice)', () => {
    const wrong = [...before.slice(0, 3), '                ? "0-" : token)', before[3]!];
    expect(detectors(before, [stutter], wrong)).toContain('re-insertion');
  });

  it('does not flag a result that left the stutter out', () => {
    expect(detectors(before, [stutter], before)).not.toContain('re-insertion');
  });

  const c = ['switch (t) {', '  case NUMBER:', '    return v;', '  case PLUS:', '    return add();', '}'];
  const retyped = { before: ['  case NUMBER:', '  case PLUS:'], after: ['  case NUMBER:', '    return v; // Added return', '  case PLUS:'] };
  const twice = [...c.slice(0, 3), '    return v; // Added return', ...c.slice(3)];

  it('flags a standing line added again with a comment of the model\'s, in a file with // comments', () => {
    expect(detectSuspects(text(c), [retyped], text(twice), 'eval.c').map((s) => s.detector)).toContain('re-insertion');
  });

  it('reads no comment in a file of another language, or without a path', () => {
    expect(detectSuspects(text(c), [retyped], text(twice), 'eval.py').map((s) => s.detector)).not.toContain('re-insertion');
    expect(detectSuspects(text(c), [retyped], text(twice)).map((s) => s.detector)).not.toContain('re-insertion');
  });
});

describe('context-mismatch', () => {
  const before = ['int eval(int start, int end) {', '    if (start > end) return 0;', '    int i = start;', '    while (i <= end) {', '        if (t[i] == NUMBER) {', '            i++;', '        }', '    }', '    return i;', '}'];

  it('flags a change whose context after it is not the line after it in the original (the model left one out)', () => {
    const hunk = { before: ['    if (start > end) return 0;', '    int i = start;', '        if (t[i] == NUMBER) {'], after: ['    if (start > end) return 0;', '    for (int i = start; i <= end; i++) {', '        if (t[i] == NUMBER) {'] };
    const wrong = [...before.slice(0, 2), '    for (int i = start; i <= end; i++) {', ...before.slice(3)];
    expect(detectors(before, [hunk], wrong)).toContain('context-mismatch');
  });

  it('does not flag the same change where its context really stands', () => {
    const file = before.filter((l) => !l.includes('while') && l !== '    }');
    const hunk = { before: ['    if (start > end) return 0;', '    int i = start;', '        if (t[i] == NUMBER) {'], after: ['    if (start > end) return 0;', '    for (int i = start; i <= end; i++) {', '        if (t[i] == NUMBER) {'] };
    const right = file.map((l) => (l === '    int i = start;' ? '    for (int i = start; i <= end; i++) {' : l));
    expect(detectors(file, [hunk], right)).not.toContain('context-mismatch');
  });

  it('lets an edit in place pass when the context on one side fits', () => {
    const file = before.map((l) => (l === '    int i = start;' ? '    int index = start_position;' : l));
    const hunk = { before: ['    if (start > end) return 0;', '    int index = start_position;', '    while (j <= end) {'], after: ['    if (start > end) return 0;', '    int index = start_position + 1;', '    while (j <= end) {'] };
    const right = file.map((l) => (l === '    int index = start_position;' ? '    int index = start_position + 1;' : l));
    expect(detectors(file, [hunk], right)).not.toContain('context-mismatch');
  });

  it('flags an insertion whose context after it stands lower down', () => {
    const log = ['log(a); // 3', 'log(b); // 10', 'log(c); // 14', 'log(d); // 16'];
    const hunk = { before: ['log(b); // 10', 'log(d); // 16'], after: ['log(b); // 10', 'log(e);', 'log(d); // 16'] };
    expect(detectors(log, [hunk], [...log.slice(0, 2), 'log(e);', ...log.slice(2)])).toContain('context-mismatch');
  });
});

describe('context-contradiction', () => {
  const before = ['for (const t of list) {', '  tokens.append(token);', '}', 'if (ready) {', '  flush();', '} else {', '  tokens.append(token);', '}'];
  // The model's context shows the for loop, but the same line also stands in the else branch.
  const hunk = { before: ['for (const t of list) {', '  tokens.append(token);', '}'], after: ['for (const t of list) {', '  tokens.push(token);', '}'] };

  it('flags a change taken in the else branch when the context shows the loop', () => {
    const wrong = [...before.slice(0, 6), '  tokens.push(token);', '}'];
    expect(detectors(before, [hunk], wrong)).toContain('context-contradiction');
  });

  it('does not flag the change made inside the loop', () => {
    const right = [before[0]!, '  tokens.push(token);', ...before.slice(2)];
    expect(detectors(before, [hunk], right)).toEqual([]);
  });

  it('flags a pure insertion placed next to the wrong copy of its neighbour', () => {
    const file = ['function a() {', '  start();', '  run();', '}', 'function b() {', '  start();', '  stop();', '}'];
    const insert = { before: ['function b() {', '  start();', '  stop();'], after: ['function b() {', '  start();', '  check();', '  stop();'] };
    const wrong = ['function a() {', '  start();', '  check();', '  run();', '}', ...file.slice(4)];
    const right = [...file.slice(0, 6), '  check();', ...file.slice(6)];
    expect(detectors(file, [insert], wrong)).toContain('context-contradiction');
    expect(detectors(file, [insert], right)).toEqual([]);
  });
});

describe('split-block', () => {
  const before = ['start();', 'middle();', 'finish();'];
  const hunk = { before: ['start();', 'middle();'], after: ['start();', 'first();', 'second();', 'middle();'] };

  it('flags one added block landing in two places', () => {
    const wrong = ['start();', 'first();', 'middle();', 'second();', 'finish();'];
    expect(detectors(before, [hunk], wrong)).toContain('split-block');
  });

  it('flags an added block applied in part', () => {
    const partial = ['start();', 'first();', 'middle();', 'finish();'];
    expect(detectors(before, [hunk], partial)).toContain('split-block');
  });

  it('does not flag the block added in one piece', () => {
    const right = ['start();', 'first();', 'second();', 'middle();', 'finish();'];
    expect(detectors(before, [hunk], right)).toEqual([]);
  });
});

describe('misplaced-change', () => {
  const filler = Array.from({ length: 20 }, (_, i) => `  step${i}();`);
  const before = ['  alpha();', '  beta();', ...filler, '  omega();', '  delta();'];

  it('flags a change made away from every line of its context', () => {
    // Context says the removed line follows omega(), but it was changed at the top of the file.
    const hunk = { before: ['  omega();', '  beta();', '  delta();'], after: ['  omega();', '  gamma();', '  delta();'] };
    const wrong = ['  alpha();', '  gamma();', ...filler, '  omega();', '  delta();'];
    expect(detectors(before, [hunk], wrong)).toContain('misplaced-change');
  });

  it('flags a changed region no hunk asked for', () => {
    const hunk = { before: ['  alpha();', '  beta();'], after: ['  alpha();', '  gamma();'] };
    const wrong = ['  alpha();', '  gamma();', ...filler.slice(0, 10), '  extra();', ...filler.slice(10), '  omega();', '  delta();'];
    expect(detectors(before, [hunk], wrong)).toEqual(['misplaced-change']);
  });

  it('does not flag a change next to its (slightly drifted) context as misplaced (only as a context mismatch)', () => {
    const file = ['  configure(options.value);', '  beta();', ...filler];
    const hunk = { before: ['  configure(options.values);', '  beta();'], after: ['  configure(options.values);', '  gamma();'] };
    const right = ['  configure(options.value);', '  gamma();', ...filler];
    expect(detectors(file, [hunk], right)).toEqual(['context-mismatch']);
  });
});

describe('similar', () => {
  it('accepts small drift and rejects different lines', () => {
    expect(similar('result = apply(a, b, tokens[j].type);', 'result = apply(a, b, tokens[j]);')).toBe(true);
    expect(similar('return result;', 'int main(void) {')).toBe(false);
  });
});
