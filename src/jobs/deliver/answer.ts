import { redactSecrets } from '../../context/index.js';
import { postComment } from '../../github/comments.js';
import { inertText } from '../../report/inert.js';
import { linkCitations } from '../../review/permalinks.js';
import type { PullPayload } from '../job-data.js';
import type { Delivery } from '../run-job.js';
import type { PullWorkspace } from '../workspaces.js';

/**
 * `/spark ask`: the model's answer as a reply (in the review thread when asked there). The text
 * is printed inert; the only links are the permalinks Spark builds itself, at the pinned head and
 * only to lines that exist there. Nothing is committed, whatever the reply contains.
 */
export function answerDelivery(job: PullPayload): Delivery<PullWorkspace> {
  return async (run, workspace, generated) => {
    const start = generated.firstTurn.text.indexOf('*** Begin Patch');
    const prose = (start >= 0 ? generated.firstTurn.text.slice(0, start) : generated.firstTurn.text).trim().slice(0, 6000);
    const lineCounts = new Map([...workspace.snapshot.files].map(([path, text]) => [path, text.split('\n').length - (text.endsWith('\n') ? 1 : 0)]));
    const linked = linkCitations(inertText(redactSecrets(prose).text), { repoUrl: repoWebUrl(job), sha: job.pinned.headSha, lineCounts });
    const body = [
      `**Spark answer** to ${job.commentUrl ? `[the question](${job.commentUrl})` : 'the question'} at \`${job.pinned.headSha.slice(0, 7)}\``,
      '',
      linked.text || 'The model gave no answer.',
      ...(linked.unverified > 0 ? ['', `<sub>${linked.unverified} citation(s) name lines that do not exist at this head (or files Spark did not read): marked unverified, not linked.</sub>`] : []),
    ].join('\n');
    const sentAt = run.now();
    const posted = await postComment(run.deps.octokit, run.repo, job.reply, body);
    return { outcome: { kind: 'answer', url: posted.url }, sentAt };
  };
}

/** The repository's web address, from the command comment's (GitHub or GHES), else github.com. */
function repoWebUrl(job: PullPayload): string {
  const fromComment = job.commentUrl && /^(https:\/\/[^/]+\/[^/]+\/[^/]+)\/(?:pull|issues)\//.exec(job.commentUrl)?.[1];
  return fromComment || `https://github.com/${job.repo.owner}/${job.repo.repo}`;
}
