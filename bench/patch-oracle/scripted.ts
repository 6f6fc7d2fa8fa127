/**
 * Scripted realistic edits of a source file (C, Java, TypeScript): the kind of small change a
 * `/spark fix` asks for. Each returns the edited lines, or undefined when the file offers no
 * place for it. Deterministic for a given seed.
 */
import type { Rng } from './rng.js';
import { functions, type FunctionInfo } from './structure.js';
import { indentOf, indentUnit } from './text.js';

export type Language = 'c' | 'java' | 'typescript';

export interface ScriptedChange {
  name: string;
  apply(lines: readonly string[], language: Language, rng: Rng): string[] | undefined;
}

const bodyIndent = (lines: readonly string[], fn: FunctionInfo): string => {
  for (let i = fn.header + 1; i < fn.end; i++) if (lines[i]!.trim() !== '') return indentOf(lines[i]!);
  return indentOf(lines[fn.header]!) + ' '.repeat(indentUnit(lines));
};

const DECLARATION: Record<Language, RegExp> = {
  c: /^\s*(?:const\s+)?(?:unsigned\s+|signed\s+|struct\s+)?[A-Za-z_]\w*\s*\*?\s+\*?([a-z_]\w*)\s*(?:=|;|\[)/,
  java: /^\s*(?:final\s+)?[A-Za-z_][\w<>,.[\]]*\s+([a-z_]\w*)\s*(?:=|;)/,
  typescript: /^\s*(?:const|let|var)\s+([A-Za-z_$][\w$]*)\b/,
};
const NOT_A_TYPE = /^\s*(?:return|else|case|goto|throw|new|delete|typedef)\b/;

const renameVariable: ScriptedChange = {
  name: 'rename-variable',
  apply(lines, language, rng) {
    const candidates: { fn: FunctionInfo; name: string }[] = [];
    for (const fn of functions(lines)) {
      for (let i = fn.header + 1; i < fn.end; i++) {
        const line = lines[i]!;
        if (NOT_A_TYPE.test(line)) continue;
        const m = DECLARATION[language].exec(line);
        if (m !== null && m[1]!.length > 1) candidates.push({ fn, name: m[1]! });
      }
    }
    if (candidates.length === 0) return undefined;
    const { fn, name } = rng.pick(candidates);
    const renamed = name.includes('_') ? `${name}_val` : `${name}Value`;
    if (lines.some((l) => l.includes(renamed))) return undefined;
    const word = new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`, 'g');
    return lines.map((l, i) => (i > fn.header && i <= fn.end ? l.replace(word, renamed) : l));
  },
};

const lastParam = (params: string): string | undefined => {
  const first = params.split(',')[0]?.trim() ?? '';
  const m = /([A-Za-z_$][\w$]*)\s*(?::.*|\[\])?$/.exec(first.replace(/\s*=.*$/, ''));
  return m?.[1] === undefined || ['void', 'int', 'char', 'String'].includes(m[1]) ? undefined : m[1];
};

const insertGuard: ScriptedChange = {
  name: 'insert-guard-clause',
  apply(lines, language, rng) {
    const candidates = functions(lines).filter((fn) => lastParam(fn.params) !== undefined && fn.end > fn.header + 1);
    if (candidates.length === 0) return undefined;
    const fn = rng.pick(candidates);
    const p = lastParam(fn.params)!;
    const indent = bodyIndent(lines, fn);
    const step = ' '.repeat(indentUnit(lines));
    const isVoid = /\bvoid\b/.test(lines[fn.header]!.split('(')[0] ?? '');
    const guard =
      language === 'typescript'
        ? [`if (${p} === undefined) {`, `${step}throw new Error('${p} is required');`, '}']
        : language === 'java'
          ? [`if (${p} == null) {`, `${step}throw new IllegalArgumentException("${p} is required");`, '}']
          : [`if (!${p}) {`, `${step}return${isVoid ? '' : ' -1'};`, '}'];
    return [...lines.slice(0, fn.header + 1), ...guard.map((l) => indent + l), ...lines.slice(fn.header + 1)];
  },
};

const SWAPS: [RegExp, string][] = [
  [/ <= /, ' < '],
  [/ >= /, ' > '],
  [/ < /, ' <= '],
  [/ > /, ' >= '],
  [/ === /, ' !== '],
  [/ !== /, ' === '],
  [/ == /, ' != '],
  [/ != /, ' == '],
  [/ && /, ' || '],
];

const changeCondition: ScriptedChange = {
  name: 'change-condition',
  apply(lines, _language, rng) {
    const candidates: number[] = [];
    lines.forEach((l, i) => {
      if (/^\s*(?:\}\s*else\s+)?(?:if|while)\s*\(/.test(l) && SWAPS.some(([re]) => re.test(l))) candidates.push(i);
    });
    if (candidates.length === 0) return undefined;
    const at = rng.pick(candidates);
    const line = lines[at]!;
    const [re, to] = SWAPS.find(([r]) => r.test(line))!;
    return lines.map((l, i) => (i === at ? l.replace(re, to) : l));
  },
};

/** Closing paren matching the `(` at `open`, on the same line. */
function closeParen(line: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    if (line[i] === '(') depth++;
    else if (line[i] === ')' && --depth === 0) return i;
  }
  return undefined;
}

const addParameter: ScriptedChange = {
  name: 'add-parameter',
  apply(lines, language, rng) {
    const candidates = functions(lines).filter((fn) => !['main', 'constructor'].includes(fn.name) && /^[A-Za-z_$]/.test(fn.name));
    if (candidates.length === 0) return undefined;
    const fn = rng.pick(candidates);
    const param = language === 'typescript' ? 'strict: boolean' : language === 'java' ? 'boolean strict' : 'int strict';
    const arg = language === 'c' ? '0' : 'false';
    const call = new RegExp(`\\b${fn.name.replace(/\$/g, '\\$')}\\s*\\(`, 'g');
    return lines.map((line, i) => {
      let out = line;
      const isHeader = i === fn.header;
      for (const m of [...line.matchAll(call)].reverse()) {
        const open = m.index + m[0].length - 1;
        const close = closeParen(line, open);
        if (close === undefined) continue;
        if (!isHeader && /\b(?:function|void|int|public|private|static)\s+$/.test(line.slice(0, m.index))) continue;
        const inner = line.slice(open + 1, close).trim();
        if (isHeader && inner === 'void') out = `${out.slice(0, open + 1)}${param}${out.slice(close)}`;
        else out = out.slice(0, close) + (inner === '' ? '' : ', ') + (isHeader ? param : arg) + out.slice(close);
      }
      return out;
    });
  },
};

const deleteLine: ScriptedChange = {
  name: 'delete-line',
  apply(lines, _language, rng) {
    const candidates: number[] = [];
    for (const fn of functions(lines))
      for (let i = fn.header + 1; i < fn.end; i++) {
        const t = lines[i]!.trim();
        if (t.endsWith(';') && !/[{}]/.test(t) && !/^(?:return|break|continue|throw)\b/.test(t) && t.length > 8) candidates.push(i);
      }
    if (candidates.length === 0) return undefined;
    const at = rng.pick(candidates);
    return lines.filter((_, i) => i !== at);
  },
};

const IMPORT: Record<Language, { line: RegExp; add: string[] }> = {
  typescript: { line: /^import\s.*;\s*$/, add: ["import { strict as assert } from 'node:assert';", "import { inspect } from 'node:util';"] },
  java: { line: /^(?:import|package)\s.*;\s*$/, add: ['import java.util.Objects;', 'import java.util.Optional;'] },
  c: { line: /^#include\s/, add: ['#include <stdbool.h>', '#include <stddef.h>', '#include <assert.h>'] },
};

const addImport: ScriptedChange = {
  name: 'add-import',
  apply(lines, language) {
    const spec = IMPORT[language];
    const add = spec.add.find((a) => !lines.includes(a));
    if (add === undefined) return undefined;
    let last = -1;
    lines.forEach((l, i) => {
      if (spec.line.test(l)) last = i;
    });
    return [...lines.slice(0, last + 1), add, ...lines.slice(last + 1)];
  },
};

export const SCRIPTED_CHANGES: readonly ScriptedChange[] = [renameVariable, insertGuard, changeCondition, addParameter, deleteLine, addImport];
