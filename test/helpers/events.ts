/**
 * Webhook payloads for tests. They live in test/fakes/webhooks.ts so the benchmarks (which
 * may only import src/ and test/fakes/) build the same payloads.
 */
import { createRequire } from 'node:module';
import { INSTALLATION_ID } from '../fakes/webhooks.js';

export {
  INSTALLATION_ID,
  OWNER,
  REPO,
  issueCommentEvent,
  reviewCommentEvent,
  type CommentOptions,
  type ReviewCommentOptions,
} from '../fakes/webhooks.js';

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{ name: string; examples: Array<Record<string, any>> }>;

function pullExample(action: string): Record<string, any> {
  const found = examples.find((e) => e.name === 'pull_request')?.examples.find((e) => e.action === action && !!e.installation);
  if (!found) throw new Error(`no pull_request.${action} example with an installation`);
  return structuredClone(found);
}

export interface PullEventOptions {
  action: 'review_requested' | 'opened' | 'ready_for_review' | 'synchronize';
  reviewer?: { login: string; type?: 'User' | 'Bot' };
  sender?: string;
  draft?: boolean;
  author?: { login: string; type?: 'User' | 'Bot' };
  headSha?: string;
  size?: number;
}

export function pullRequestEvent(options: PullEventOptions): { name: 'pull_request'; payload: any } {
  const base = pullExample(options.action);
  base.action = options.action;
  base.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMjMxMTIxMw==' };
  if (options.reviewer) base.requested_reviewer = { ...base.requested_reviewer, login: options.reviewer.login, type: options.reviewer.type ?? 'Bot' };
  if (options.sender) base.sender.login = options.sender;
  base.pull_request.draft = options.draft ?? false;
  base.pull_request.state = 'open';
  if (options.author) base.pull_request.user = { ...base.pull_request.user, login: options.author.login, type: options.author.type ?? 'User' };
  if (options.headSha) base.pull_request.head.sha = options.headSha;
  if (options.size !== undefined) {
    base.pull_request.additions = options.size;
    base.pull_request.deletions = 0;
  }
  return { name: 'pull_request', payload: base };
}
