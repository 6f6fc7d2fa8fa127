/**
 * `npm run bench`: runs every `bench/*.bench.ts` (compiled to dist/bench/*.bench.js) and
 * prints one JSON document: { machine, benchmarks: { <name>: <result> } }.
 * Each bench module exports `name` and `run(): Promise<unknown>`; select some with
 * `npm run bench -- model patch` (an unknown name is a usage error, exit code 2). Each entry
 * gets `process: { heapUsedMB, heapGrowthMB, peakRssMB }` and `wallMs` next to its own figures.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchModule {
  name: string;
  run(): Promise<unknown>;
}

const here = dirname(fileURLToPath(import.meta.url));
const round = (n: number): number => Math.round(n * 10) / 10;
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .sort();
const modules: BenchModule[] = [];
for (const file of files) modules.push((await import(pathToFileURL(join(here, file)).href)) as BenchModule);
const names = modules.map((m) => m.name);

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !names.includes(w));
if (unknown.length > 0 || wanted.includes('--help') || wanted.includes('-h')) {
  const usage = `usage: npm run -s bench [-- <name>...]   names: ${names.join(', ')} (none = all)`;
  const problem = unknown.filter((u) => u !== '--help' && u !== '-h');
  process.stderr.write(problem.length > 0 ? `unknown benchmark: ${problem.join(', ')}\n${usage}\n` : `${usage}\n`);
  process.exit(problem.length > 0 ? 2 : 0);
}

const benchmarks: Record<string, unknown> = {};
for (const mod of modules) {
  if (wanted.length > 0 && !wanted.includes(mod.name)) continue;
  const started = performance.now();
  // Memory next to speed: the process's peak RSS so far and the heap after the run, under
  // `process` (the queue bench's own in-process figures were once overwritten here).
  const before = process.memoryUsage();
  try {
    const result = await mod.run();
    const after = process.memoryUsage();
    benchmarks[mod.name] = {
      ...(typeof result === 'object' && result !== null ? result : { result }),
      process: {
        heapUsedMB: round(after.heapUsed / 2 ** 20),
        heapGrowthMB: round((after.heapUsed - before.heapUsed) / 2 ** 20),
        peakRssMB: round(process.resourceUsage().maxRSS / 1024),
      },
      wallMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    benchmarks[mod.name] = { error: error instanceof Error ? error.message : String(error) };
    process.exitCode = 1;
  }
  console.error(`bench ${mod.name}: ${Math.round(performance.now() - started)} ms`);
}

const cpu = cpus()[0];
const report = JSON.stringify(
  {
    date: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpu: cpu?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) },
    benchmarks,
  },
  null,
  2,
);
// Also to a file: `npm run bench` prints npm's own banner on stdout before the JSON
// (`npm run -s bench` does not).
const resultsDir = join(here, '..', '..', 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'latest.json'), `${report}\n`);
console.log(report);
