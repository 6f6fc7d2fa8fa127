/**
 * `spark review`: the bot's review of base...HEAD on a local checkout, printed: the summary,
 * each finding with its location and reason, and the patch a finding suggests. Nothing is
 * written to the working tree.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createModelClient, modelOptionsFromEnv } from '../model/index.js';
import { formatInstructions } from '../patch/index.js';
import { parseReview } from '../review/finding-format.js';
import { reviewInstruction } from '../review/review-prompt.js';
import { CliUsageError, localContext } from './context.js';
import type { CliIo } from './fix.js';

export const REVIEW_USAGE = `Usage: spark review [options]

Reviews the changes base...HEAD of a local checkout the way the bot reviews a pull request and
prints the findings (kind, file:line, reason) and the patches it suggests. Changes no file.

Options:
  --base <ref>    base of the diff (default: origin/HEAD, else main, else master)
  --focus <text>  what to look at in particular
  --repo <dir>    the checkout (default: current directory)
`;

export async function runReview(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { base: { type: 'string' }, focus: { type: 'string' }, repo: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new CliUsageError(`${(error as Error).message}\n\n${REVIEW_USAGE}`, { cause: error });
  }
  const instruction = reviewInstruction({ subject: 'branch', ...(values.focus ? { focus: values.focus } : {}) });
  const local = localContext({
    repo: resolve(io.cwd, values.repo ?? '.'),
    ...(values.base !== undefined ? { base: values.base } : {}),
    head: 'HEAD',
    instruction,
    ignore: [],
    thorough: false,
    limit: 40,
    systemInstructions: formatInstructions('apply_patch'),
    window: -1,
    reserve: -1,
  });
  const model = io.model ?? createModelClient(modelOptionsFromEnv(io.env ?? process.env));
  try {
    let text = '';
    for await (const event of model.stream({
      instructions: local.packed.instructions,
      input: local.packed.input,
      model: local.config.model,
      maxOutputTokens: local.config.context.reserveOutput,
    })) {
      if (event.type === 'delta') text += event.text;
      else if (event.type === 'reset') text = '';
    }
    const review = parseReview(text);
    const out = [`spark review ${local.base}...${local.head}`, '', review.summary || '(no summary)', ''];
    if (review.findings.length === 0) out.push('No findings.');
    for (const f of review.findings) {
      out.push(`${f.kind.toUpperCase()} ${f.path}:${f.line}${f.endLine ? `-${f.endLine}` : ''} ${f.reason}`);
      if (f.patch) out.push(f.patch.replace(/^/gm, '    '));
    }
    for (const line of review.unreadable) out.push(`(unreadable finding line: ${line})`);
    io.stdout(`${out.join('\n')}\n`);
    return 0;
  } finally {
    if (io.model === undefined) await model.close();
  }
}
