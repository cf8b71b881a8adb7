import { useLogger } from '@scip/http';
import { BelowThreshold, type CheckResult, type ReadyCheck } from './check.ts';

export interface ReadyReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

class CheckTimeout extends Error {
  override readonly name = 'CheckTimeout';
}

async function runOne(check: ReadyCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  const latency = () => Math.round((performance.now() - started) * 100) / 100;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CheckTimeout(`${check.name} did not answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    const details = await Promise.race([check.run(), expired]);
    return { status: 'up', latency_ms: latency(), ...details };
  } catch (error) {
    if (error instanceof CheckTimeout) check.cancel?.();
    useLogger().warn({ err: error, check: check.name }, 'ready check down');
    if (error instanceof BelowThreshold) {
      return { status: 'down', latency_ms: latency(), error: 'below_threshold', ...error.details };
    }
    return {
      status: 'down',
      latency_ms: latency(),
      error: error instanceof CheckTimeout ? 'timeout' : 'failed',
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check in parallel, each bounded by `timeoutMs`; ready when every required check is up. */
export async function runChecks(checks: readonly ReadyCheck[], timeoutMs: number): Promise<ReadyReport> {
  const results = await Promise.all(checks.map((check) => runOne(check, timeoutMs)));
  const report: ReadyReport = { ready: true, checks: {} };
  checks.forEach((check, i) => {
    const result = results[i] as CheckResult;
    report.checks[check.name] = result;
    if (check.required && result.status === 'down') report.ready = false;
  });
  return report;
}

/**
 * Wraps `run` so concurrent callers share one run, and a finished report is reused for `cacheMs`:
 * a probe storm costs the dependencies at most one round of checks per `cacheMs`.
 */
export function cachedReport(run: () => Promise<ReadyReport>, cacheMs: number): () => Promise<ReadyReport> {
  let inFlight: Promise<ReadyReport> | undefined;
  let last: { at: number; report: ReadyReport } | undefined;
  return async () => {
    if (last && performance.now() - last.at < cacheMs) return last.report;
    inFlight ??= run().then(
      (report) => {
        last = { at: performance.now(), report };
        inFlight = undefined;
        return report;
      },
      (error: unknown) => {
        inFlight = undefined;
        throw error;
      },
    );
    return inFlight;
  };
}
