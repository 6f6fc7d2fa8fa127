/**
 * Webhook payloads and signed deliveries, shared by the tests (via test/helpers/events.ts)
 * and the benchmarks (which may only import src/ and test/fakes/). Payloads are derived from
 * @octokit/webhooks-examples (GitHub's real payload shapes) and adjusted per use: a PR comment
 * is the examples' issue comment plus the real `issue.pull_request` object GitHub adds on PRs.
 */
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{ name: string; examples: Array<Record<string, any>> }>;

function example(name: string, pick: (e: Record<string, any>) => boolean): Record<string, any> {
  const found = examples.find((e) => e.name === name)?.examples.find(pick);
  if (!found) throw new Error(`no ${name} example matches`);
  return structuredClone(found);
}

export const OWNER = 'Codertocat';
export const REPO = 'Hello-World';
export const INSTALLATION_ID = 2311213;

export interface CommentOptions {
  body: string;
  login?: string;
  userType?: 'User' | 'Bot';
  userId?: number;
  commentId?: number;
  number?: number;
  onPull?: boolean;
  action?: 'created' | 'edited' | 'deleted';
  /** The issue's title and body as the webhook carries them (default: the example's). */
  issue?: { title?: string; body?: string | null; updatedAt?: string };
}

export function issueCommentEvent(options: CommentOptions): { name: 'issue_comment'; payload: any } {
  const payload = example('issue_comment', (e) => e.action === 'created' && !!e.installation);
  payload.action = options.action ?? 'created';
  payload.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMjMxMTIxMw==' };
  payload.comment.body = options.body;
  payload.comment.id = options.commentId ?? payload.comment.id;
  payload.comment.user.login = options.login ?? 'Codertocat';
  payload.comment.user.type = options.userType ?? 'User';
  payload.comment.user.id = options.userId ?? payload.comment.user.id;
  const number = options.number ?? 2;
  payload.issue.number = number;
  if (options.issue?.title !== undefined) payload.issue.title = options.issue.title;
  if (options.issue?.body !== undefined) payload.issue.body = options.issue.body;
  if (options.issue?.updatedAt !== undefined) payload.issue.updated_at = options.issue.updatedAt;
  if (options.onPull ?? true) {
    payload.issue.pull_request = {
      url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${number}`,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${number}`,
      diff_url: `https://github.com/${OWNER}/${REPO}/pull/${number}.diff`,
      patch_url: `https://github.com/${OWNER}/${REPO}/pull/${number}.patch`,
      merged_at: null,
    };
  } else {
    delete payload.issue.pull_request;
  }
  return { name: 'issue_comment', payload };
}

export interface ReviewCommentOptions extends CommentOptions {
  path: string;
  line: number | null;
  startLine?: number | null;
  inReplyTo?: number;
}

export function reviewCommentEvent(options: ReviewCommentOptions): { name: 'pull_request_review_comment'; payload: any } {
  const payload = example('pull_request_review_comment', (e) => e.action === 'created' && !!e.installation);
  payload.action = options.action ?? 'created';
  payload.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMjMxMTIxMw==' };
  Object.assign(payload.comment, {
    body: options.body,
    id: options.commentId ?? payload.comment.id,
    path: options.path,
    line: options.line,
    start_line: options.startLine ?? null,
    side: 'RIGHT',
    in_reply_to_id: options.inReplyTo,
  });
  payload.comment.user.login = options.login ?? 'Codertocat';
  payload.comment.user.type = options.userType ?? 'User';
  payload.pull_request.number = options.number ?? 2;
  return { name: 'pull_request_review_comment', payload };
}

/** GitHub's delivery signature: `sha256=` + hex HMAC-SHA256 of the exact body bytes. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface Delivery {
  id: string;
  name: string;
  payload: unknown;
}

/** The request GitHub would send for a delivery (headers and the exact body that was signed). */
export function signedRequest(delivery: Delivery, secret: string): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify(delivery.payload);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/fake',
      'x-github-event': delivery.name,
      'x-github-delivery': delivery.id,
      'x-hub-signature-256': signature(secret, body),
    },
  };
}

export interface DeliveryResult {
  status: number;
  /** Milliseconds from sending the request to the complete response (the webhook ack). */
  ackMs: number;
  sentAt: number;
  text: string;
}

/** POSTs a signed delivery to a webhook URL (loopback) and times the acknowledgement. */
export async function deliver(url: string, delivery: Delivery, secret: string): Promise<DeliveryResult> {
  const { headers, body } = signedRequest(delivery, secret);
  const sentAt = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, ackMs: performance.now() - sentAt, sentAt, text };
}
