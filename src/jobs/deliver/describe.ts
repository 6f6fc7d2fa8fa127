import { redactSecrets } from '../../context/index.js';
import { readPullBody, writePullBody } from '../../github/pull-body.js';
import { inertText } from '../../report/inert.js';
import { spliceDescription } from '../../review/describe-section.js';
import type { PullPayload } from '../job-data.js';
import type { Delivery } from '../run-job.js';
import type { PullWorkspace } from '../workspaces.js';

/**
 * `/spark describe` (and `describe.on_open`): the model's description, inert, between the
 * describe markers of the PR body. The body is read right before the one update, so an edit the
 * author made while the model wrote is kept; only the marked section is ever replaced.
 */
export function describeDelivery(job: PullPayload): Delivery<PullWorkspace> {
  return async (run, _workspace, generated) => {
    const start = generated.firstTurn.text.indexOf('*** Begin Patch');
    const prose = (start >= 0 ? generated.firstTurn.text.slice(0, start) : generated.firstTurn.text).trim().slice(0, 12_000);
    const section = [
      `#### Spark description (at \`${job.pinned.headSha.slice(0, 7)}\`; re-run \`/spark describe\` to refresh it)`,
      '',
      inertText(redactSecrets(prose).text) || 'The model wrote no description.',
    ].join('\n');
    const current = await readPullBody(run.deps.octokit, run.repo, job.pinned.number);
    const sentAt = run.now();
    await writePullBody(run.deps.octokit, run.repo, job.pinned.number, spliceDescription(current.body, section));
    return { outcome: { kind: 'described', url: current.url }, sentAt };
  };
}
