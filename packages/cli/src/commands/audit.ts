import { Audit } from '@scip/core';
import { only, type ParsedArgs, required } from '../args.ts';
import { inOrganization } from '../context.ts';

/**
 * `audit verify --org SLUG` → { ok: true, checked }, or exit code 1 with
 * { ok: false, checked, first_bad_id, reason } (first_bad_id null when rows are missing at the end).
 */
export async function verify(args: ParsedArgs): Promise<{ result: object; exitCode: number }> {
  only(args, ['org']);
  const result = await inOrganization(required(args, 'org'), (org) => Audit.verify(org.id));
  if (result.ok) return { result: { ok: true, checked: result.checked }, exitCode: 0 };
  return {
    result: { ok: false, checked: result.checked, first_bad_id: result.first_bad_id, reason: result.reason },
    exitCode: 1,
  };
}
