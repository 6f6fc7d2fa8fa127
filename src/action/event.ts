/**
 * The one event a workflow run was started by: GITHUB_EVENT_NAME and the webhook payload the
 * runner wrote to GITHUB_EVENT_PATH. Workflow payloads carry no `installation` (the token is
 * the workflow's, not an App installation's), so a placeholder is added: the handlers and
 * the job envelope need an id, and token auth ignores it.
 */
import { readFile } from 'node:fs/promises';
import { SparkError } from '../errors.js';

/** The events the Action answers; anything else ends with "nothing to do". */
export const ACTION_EVENTS = ['issue_comment', 'pull_request_review_comment', 'pull_request', 'issues'] as const;
export type ActionEventName = (typeof ACTION_EVENTS)[number];

export interface ActionEvent {
  /** Delivery id: the workflow run (and attempt), so logs and job ids name it. */
  id: string;
  name: ActionEventName;
  payload: Record<string, unknown>;
}

/** Installation id given to workflow events (validateJob wants a positive integer). */
export const WORKFLOW_INSTALLATION = { id: 1, node_id: 'workflow-token' } as const;

export class ActionEventError extends SparkError {}

export type ReadEvent = { kind: 'event'; event: ActionEvent } | { kind: 'unsupported'; name: string };

export async function readEvent(env: NodeJS.ProcessEnv, read: (path: string) => Promise<string> = (path) => readFile(path, 'utf8')): Promise<ReadEvent> {
  const name = env.GITHUB_EVENT_NAME?.trim() ?? '';
  if (!(ACTION_EVENTS as readonly string[]).includes(name)) return { kind: 'unsupported', name };
  const path = env.GITHUB_EVENT_PATH?.trim();
  if (!path) throw new ActionEventError('GITHUB_EVENT_PATH is not set: run this inside a GitHub Actions workflow');
  let payload: unknown;
  try {
    payload = JSON.parse(await read(path));
  } catch (error) {
    throw new ActionEventError(`the event payload at GITHUB_EVENT_PATH could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new ActionEventError('the event payload at GITHUB_EVENT_PATH is not a JSON object');
  const record = payload as Record<string, unknown>;
  const run = env.GITHUB_RUN_ID?.trim() || 'local';
  return {
    kind: 'event',
    event: {
      id: `action-${run}-${env.GITHUB_RUN_ATTEMPT?.trim() || '1'}`,
      name: name as ActionEventName,
      payload: record.installation ? record : { ...record, installation: WORKFLOW_INSTALLATION },
    },
  };
}
