import { redactSecrets } from '../context/index.js';
import { inertText } from '../report/inert.js';
import { createReview } from '../github/review.js';
import type { PatchResult } from '../patch/types.js';
import type { JobDeps } from './run-job.js';

const VERIFY_INSTRUCTIONS = [
  'You are a careful senior reviewer. A fast model just committed the patch below to a pull request.',
  'Check it for bugs, missed cases, and whether it does what was asked. Be brief: at most five bullet points.',
  'If it is correct, say so in one sentence. Never include a patch; you are advising the maintainer.',
].join('\n');

/**
 * Hybrid chaining (`verify_model` in .github/spark.yml): after Spark's commit, a bigger model
 * reviews the committed diff and its findings are posted as a COMMENT review on that commit.
 * Best effort: a failure here is logged and never turns a successful fix into a failure.
 */
export async function verifyCommit(
  deps: Pick<JobDeps, 'octokit' | 'model' | 'log' | 'signal'>,
  job: { owner: string; repo: string; pullNumber: number; instruction: string; command: string },
  input: { sha: string; result: PatchResult; verifyModel: string },
): Promise<void> {
  try {
    const diff = input.result.changes.map((c) => c.diff).join('\n');
    let text = '';
    for await (const event of deps.model.stream({
      model: input.verifyModel,
      instructions: VERIFY_INSTRUCTIONS,
      input: `Request: ${job.instruction || `/spark ${job.command}`}\n\nCommitted diff:\n\`\`\`diff\n${diff}\n\`\`\``,
      maxOutputTokens: 2_000,
      signal: deps.signal,
    })) {
      if (event.type === 'delta') text += event.text;
      else if (event.type === 'reset') text = '';
    }
    const findings = inertText(redactSecrets(text.trim().slice(0, 4_000)).text);
    if (!findings) return;
    await createReview(deps.octokit, { owner: job.owner, repo: job.repo }, {
      pullNumber: job.pullNumber,
      commitId: input.sha,
      body: `🔎 **Second opinion** from \`${input.verifyModel}\` on ${input.sha.slice(0, 7)}:\n\n${findings}`,
      comments: [],
    });
  } catch (error) {
    deps.log.warn({ err: error, model: input.verifyModel }, 'verify_model review failed');
  }
}
