import { createHash } from 'node:crypto';
import type { AppDeps } from '../app-deps.js';
import type { ConfigError } from '../config/schema.js';
import type { ReplyTarget } from '../github/comments.js';
import type { RepoRef } from '../github/types.js';
import type { NoticeJob } from '../jobs/job-data.js';
import type { EventContext } from './trigger.js';
import { configProblem } from './replies.js';

/**
 * An invalid `.github/spark.yml` met by a trigger nobody typed (auto-review, a label): said on
 * the PR or issue once per distinct error — a notice job whose id is the error's hash, so the
 * queue's dedupe (24 h, shared through Redis) drops the repeats — rather than only logged.
 */
export async function reportConfigOnce(
  context: EventContext,
  deps: Pick<AppDeps, 'queue'>,
  where: { repo: RepoRef; number: number; installationId: number; error: ConfigError },
): Promise<void> {
  const { repo, number, error } = where;
  const hash = createHash('sha256').update(error.message).digest('hex').slice(0, 16);
  const target: ReplyTarget = { kind: 'issue', number };
  const notice: NoticeJob = {
    id: `config-error-${repo.owner}/${repo.repo}#${number}-${hash}`,
    group: `${repo.owner}/${repo.repo}#${number}`,
    kind: 'notice',
    installationId: where.installationId,
    payload: { repo, target, body: configProblem(error, 'automatic') },
  };
  const queued = await deps.queue.enqueue(notice);
  context.log.info({ err: error, number, reported: queued.accepted }, queued.accepted ? 'invalid .github/spark.yml: reporting it once' : 'invalid .github/spark.yml: already reported');
}
