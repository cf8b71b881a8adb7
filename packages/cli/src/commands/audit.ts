import { Audit } from '@scip/core';
import { AppError } from '@scip/errors';
import { only, type ParsedArgs } from '../args.ts';
import { asOperator, inOrganization } from '../context.ts';

/**
 * `audit verify --org SLUG` (one organization's chain) or `audit verify --chain platform` (the chain of
 * events that name no organization) → { ok: true, checked }, or exit code 1 with
 * { ok: false, checked, first_bad_id, reason } (first_bad_id null when rows are missing at the end).
 */
export async function verify(args: ParsedArgs): Promise<{ result: object; exitCode: number }> {
  only(args, ['org', 'chain']);
  const slug = args.flags.get('org');
  const chain = args.flags.get('chain');
  if ((slug === undefined) === (chain === undefined))
    throw new AppError('validation_failed', 'give either --org SLUG or --chain platform');
  if (chain !== undefined && chain !== 'platform')
    throw new AppError('validation_failed', '--chain takes one value: platform');
  const result = slug
    ? await inOrganization(slug, (org) => Audit.verify(org.id))
    : await asOperator(() => Audit.verify(Audit.PLATFORM_CHAIN));
  if (result.ok) return { result: { ok: true, checked: result.checked }, exitCode: 0 };
  return {
    result: { ok: false, checked: result.checked, first_bad_id: result.first_bad_id, reason: result.reason },
    exitCode: 1,
  };
}
