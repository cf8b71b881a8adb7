import { withTransaction } from '@scip/db';
import { z } from 'zod';

/** Application audit events and verification of the per-organization hash chain (audit schema). */

/** The chain of events that name no organization (audit.record_event's nil UUID): failed logins for an unknown organization, … */
export const PLATFORM_CHAIN = '00000000-0000-0000-0000-000000000000';

export const Severity = z.enum(['debug', 'info', 'notice', 'warning', 'error', 'critical']);
export type Severity = z.infer<typeof Severity>;

export const EventInput = z.object({
  type: z.string().regex(/^[a-z][a-z0-9_.:-]{1,100}$/),
  severity: Severity.default('info'),
  details: z.record(z.string(), z.unknown()).default({}),
  /** Only before an organization context exists (a failed login); never another org than the context's. */
  orgId: z.uuid().optional(),
});
export type EventInput = z.input<typeof EventInput>;

/**
 * Appends an application event (logins, lockouts, refresh reuse, permission changes) to the ambient
 * organization's chain, in the current transaction when there is one. Secrets in `details` (keys with
 * password, secret, token or ending in _hash) are masked by the database.
 *
 * @example
 * await Audit.record({ type: 'auth.login.failed', severity: 'warning', details: { email } });
 */
export async function record(event: EventInput): Promise<string> {
  const { type, severity, details, orgId } = EventInput.parse(event);
  return withTransaction(async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      select audit.record_event(${type}, ${severity}, ${tx.json(details as never)}, ${orgId ?? null}) as id`;
    return row?.id as string;
  });
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  first_bad_id: string | null;
  reason: string | null;
}

/**
 * Recomputes one organization's chain (within the caller's RLS): content hashes, links and sequence.
 * Reports the first row that does not match.
 */
export async function verify(orgId: string): Promise<VerifyResult> {
  return withTransaction(async (tx) => {
    const [row] = await tx<VerifyResult[]>`
      select ok, checked::int as checked, first_bad_id, reason from audit.verify_chain(${orgId})`;
    return row as VerifyResult;
  });
}

export interface Entry {
  id: string;
  seq: number;
  occurred_at: Date;
  action: string;
  table_name: string | null;
  row_id: string | null;
  actor_user_id: string | null;
  actor: string | null;
  client_ip: string | null;
  request_id: string | null;
  old: unknown;
  new: unknown;
  event_type: string | null;
  severity: string | null;
  details: unknown;
}

/** The latest entries of the ambient organization's chain, newest first. */
export async function list(options: { limit?: number; rowId?: string } = {}): Promise<Entry[]> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
  const rowId = options.rowId ?? null;
  return withTransaction(
    (tx) => tx<Entry[]>`
      select id, seq::int as seq, occurred_at, action, table_name, row_id, actor_user_id, actor,
             host(client_ip) as client_ip, request_id, old, new, event_type, severity, details
      from audit.log where organization_id = (select app.current_org_id())
        and (${rowId}::uuid is null or row_id = ${rowId}::uuid)
      order by seq desc limit ${limit}`,
  );
}
