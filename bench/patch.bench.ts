/**
 * Patch engine bench (issue #5). For every case of the llm-patch corpus (real small-model
 * diffs against a known `before` file), applies each `diffs/*.diff` with
 *   (a) our engine (parseReply + applyOps), (b) strict jsdiff `applyPatch`, (c) `git apply --recount`,
 * and classifies each outcome. Also measures StreamingPatchParser throughput.
 *
 * "Silent wrong apply" heuristic (no ground-truth "after" exists in the corpus): the diff's own
 * hunks define an intended net change per line (trimmed, blank lines ignored): +1 per added line,
 * -1 per removed line. An applied result whose per-line count change differs from that intent did
 * something other than the diff says (partial, doubled, or mangled apply): counted as wrong.
 * A result that matches the intent but where some hunk's `before` block occurs more than once in
 * the original is counted as "ambiguous": its location was a choice the content cannot confirm.
 * Diffs our lenient parser cannot read, and whole-file replies (no +/- lines), have no measurable
 * intent: their applies are "unverifiable" (none in the corpus so far).
 * A result identical to the input counts as failed for every tool.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyPatch } from 'diff';
import { applyOps, parseReply, PatchApplyError, PatchGuardError, PatchParseError, StreamingPatchParser, type FileOp } from '../src/patch/index.js';

export const name = 'patch';

interface Tally {
  applied: number;
  faithful: number;
  wrong: number;
  ambiguous: number;
  unverifiable: number;
  failed: number;
  failedAmbiguous?: number;
}

const tally = (): Tally => ({ applied: 0, faithful: 0, wrong: 0, ambiguous: 0, unverifiable: 0, failed: 0 });

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function corpusDir(): string {
  return process.env.SPARK_CORPUS ?? resolve(repoRoot(), '..', 'shared', 'corpus', 'llm-patch');
}

const key = (l: string): string => l.trim();

function countLines(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of text.split(/\r?\n/)) {
    const k = key(l);
    if (k !== '') m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

function intent(ops: FileOp[]): Map<string, number> | undefined {
  const m = new Map<string, number>();
  for (const op of ops) {
    // A whole-file reply has no +/- lines of its own: its "intent" would be the result itself.
    if (op.kind !== 'update' || op.wholeFile !== undefined) return undefined;
    for (const h of op.hunks) {
      for (const l of h.after) if (key(l) !== '') m.set(key(l), (m.get(key(l)) ?? 0) + 1);
      for (const l of h.before) if (key(l) !== '') m.set(key(l), (m.get(key(l)) ?? 0) - 1);
    }
  }
  return m;
}

function matchesIntent(before: string, after: string, want: Map<string, number>): boolean {
  const a = countLines(before);
  const b = countLines(after);
  const keys = new Set([...a.keys(), ...b.keys(), ...want.keys()]);
  for (const k of keys) if ((b.get(k) ?? 0) - (a.get(k) ?? 0) !== (want.get(k) ?? 0)) return false;
  return true;
}

function ambiguousLocation(before: string, ops: FileOp[]): boolean {
  const lines = before.split(/\r?\n/).map(key);
  for (const op of ops) {
    if (op.kind !== 'update') continue;
    for (const h of op.hunks) {
      const pat = h.before.map(key);
      if (pat.length === 0) continue;
      let hits = 0;
      for (let i = 0; i + pat.length <= lines.length && hits < 2; i++) if (pat.every((p, j) => lines[i + j] === p)) hits++;
      if (hits > 1) return true;
    }
  }
  return false;
}

function record(t: Tally, before: string, after: string | undefined, ops: FileOp[] | undefined): void {
  // Returning the input unchanged (jsdiff does so for text with no hunks) is not an apply.
  if (after === undefined || after === before) {
    t.failed++;
    return;
  }
  t.applied++;
  const want = ops && intent(ops);
  if (!want || !ops) t.unverifiable++;
  else if (!matchesIntent(before, after, want)) t.wrong++;
  else if (ambiguousLocation(before, ops)) t.ambiguous++;
  else t.faithful++;
}

/** Points every op at the case's single file: corpus headers say before.ext/after.ext or nothing. */
function retarget(ops: FileOp[], target: string): FileOp[] {
  return ops.map((op) => (op.kind === 'update' ? { kind: 'update', path: target, hunks: op.hunks, ...(op.wholeFile === undefined ? {} : { wholeFile: op.wholeFile }) } : op));
}

function gitApply(dir: string, target: string, before: string, diff: string): string | undefined {
  writeFileSync(join(dir, target), before);
  // git needs file names it can resolve: rewrite (or add) the headers to the case's file.
  let text = diff.replace(/^--- .*$/m, `--- a/${target}`).replace(/^\+\+\+ .*$/m, `+++ b/${target}`);
  if (!/^--- /m.test(diff)) text = `--- a/${target}\n+++ b/${target}\n${diff}`;
  if (!text.endsWith('\n')) text += '\n';
  writeFileSync(join(dir, 'change.patch'), text);
  try {
    execFileSync('git', ['apply', '--recount', 'change.patch'], { cwd: dir, stdio: 'pipe', timeout: 10_000 });
    return readFileSync(join(dir, target), 'utf8');
  } catch (e) {
    if (process.env.BENCH_DEBUG) console.error(String((e as { stderr?: unknown }).stderr));
    return undefined;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function streamingThroughput(): Record<string, number> {
  const section = (i: number): string =>
    `*** Update File: src/file${i}.ts\n@@ export function f${i}() {\n   const a = ${i};\n-  return a;\n+  return a + 1;\n }\n`;
  let reply = '*** Begin Patch\n';
  for (let i = 0; reply.length < 4 * 2 ** 20; i++) reply += section(i);
  reply += '*** End Patch\n';
  const out: Record<string, number> = { replyMB: +(reply.length / 2 ** 20).toFixed(2) };
  for (const size of [16, 1024]) {
    const started = performance.now();
    const parser = new StreamingPatchParser();
    let ops = 0;
    for (let i = 0; i < reply.length; i += size) ops += parser.push(reply.slice(i, i + size)).length;
    ops += parser.end().length;
    const seconds = (performance.now() - started) / 1000;
    out[`MBps_delta${size}`] = +(reply.length / 2 ** 20 / seconds).toFixed(1);
    out.ops = ops;
  }
  return out;
}

export async function run(): Promise<unknown> {
  const root = corpusDir();
  if (!existsSync(root)) return { skipped: 'corpus not found', looked: 'SPARK_CORPUS or ../shared/corpus/llm-patch' };
  const ours: Tally = { ...tally(), failedAmbiguous: 0 };
  const jsdiff = tally();
  const git = tally();
  const oursFailures: Record<string, number> = {};
  const times: number[] = [];
  let diffs = 0;
  const tmp = mkdtempSync(join(tmpdir(), 'spark-patch-bench-'));
  try {
    for (const lang of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const kase of readdirSync(join(root, lang.name), { withFileTypes: true }).filter((d) => d.isDirectory())) {
        const dir = join(root, lang.name, kase.name);
        const target = readdirSync(dir).find((f) => f.startsWith('before.'));
        if (target === undefined || !existsSync(join(dir, 'diffs'))) continue;
        const before = readFileSync(join(dir, target), 'utf8');
        for (const file of readdirSync(join(dir, 'diffs')).filter((f) => f.endsWith('.diff')).sort()) {
          const diff = readFileSync(join(dir, 'diffs', file), 'utf8');
          diffs++;
          let parsed: FileOp[] | undefined;
          try {
            parsed = retarget(parseReply(diff, { defaultPath: target }), target);
          } catch {
            parsed = undefined;
          }
          // (a) ours, timed end to end (parse + apply)
          const started = performance.now();
          let result: string | undefined;
          try {
            const ops = retarget(parseReply(diff, { defaultPath: target }), target);
            result = applyOps(ops, new Map([[target, before]])).changes.find((c) => c.path === target)?.after ?? undefined;
          } catch (e) {
            const whole = parsed?.some((op) => op.kind === 'update' && op.wholeFile !== undefined) === true;
            const kind = e instanceof PatchParseError ? 'parse' : e instanceof PatchApplyError ? (whole ? 'whole_file_refused' : e.failures[0]!.reason) : e instanceof PatchGuardError ? e.reason : 'unexpected';
            oursFailures[kind] = (oursFailures[kind] ?? 0) + 1;
            if (kind === 'ambiguous') ours.failedAmbiguous!++;
          }
          times.push(performance.now() - started);
          record(ours, before, result, parsed);
          // (b) strict jsdiff
          let strict: string | undefined;
          try {
            const r = applyPatch(before, diff);
            strict = r === false ? undefined : r;
          } catch {
            strict = undefined;
          }
          record(jsdiff, before, strict, parsed);
          // (c) git apply --recount
          record(git, before, gitApply(tmp, target, before, diff), parsed);
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const pct = (t: Tally): Record<string, number> => ({ appliedPct: +((100 * t.applied) / diffs).toFixed(1), faithfulPct: +((100 * t.faithful) / diffs).toFixed(1) });
  times.sort((a, b) => a - b);
  return {
    corpus: root.split(/[\\/]/).slice(-1)[0],
    diffs,
    heuristic: 'wrong = applied but per-line count change differs from the diff\'s own +/- lines; ambiguous = matches intent but a hunk\'s before-block occurs >1x in the original',
    ours: { ...ours, ...pct(ours), failures: oursFailures },
    strictJsdiff: { ...jsdiff, ...pct(jsdiff) },
    gitApplyRecount: { ...git, ...pct(git) },
    oursTimeMs: { mean: +(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length)).toFixed(3), p50: +percentile(times, 50).toFixed(3), p95: +percentile(times, 95).toFixed(3), max: +percentile(times, 100).toFixed(3) },
    streaming: streamingThroughput(),
  };
}
