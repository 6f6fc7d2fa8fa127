/** Worker thread: builds one stress input, times parse + apply, reports the outcome. */
import { parentPort, workerData } from 'node:worker_threads';
import { applyOps, parseReply } from '../../src/patch/index.js';
import { STRESS_CASES } from './stress.js';

const name = String((workerData as { name?: unknown }).name);
const build = STRESS_CASES[name];
if (build === undefined) throw new Error(`unknown stress case ${name}`);
const input = build();
const started = performance.now();
let outcome: string;
try {
  const result = applyOps(parseReply(input.reply), input.files);
  outcome = `applied +${result.additions} -${result.deletions}`;
} catch (error) {
  outcome = `refused: ${error instanceof Error ? error.constructor.name : 'error'}`;
}
parentPort?.postMessage({ ms: performance.now() - started, outcome, replyBytes: Buffer.byteLength(input.reply) });
