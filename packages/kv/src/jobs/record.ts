import type { JobInfo, JobStatus } from './types.ts';

// The client JSON-parses every reply value it can; a prefix keeps the payload text out of its reach,
// so a payload of `"7"` does not come back as the number 7.
const PAYLOAD_PREFIX = 'json:';

/** The hash fields of a job record, as Redis stores them (all strings). */
export function toFields(job: JobInfo & { backoffSeconds: number }): Record<string, string> {
  return {
    id: job.id,
    type: job.type,
    payload: PAYLOAD_PREFIX + JSON.stringify(job.payload ?? null),
    status: job.status,
    attempts: String(job.attempts),
    maxAttempts: String(job.maxAttempts),
    backoffSeconds: String(job.backoffSeconds),
    runAt: String(job.runAt),
    createdAt: String(job.createdAt),
    updatedAt: String(job.updatedAt),
    lastError: '',
  };
}

/** A job record from HGETALL, either as an object (client-side parsed) or a flat [field, value…] list. */
export function fromFields(raw: unknown): (JobInfo & { claim: string; backoffSeconds: number }) | null {
  const fields = Array.isArray(raw) ? pairs(raw) : (raw as Record<string, unknown> | null);
  if (!fields || fields.id === undefined) return null;
  const text = (name: string) => {
    const value = fields[name];
    if (value === undefined || value === null) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  };
  const num = (name: string) => Number(text(name) || '0');
  return {
    id: text('id'),
    type: text('type'),
    payload: JSON.parse(text('payload').slice(PAYLOAD_PREFIX.length) || 'null') as unknown,
    status: text('status') as JobStatus,
    attempts: num('attempts'),
    maxAttempts: num('maxAttempts'),
    backoffSeconds: num('backoffSeconds'),
    runAt: num('runAt'),
    createdAt: num('createdAt'),
    updatedAt: num('updatedAt'),
    lastError: text('lastError') || null,
    claim: text('claim'),
  };
}

function pairs(list: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[String(list[i])] = list[i + 1];
  return out;
}
