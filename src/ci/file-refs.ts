import type { PathResolver } from './resolve-path.js';
import type { FileRef } from './types.js';

/**
 * `file:line` places in one cleaned log line, in the notations the common tools print:
 *   path:12  path:12:5  path(12,5) (tsc)  path:[12,5] (javac via Maven)  File "path", line 12
 *   (Python)  path: line 12: (bash)  at pkg.Class.method(Class.java:12) (JVM stacks)
 *   file:///path:12:5 (Node ESM stacks).
 * Only places the resolver maps into the repository are returned.
 */
const NAME = String.raw`(?:file:\/\/)?(?:[A-Za-z]:)?[\w.@+~\/\\-]*?(?:[\w@+~-]+\.[A-Za-z][\w]{0,11}|Makefile|Dockerfile|Rakefile|Gemfile|Jenkinsfile|Justfile)`;
const PLACE = new RegExp(String.raw`(${NAME})(?::(\d+)(?::(\d+))?|\((\d+),(\d+)\)|:\[(\d+),(\d+)\]|: line (\d+):)`, 'g');
const HAS_NUMBER = /[:(,]\[?\d|line \d/;
const PYTHON = /File "([^"]+)", line (\d+)/g;
const JVM_FRAME = /at ((?:[\w$]+\.)+)[\w$<>]+\(([\w$]+\.(?:java|kt|scala|groovy)):(\d+)\)/g;

function push(out: FileRef[], ref: FileRef): void {
  if (!out.some((r) => r.path === ref.path && r.line === ref.line)) out.push(ref);
}

export function findFileRefs(line: string, resolve: PathResolver, hint?: string): FileRef[] {
  const out: FileRef[] = [];
  // Minified bundles and base64 blobs: the lazy path pattern is quadratic in a token's length.
  if (line.length > 1_000) line = line.slice(0, 1_000);
  if (!HAS_NUMBER.test(line)) return out;
  if (line.includes('File "')) {
    for (const m of line.matchAll(PYTHON)) {
      const path = resolve(m[1] as string, hint);
      if (path) push(out, { path, line: Number(m[2]) });
    }
  }
  if (line.includes('at ') && line.includes('(')) {
    for (const m of line.matchAll(JVM_FRAME)) {
      // `demo.TemperatureTest.` + `TemperatureTest.java` → `demo/TemperatureTest.java`.
      const pkg = (m[1] as string).split('.').filter(Boolean).slice(0, -1).join('/');
      const path = resolve(pkg ? `${pkg}/${m[2]}` : (m[2] as string), hint) ?? resolve(m[2] as string, hint);
      if (path) push(out, { path, line: Number(m[3]) });
    }
  }
  for (const m of line.matchAll(PLACE)) {
    const raw = m[1] as string;
    const lineNo = Number(m[2] ?? m[4] ?? m[6] ?? m[8]);
    if (!Number.isInteger(lineNo) || lineNo < 1) continue;
    // `12:30:01` clock times and `v1.2.3:4` versions are not places.
    if (/^[\d.]+$/.test(raw)) continue;
    const path = resolve(raw, hint);
    if (!path) continue;
    const colText = m[3] ?? m[5] ?? m[7];
    push(out, colText === undefined ? { path, line: lineNo } : { path, line: lineNo, column: Number(colText) });
  }
  return out;
}
