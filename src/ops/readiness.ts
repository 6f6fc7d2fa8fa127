/**
 * /readyz: is this process able to do its work right now? Each check answers within the
 * deadline (2 s) or counts as failed. Concurrent probes share one run, and a result is reused
 * for `reuseMs` (1 s), so a flood of /readyz requests on the public port cannot turn into a
 * flood of requests to Redis or the model endpoint.
 */
export type CheckResult = { ok: true; detail?: string } | { ok: false; detail: string };

export interface ReadinessCheck {
  name: string;
  run(signal: AbortSignal): Promise<CheckResult>;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

export interface ReadinessOptions {
  deadlineMs?: number;
  reuseMs?: number;
  now?: () => number;
}

export type Readiness = () => Promise<ReadinessReport>;

export function createReadiness(checks: readonly ReadinessCheck[], options: ReadinessOptions = {}): Readiness {
  const deadlineMs = options.deadlineMs ?? 2_000;
  const reuseMs = options.reuseMs ?? 1_000;
  const now = options.now ?? Date.now;
  let last: { at: number; report: Promise<ReadinessReport> } | undefined;

  const runAll = async (): Promise<ReadinessReport> => {
    const results = await Promise.all(checks.map((check) => withDeadline(check, deadlineMs)));
    const report: ReadinessReport = { ready: results.every((r) => r.ok), checks: {} };
    checks.forEach((check, i) => (report.checks[check.name] = results[i]!));
    return report;
  };

  return () => {
    if (last && now() - last.at < reuseMs) return last.report;
    last = { at: now(), report: runAll() };
    return last.report;
  };
}

async function withDeadline(check: ReadinessCheck, deadlineMs: number): Promise<CheckResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, detail: `no answer within ${deadlineMs} ms` });
    }, deadlineMs);
  });
  try {
    return await Promise.race([
      check.run(controller.signal).catch((error: unknown): CheckResult => ({ ok: false, detail: error instanceof Error ? error.message : String(error) })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
