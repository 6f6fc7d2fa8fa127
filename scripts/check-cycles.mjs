#!/usr/bin/env node
/**
 * Import-cycle check (what `madge --circular` reports; madge itself does not install beside
 * TypeScript 6): every relative `import`/`export … from` in src/, bench/ and test/, type-only
 * ones included, resolved `.js` → `.ts` as the compiler does, then strongly connected
 * components. Prints each cycle and exits 1 when there is one.
 *
 *   node scripts/check-cycles.mjs [dir …]      (default: src bench test)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dirs = process.argv.length > 2 ? process.argv.slice(2) : ['src', 'bench', 'test'];

function sources(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') continue;
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(?:m?ts|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** `./x.js` from `file` → the source file it names, or undefined (packages, missing files). */
function resolveImport(file, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const target = resolve(dirname(file), specifier);
  for (const candidate of [target.replace(/\.js$/, '.ts'), target.replace(/\.mjs$/, '.mts'), target, `${target}.ts`, join(target, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const files = dirs.flatMap((dir) => sources(join(root, dir)));
const edges = new Map();
for (const file of files) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, false);
  edges.set(file, [...new Set(importedFiles.map((f) => resolveImport(file, f.fileName)).filter(Boolean))]);
}

// Tarjan's strongly connected components, iteratively (deep import chains overflow recursion).
let counter = 0;
const index = new Map();
const low = new Map();
const onStack = new Set();
const stack = [];
const cycles = [];
for (const start of files) {
  if (index.has(start)) continue;
  const work = [[start, 0]];
  index.set(start, counter);
  low.set(start, counter++);
  stack.push(start);
  onStack.add(start);
  while (work.length > 0) {
    const frame = work[work.length - 1];
    const [node, i] = frame;
    const next = edges.get(node) ?? [];
    if (i < next.length) {
      frame[1]++;
      const to = next[i];
      if (!edges.has(to)) continue;
      if (!index.has(to)) {
        index.set(to, counter);
        low.set(to, counter++);
        stack.push(to);
        onStack.add(to);
        work.push([to, 0]);
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node), index.get(to)));
      }
      continue;
    }
    work.pop();
    if (work.length > 0) {
      const parent = work[work.length - 1][0];
      low.set(parent, Math.min(low.get(parent), low.get(node)));
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = component.length === 1 && (edges.get(node) ?? []).includes(node);
      if (component.length > 1 || selfLoop) cycles.push(component.map((f) => relative(root, f)).sort());
    }
  }
}

if (cycles.length === 0) {
  process.stdout.write(`No import cycles in ${files.length} files (${dirs.join(', ')}).\n`);
} else {
  process.stderr.write(`✖ ${cycles.length} import cycle(s):\n`);
  for (const [n, cycle] of cycles.entries()) process.stderr.write(`${n + 1}) ${cycle.join(' ↔ ')}\n`);
  process.exit(1);
}
