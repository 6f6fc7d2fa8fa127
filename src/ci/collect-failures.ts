/**
 * Why a commit is red: its failing check runs (with their annotations, output and, for GitHub
 * Actions, the job log) and failing commit statuses, turned into failures. Everything read
 * here is untrusted and passes through the secret redactor before anything else sees it.
 */
import { redactSecrets } from '../context/redact.js';
import { listCheckAnnotations, type CheckAnnotation } from '../github/check-annotations.js';
import { listCheckRuns, type CheckRun } from '../github/check-runs.js';
import { readCommitStatuses } from '../github/commit-statuses.js';
import { readJobLog, type JobLogOptions } from '../github/job-log.js';
import type { Log, Octokit, RepoRef } from '../github/types.js';
import { extractFailures } from './extract-failures.js';
import type { CiFailure, FileRef } from './types.js';

/** Conclusions that make a check red. `cancelled`, `skipped`, `neutral`, `stale` are not failures. */
const FAILED = new Set(['failure', 'timed_out', 'startup_failure', 'action_required']);

export interface FailingCheck {
  /** Check run name or status context. */
  name: string;
  source: 'check-run' | 'status';
  /** `failure`, `timed_out`, … for check runs; `failure` / `error` for statuses. */
  conclusion: string;
  url: string | null;
  failures: CiFailure[];
  /** One-line cause for the status comment (redacted). */
  cause: string;
  command?: string;
  /** Last relevant log lines (redacted), for the prompt. */
  excerpt: string;
}

export interface CiState {
  sha: string;
  failing: FailingCheck[];
  /** Names of checks still queued or running. */
  pending: string[];
  passed: string[];
  /** Lists were cut (more than a page of runs or statuses). */
  truncated: boolean;
  /** Secrets the redactor replaced in what was read. */
  redactions: number;
}

export interface CollectOptions {
  /** Repository files at the commit (places in logs must name one); may still be on its way (read in parallel). */
  files?: readonly string[] | Promise<readonly string[]>;
  /** Job logs read per call at most (the first failing checks). Default 4. */
  maxLogs?: number;
  log?: JobLogOptions;
  /** Token budget of each check's excerpt. Default 1,200. */
  excerptTokens?: number;
  logger?: Pick<Log, 'debug' | 'warn'>;
}

/** Newest run per name: re-runs and re-requested suites leave older runs with the same name. */
export function latestPerName(runs: readonly CheckRun[]): CheckRun[] {
  const byName = new Map<string, CheckRun>();
  for (const run of runs) {
    const seen = byName.get(run.name);
    if (!seen || newer(run, seen)) byName.set(run.name, run);
  }
  return [...byName.values()];
}

function newer(a: CheckRun, b: CheckRun): boolean {
  const at = Date.parse(a.startedAt ?? '') || 0;
  const bt = Date.parse(b.startedAt ?? '') || 0;
  return at !== bt ? at > bt : a.id > b.id;
}

function redacted(text: string, count: { n: number }): string {
  const r = redactSecrets(text);
  count.n += r.redactions;
  return r.text;
}

function annotationFailures(annotations: readonly CheckAnnotation[], files: ReadonlySet<string> | undefined, count: { n: number }): CiFailure[] {
  const out: CiFailure[] = [];
  for (const a of annotations) {
    if (a.level !== 'failure' && a.level !== 'warning') continue;
    // Actions adds this to every failed job: the job log says more.
    if (/^Process completed with exit code \d+\.?$/.test(a.message.trim())) continue;
    const path = a.path.replace(/^\.\//, '');
    // `.github` is where GitHub puts annotations that belong to no file (e.g. "Process completed with exit code 1").
    const inRepo = path !== '.github' && (!files || files.has(path));
    const refs: FileRef[] = inRepo && a.startLine > 0 ? [{ path, line: a.startLine }] : [];
    const message = redacted([a.title, a.message].filter(Boolean).join(': ').replace(/\s+/g, ' ').trim(), count).slice(0, 300);
    if (message === '' && refs.length === 0) continue;
    out.push({ tool: 'annotation', message: message || 'failed', refs });
  }
  return out;
}

function firstCause(failures: readonly CiFailure[], fallback: string): string {
  const f = failures.find((x) => x.refs.length > 0) ?? failures[0];
  if (!f) return fallback;
  return f.test ? `${f.test}: ${f.message}` : f.message;
}

/** What is red on `sha` and why, in at most 2 + 2·(failing runs) GitHub reads (logs and annotations in parallel). */
export async function collectFailures(octokit: Octokit, repo: RepoRef, sha: string, options: CollectOptions = {}): Promise<CiState> {
  const count = { n: 0 };
  const [runList, statuses, fileList] = await Promise.all([listCheckRuns(octokit, repo, sha), readCommitStatuses(octokit, repo, sha), options.files]);
  const files = fileList ? new Set(fileList) : undefined;
  const within = fileList ? { files: fileList } : {};
  const runs = latestPerName(runList.runs);
  const pending = runs.filter((r) => r.status !== 'completed').map((r) => r.name);
  const passed = runs.filter((r) => r.status === 'completed' && !FAILED.has(r.conclusion ?? '')).map((r) => r.name);
  const failedRuns = runs.filter((r) => r.status === 'completed' && FAILED.has(r.conclusion ?? ''));
  let logsLeft = options.maxLogs ?? 4;

  const failing = await Promise.all(
    failedRuns.map(async (run): Promise<FailingCheck> => {
      const wantsLog = run.appSlug === 'github-actions' && logsLeft-- > 0;
      const [annotations, log] = await Promise.all([
        run.output.annotationsCount > 0
          ? listCheckAnnotations(octokit, repo, run.id).catch((error: unknown) => {
              options.logger?.warn({ err: error, check: run.name }, 'ci: annotations not readable');
              return [];
            })
          : Promise.resolve([]),
        wantsLog
          ? readJobLog(octokit, repo, run.id, options.log).catch((error: unknown) => {
              // Expired logs (410), logs of a deleted run (404), missing `actions: read`.
              options.logger?.warn({ err: error, check: run.name }, 'ci: job log not readable');
              return undefined;
            })
          : Promise.resolve(undefined),
      ]);
      const fromAnnotations = annotationFailures(annotations, files, count);
      const outputText = redacted([run.output.title, run.output.summary, run.output.text].filter(Boolean).join('\n'), count);
      const source = log ? redacted(log.text, count) : outputText;
      const extracted = extractFailures(source, { ...within, excerptTokens: options.excerptTokens ?? 1_200 });
      const failures = mergeFailures(fromAnnotations, extracted.failures);
      const cause = firstCause(failures, redacted(run.output.title ?? run.conclusion ?? 'failed', count));
      const check: FailingCheck = {
        name: run.name,
        source: 'check-run',
        conclusion: run.conclusion ?? 'failure',
        url: run.detailsUrl,
        failures,
        cause,
        excerpt: extracted.excerpt || outputText.slice(0, 4_000),
      };
      if (extracted.command !== undefined) check.command = redacted(extracted.command, count);
      return check;
    }),
  );

  for (const status of statuses.statuses) {
    if (status.state === 'pending') pending.push(status.context);
    else if (status.state === 'success') passed.push(status.context);
    else {
      const description = redacted(status.description ?? '', count);
      const extracted = extractFailures(description, within);
      failing.push({
        name: status.context,
        source: 'status',
        conclusion: status.state,
        url: status.targetUrl,
        failures: extracted.failures.length > 0 ? extracted.failures : [{ tool: 'status', message: description || status.state, refs: [] }],
        cause: description || status.state,
        excerpt: description,
      });
    }
  }
  return { sha, failing, pending, passed, truncated: runList.truncated, redactions: count.n };
}

/** Annotations and log failures often say the same thing: keep one per place. */
function mergeFailures(a: readonly CiFailure[], b: readonly CiFailure[]): CiFailure[] {
  const out = [...b];
  for (const f of a) {
    const ref = f.refs[0];
    if (ref && out.some((x) => x.refs.some((r) => r.path === ref.path && r.line === ref.line))) continue;
    if (!ref && out.some((x) => x.message === f.message)) continue;
    out.push(f);
  }
  return out;
}
