import type { Context } from 'probot';
import type { AppDeps } from '../app-deps.js';
import { ConfigError } from '../config/schema.js';
import { acceptPullCommand, loadConfig } from './accept.js';
import type { Debouncer } from './debounce.js';
import { isBot } from './guards.js';

type PullEvent = Context<'pull_request.opened' | 'pull_request.ready_for_review' | 'pull_request.synchronize'>;

/**
 * Auto-review (off by default; `auto_review.enabled` in .github/spark.yml): on opened,
 * ready_for_review and synchronize. Skips drafts, bots' PRs and PRs over the size limit;
 * a burst of pushes yields one review (debounced per PR, and deduplicated per head SHA
 * across processes by the job id).
 */
export function onPullRequestChanged(deps: AppDeps, debouncer: Debouncer) {
  return async (context: PullEvent): Promise<void> => {
    const { pull_request: pr, repository, installation } = context.payload;
    if (!installation || pr.draft || pr.state !== 'open' || isBot(pr.user)) return;
    const config = await loadConfig(context as unknown as Context);
    if (config instanceof ConfigError || !config.autoReview.enabled) return;
    const size = (pr.additions ?? 0) + (pr.deletions ?? 0);
    if (size > config.autoReview.maxChangedLines) {
      context.log.info({ pr: pr.number, size, limit: config.autoReview.maxChangedLines }, 'auto-review skipped: PR too large');
      return;
    }
    const key = `${repository.full_name}#${pr.number}`;
    debouncer.schedule(key, config.autoReview.debounceSeconds * 1000, () => {
      acceptPullCommand(context as unknown as Context, deps, {
        command: { name: 'review', instruction: '' },
        owner: repository.owner.login,
        repo: repository.name,
        pullNumber: pr.number,
        installationId: installation.id,
        commenter: { login: pr.user!.login, id: pr.user!.id },
        reply: { kind: 'issue', number: pr.number },
        jobId: `auto-review-${pr.number}-${pr.head.sha}`,
        automatic: { config },
      }).catch((error: unknown) => context.log.error({ err: error, pr: pr.number }, 'auto-review could not be queued'));
    });
  };
}
