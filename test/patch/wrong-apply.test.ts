import { describe, expect, it } from '@jest/globals';
import { applyOps, parseReply, PatchApplyError, PatchGuardError, type EditHunk } from '../../src/patch/index.js';
import { groupsOf, hunkRows } from '../../src/patch/hunk-rows.js';

function apply(path: string, file: string, reply: string): string {
  const result = applyOps(parseReply(reply), new Map([[path, file]]));
  return result.changes.find((c) => c.path === path)!.after!;
}

const patch = (path: string, ...lines: string[]): string => ['*** Begin Patch', `*** Update File: ${path}`, ...lines, '*** End Patch'].join('\n');

describe('re-insertion: added lines that already stand at the spot', () => {
  const C = ['int eval(int op, int a) {', '    switch (op) {', '    case PLUS:', '    case MINUS:', '        return a;', '    default:', '        return 0;', '    }', '}', ''].join('\n');

  it('are not added a second time; the rest of the patch still applies', () => {
    const reply = patch('e.c', '@@', '     case PLUS:', '+    case MINUS:', '         return a;', '@@', '     default:', '-        return 0;', '+        return -1;');
    const after = apply('e.c', C, reply);
    expect(after.match(/case MINUS:/g)).toHaveLength(1);
    expect(after).toContain('return -1;');
  });

  it('make a patch that only re-adds them a no-op, refused as such', () => {
    const reply = patch('e.c', '@@', '     case PLUS:', '+    case MINUS:', '         return a;');
    expect(() => applyOps(parseReply(reply), new Map([['e.c', C]]))).toThrow(PatchGuardError);
  });

  it('refuse the hunk when the context after them contradicts the file', () => {
    const reply = patch('e.c', '@@', '     case PLUS:', '+    case MINUS:', '         return b;');
    expect(() => apply('e.c', C, reply)).toThrow(/already stand at the spot/);
  });

  it('are not appended again at the end of the file by a pure addition', () => {
    const text = 'export const a = 1;\nexport const b = 2;\n';
    const reply = patch('m.ts', '+export const b = 2;');
    expect(() => applyOps(parseReply(reply), new Map([['m.ts', text]]))).toThrow(PatchGuardError);
  });
});

describe('re-insertion of a standing line retyped with a comment (files with // comments)', () => {
  const C = ['Token next(void);', 'int factor(void) {', '    Token t = next();', '    switch (t.type) {', '        case NUMBER:', '            return t.value;', '        case PLUS:', '            return factor();', '    }', '    return 0;', '}', ''].join('\n');

  it('is no change: the line already stands between the same neighbours, and the rest still applies', () => {
    const reply = patch(
      'e.c',
      '@@',
      '     switch (t.type) {',
      '         case NUMBER:',
      '+            return t.value; // Added return statement',
      '         case PLUS:',
      '@@',
      '-    return 0;',
      '+    return -1;',
    );
    const after = apply('e.c', C, reply);
    expect(after.match(/return t\.value;/g)).toHaveLength(1);
    expect(after).not.toContain('Added return statement');
    expect(after).toContain('return -1;');
  });

  it('is not inserted a second time right below the line the hunk ends on', () => {
    const reply = patch('e.c', '@@', '         case NUMBER:', '+            return t.value; // the number', '@@', '-    return 0;', '+    return -1;');
    const after = apply('e.c', C, reply);
    expect(after.match(/return t\.value;/g)).toHaveLength(1);
    expect(after).toContain('return -1;');
  });

  it('is a change in a Python file, where // is floor division', () => {
    const PY = 'def half(a):\n    total = a\n    return total\n';
    const reply = patch('h.py', '@@', ' def half(a):', '-    total = a', '+    total = a // 2', '     return total');
    expect(apply('h.py', PY, reply)).toBe('def half(a):\n    total = a // 2\n    return total\n');
    const retyped = patch('h.py', '@@', ' def half(a):', '+    total = a // 2', '     return total');
    expect(() => applyOps(parseReply(retyped), new Map([['h.py', PY]]))).toThrow(PatchApplyError);
  });
});

describe('a stutter: added lines that repeat the hunk\'s own context beside them', () => {
  const JAVA = ['class T {', '    String f(String token) {', '        return token.isEmpty()', '                ? "0-" : token;', '    }', '}', ''].join('\n');

  it('is refused, naming the line, instead of committing it twice', () => {
    const reply = patch('T.java', '@@', '                 ? "0-" : token;', '+                ? "0-" : token;');
    expect(() => apply('T.java', JAVA, reply)).toThrow(/"\? "0-" : token;"\) repeat the hunk's own context/);
  });

  it('also when the repeated line comes after the added copy', () => {
    const reply = patch('T.java', '@@', '     String f(String token) {', '+        return token.isEmpty()', '         return token.isEmpty()');
    expect(() => apply('T.java', JAVA, reply)).toThrow(/repeat the hunk's own context/);
  });

  it('does not fire for a closing brace or a blank line added beside its twin', () => {
    const reply = patch('T.java', '@@', '     }', '+    }', ' }');
    expect(apply('T.java', JAVA, reply)).toContain('    }\n    }\n}');
  });
});

describe('context contradiction when context is loosened', () => {
  const PY = [
    'def words(text):',
    '    tokens = []',
    '    for token in text.split():',
    '        tokens.append(token)',
    '    if not tokens:',
    '        return None',
    '    else:',
    '        tokens.append(token)',
    '    return tokens',
    '',
  ].join('\n');

  it('does not take the removed line in the else branch when the model showed the for loop', () => {
    // The `for` line drifted (split(' ')), and the line after it is the else branch's neighbour.
    const reply = patch('w.py', '@@', "     for token in text.split(' '):", '-        tokens.append(token)', '+        tokens.append(token.lower())', '     return tokens');
    expect(() => apply('w.py', PY, reply)).toThrow(PatchApplyError);
  });

  it('still drops context that was simply mistyped when nothing else fits', () => {
    const file = ['function total(items) {', '  let sum = 0;', '  for (const item of items) sum += item.price;', '  return sum;', '}', ''].join('\n');
    const reply = patch('t.js', '@@', '   let summ = 0;', '-  for (const item of items) sum += item.price;', '+  for (const item of items) sum += item.price * item.qty;', '   return sum;');
    expect(apply('t.js', file, reply)).toContain('item.price * item.qty');
  });
});

describe('split blocks', () => {
  it('keeps one contiguous added block as one change group even when a diff of before/after would split it', () => {
    const hunk: EditHunk = { before: ['a()', '}'], after: ['a()', '  b()', '}', 'c()', '}'], kinds: ' +++ ' };
    const groups = groupsOf(hunkRows(hunk));
    expect(groups).toHaveLength(1);
    expect(groups[0]!.add).toEqual(['  b()', '}', 'c()']);
    // Without the model's line kinds the structure is a diff's guess: two groups.
    expect(groupsOf(hunkRows({ before: hunk.before, after: hunk.after }))).toHaveLength(2);
  });
});

describe('indentation: spaces in the reply, tabs in the file (Python)', () => {
  const TABS = ['def f(x):', '\tif x:', '\t\treturn 1', '\treturn 0', ''].join('\n');

  it('maps each new line per indentation level, never by character offset, and keeps column 0', () => {
    const reply = patch(
      'f.py',
      '@@',
      ' def f(x):',
      '     if x:',
      '         return 1',
      '+            pass',
      '+    y = 2',
      '     return 0',
      '+',
      '+def g():',
      '+    return f(1)',
    );
    expect(apply('f.py', TABS, reply)).toBe(['def f(x):', '\tif x:', '\t\treturn 1', '\t\t\tpass', '\ty = 2', '\treturn 0', '', 'def g():', '\treturn f(1)', ''].join('\n'));
  });

  it('maps tabs in the reply onto a 4-space file', () => {
    const spaces = ['def f(x):', '    if x:', '        return 1', '    return 0', ''].join('\n');
    const reply = patch('f.py', '@@', ' def f(x):', ' \tif x:', '-\t\treturn 1', '+\t\treturn 2', '+\tprint(x)');
    expect(apply('f.py', spaces, reply)).toBe(['def f(x):', '    if x:', '        return 2', '    print(x)', '    return 0', ''].join('\n'));
  });

  it('refuses a new line whose width is not a whole number of levels', () => {
    const reply = patch('f.py', '@@', ' def f(x):', '     if x:', '-        return 1', '+      return 2');
    expect(() => apply('f.py', TABS, reply)).toThrow(/indentation cannot be mapped/);
  });
});

describe('a pure insertion whose lines already stand elsewhere with one side\'s context', () => {
  const C = ['int apply(int op, int a, int b) {', '    switch (op) {', '        case PLUS:', '            return a + b;', '        case MINUS:', '            return a - b;', '        default:', '            fail("bad op");', '    }', '}', ''].join('\n');

  it('is refused, not inserted where the other side\'s context alone would put it', () => {
    // The model dropped the MINUS case from its context: `default:` already stands before fail(…).
    const reply = patch('a.c', '@@', '     switch (op) {', '         case PLUS:', '             return a + b;', '+        default:', '             fail("bad op");', '     }', ' }');
    expect(() => apply('a.c', C, reply)).toThrow(/already stand in the file with all the context after them/);
  });

  it('does not fire when its lines stand nowhere with that context', () => {
    const reply = patch('a.c', '@@', '     switch (op) {', '         case PLUS:', '             return a + b;', '+        case TIMES:', '+            return a * b;', '             fail("bad op");', '     }', ' }');
    // The model left the MINUS case and `default:` out between its two sides: after `return a + b;`
    // or just before `fail(…)` (inside `default:`)? The context after it stands lower down: refused.
    expect(() => apply('a.c', C, reply)).toThrow(/the context after the change \(first: "fail\("bad op"\);"\) stands at line 8/);
    const clean = patch('a.c', '@@', '         case PLUS:', '             return a + b;', '+        case TIMES:', '+            return a * b;', '         case MINUS:');
    expect(apply('a.c', C, clean)).toBe(C.replace('        case MINUS:', '        case TIMES:\n            return a * b;\n        case MINUS:'));
  });
});

describe('context the model got wrong, when its hunk is placed with less of it', () => {
  const C = [
    'int parse_expression(void) {',
    '    int result = parse_term();',
    '    while (peek() == PLUS) {',
    '        next();',
    '        result += parse_term();',
    '    }',
    '    return result;',
    '}',
    '',
    'int parse_term(void) {',
    '    int result = parse_factor();',
    '    while (peek() == TIMES) {',
    '        next();',
    '        if (op.type == TOKEN_MULTIPLY) {',
    '            result *= parse_factor();',
    '        }',
    '    }',
    '    return result;',
    '}',
    '',
  ].join('\n');

  it('refuses a change whose context stands in another function than the line it changes', () => {
    // The context is parse_expression's first lines; the removed line exists only in parse_term.
    const reply = patch('p.c', '@@', ' int parse_expression(void) {', '     int result = parse_term();', '-        if (op.type == TOKEN_MULTIPLY) {', '+        if (op.type == TOKEN_PLUS) {', '+            result += 1;');
    expect(() => apply('p.c', C, reply)).toThrow(/the context before the change \(first: "int parse_expression\(void\) \{"\) stands at line 1/);
  });

  it('shows the model, in its retry prompt, the file\'s lines where the hunk was about to go', () => {
    const reply = patch('p.c', '@@', ' int parse_expression(void) {', '     int result = parse_term();', '-        if (op.type == TOKEN_MULTIPLY) {', '+        if (op.type == TOKEN_PLUS) {', '+            result += 1;');
    let error: unknown;
    try {
      apply('p.c', C, reply);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PatchApplyError);
    const retry = (error as PatchApplyError).retryPrompt;
    expect(retry).toContain('The closest lines in p.c (from line 11)');
    expect(retry).toContain('        next();\n        if (op.type == TOKEN_MULTIPLY) {');
  });

  it('refuses a change whose context skips a line the file has between it and the change', () => {
    // The file has `while (peek() == PLUS) {` between the removed line and the context the model shows after it.
    const reply = patch('p.c', '@@', ' int parse_expression(void) {', '-    int result = parse_term();', '+    for (int result = parse_term(); peek() == PLUS; next()) {', '         next();', '         result += parse_term();');
    expect(() => apply('p.c', C, reply)).toThrow(/the context after the change \(first: "next\(\);"\) stands at line 4/);
  });

  it('still edits a line in place when one context line is misremembered but the rest stands there', () => {
    const reply = patch('p.c', '@@', ' int parse_term(void) {', '     int result = parse_factor();', '     while (peek() == TIMES) {', '         next();', '-        if (op.type == TOKEN_MULTIPLY) {', '+        if (op.kind == TOKEN_MULTIPLY) {', '             result *= parse_factor(1);');
    expect(apply('p.c', C, reply)).toBe(C.replace('        if (op.type == TOKEN_MULTIPLY) {', '        if (op.kind == TOKEN_MULTIPLY) {'));
  });

  it('refuses when a drifted context line carries the edit\'s own change (the model renamed there too)', () => {
    const file = ['int run(const char *expression) {', '    int n = 0;', '    const char *input = expression;', '    while (*input) {', '        n += step(&input);', '    }', '    return n;', '}', ''].join('\n');
    const reply = patch('r.c', '@@', '     int n = 0;', '-    const char *input = expression;', '+    const char **input_ptr = &expression;', '     while (**input_ptr) {', '         n += step(input_ptr);');
    expect(() => apply('r.c', file, reply)).toThrow(/the context line "while \(\*\*input_ptr\) \{" is not in the file where the change goes \(the file has "while \(\*input\) \{" there\)/);
  });

  it('refuses an insertion whose context was made up', () => {
    // The model believes the file starts with an import it does not have.
    const file = ['// evaluator.ts', '', 'type Token = number | string;', '', 'export function tokenize(input: string): Token[] {', '  return [];', '}', ''].join('\n');
    const reply = patch('e.ts', '@@', " import { strict as assert } from 'assert';", "+import * as process from 'process';", ' ', ' type Token = number | string;');
    expect(() => apply('e.ts', file, reply)).toThrow(/the context line "import \{ strict as assert \} from 'assert';" is not in the file/);
  });

  it('refuses an insertion whose lines already stand a few lines away, past context the model got wrong', () => {
    const file = ['int eval(int *t, int end) {', '    if (end < 0) {', '        return 0;', '    }', '    int i = 0;', '    while (i <= end && t[i] != LPAREN) {', '        i++;', '    }', '    return i;', '}', ''].join('\n');
    const reply = patch('e.c', '@@', ' int eval(int *t, int end) {', '+    while (i <= end && t[i] != LPAREN) {', '     }');
    expect(() => apply('e.c', file, reply)).toThrow(/already stand at line 6, near where the hunk's remaining context puts them/);
  });

  it('refuses an insertion whose neighbour line, even a bare " */", is not the file\'s there', () => {
    const file = ['/**', ' * Adds two numbers. The result', ' * is exact for small integers.', ' */', 'export const add = (a: number, b: number): number => a + b;', ''].join('\n');
    // The model left out the comment's second line: its new line would split the sentence.
    const reply = patch('add.ts', '@@', ' /**', '  * Adds two numbers. The result', '+ * Throws on NaN.', '  */');
    expect(() => apply('add.ts', file, reply)).toThrow(/the line after the change is "\*\/" in the hunk, but "\* is exact for small integers\." in the file/);
  });

  it('does not add a blank line beside one the file already has (blank-insensitive match)', () => {
    const file = ['class A {', '    int x;', '', '    void f() {', '    }', '}', ''].join('\n');
    const reply = patch('A.java', '@@', ' class A {', '-    int x;', '+    int y;', '+', '     void f() {');
    expect(apply('A.java', file, reply)).toBe(file.replace('int x;', 'int y;'));
  });
});

describe('recovering what a careful person would apply', () => {
  it('matches a block whose blank lines differ from the file', () => {
    const file = ['const a = 1;', '', 'const b = 2;', 'const c = 3;', ''].join('\n');
    const reply = patch('x.ts', '@@', '-const a = 1;', '-const b = 2;', '+const ab = 3;', ' const c = 3;');
    expect(apply('x.ts', file, reply)).toBe(['', 'const ab = 3;', 'const c = 3;', ''].join('\n'));
  });

  it('ignores context lines that are pasted compiler output', () => {
    const file = ['int main() {', '    int y = 0;', '    y++;', '    return y;', '}', ''].join('\n');
    const reply = patch('m.c', '@@', " m.c:3:5: error: expected ';' before 'return'", '  3 |     y++;', '    |     ^~~', '-    y++;', '+    y += 2;');
    expect(apply('m.c', file, reply)).toBe(file.replace('y++;', 'y += 2;'));
  });

  it('ignores the other compilers\' formats of pasted output in context lines', () => {
    const file = ['int main() {', '    int y = 0;', '    y++;', '    return y;', '}', ''].join('\n');
    const expected = file.replace('y++;', 'y += 2;');
    const pasted: string[][] = [
      ['In file included from m.c:1:', '                 from main.c:3,', ' m.c:3: error: expected ; before return'],
      ['error[E0308]: mismatched types', '   --> src/m.rs:3:5', '    |', '  3 |     y++;', '    |     ^^^ expected i32', '    = note: expected type `i32`'],
      ['m.ts:3:5 - error TS2322: Type string is not assignable to type number.', '3 |     y++;', '  |     ~~~'],
      ['Main.java:3: error: not a statement', '        ^'],
    ];
    for (const lines of pasted) {
      const reply = patch('m.c', '@@', ...lines.map((l) => ` ${l}`), '-    y++;', '+    y += 2;', '     return y;');
      expect(apply('m.c', file, reply)).toBe(expected);
    }
  });

  it('refuses a "+" or "-" line that is compiler output instead of adding or matching it', () => {
    const file = ['int main() {', '    int y = 0;', '    y++;', '    return y;', '}', ''].join('\n');
    const added = patch('m.c', '@@', '     int y = 0;', '-    y++;', '+ 3 |     y += 2;', '     return y;');
    expect(() => apply('m.c', file, added)).toThrow(/compiler output, not code/);
    const removed = patch('m.c', '@@', '     int y = 0;', '- 3 |     y++;', '+    y += 2;', '     return y;');
    expect(() => apply('m.c', file, removed)).toThrow(/compiler output, not code/);
  });

  it('refuses a hunk whose only context is compiler output rather than appending its lines', () => {
    const file = ['int main() {', '    int y = 0;', '    return y;', '}', ''].join('\n');
    const reply = ['--- a/m.c', '+++ b/m.c', '@@ -3,1 +3,2 @@', ' m.c:3: error: y is unused', '+    y++;'].join('\n');
    expect(() => apply('m.c', file, reply)).toThrow(/only context lines are compiler output/);
  });

  it('keeps context lines that could be code (a bare "error:" property) as evidence', () => {
    const file = ['const opts = {', "  level: 'warn',", '  retries: 1,', '};', ''].join('\n');
    const reply = patch('o.ts', '@@', " error: 'invalid',", '-  retries: 1,', '+  retries: 2,');
    expect(() => apply('o.ts', file, reply)).toThrow(PatchApplyError);
  });

  it('keeps a gutter-like line the file really contains', () => {
    const file = ['const FLAGS =', '  1 | 2;', 'const MASK =', '  1 | 4;', ''].join('\n');
    const reply = patch('f.ts', '@@', ' const MASK =', '-  1 | 4;', '+  1 | 8;');
    expect(apply('f.ts', file, reply)).toBe(file.replace('1 | 4;', '1 | 8;'));
  });

  it('drops a mangled "-+++" / "+---" header line inside a hunk', () => {
    const file = ['a', 'b', 'c', ''].join('\n');
    const reply = ['--- a/f.txt', '+++ b/f.txt', '@@ -1,3 +1,3 @@', '-+++ b/f.txt', ' a', '-b', '+B', '+--- a/f.txt', ' c'].join('\n');
    expect(apply('f.txt', file, reply)).toBe('a\nB\nc\n');
  });
});

describe('indentation with lines the same on both sides', () => {
  it('maps code lines per level while JSDoc " * " lines (same in both) stay as they are', () => {
    const file = ['/**', ' * Doc.', ' */', 'export function f(): void {', '\tconst a = 1;', '\tuse(a);', '}', ''].join('\n');
    const reply = patch('g.ts', '@@', '  * Doc.', '+ * More doc.', '  */', ' export function f(): void {', '     const a = 1;', '-    use(a);', '+    if (a) {', '+        use(a);', '+    }');
    expect(apply('g.ts', file, reply)).toBe(['/**', ' * Doc.', ' * More doc.', ' */', 'export function f(): void {', '\tconst a = 1;', '\tif (a) {', '\t\tuse(a);', '\t}', '}', ''].join('\n'));
  });
});
