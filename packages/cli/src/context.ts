import { randomUUID } from 'node:crypto';
import { withActor, withRequest } from '@scip/context';
import { Organization } from '@scip/core';
import { withTransaction } from '@scip/db';

/**
 * Every CLI command runs as a system actor (audited as `system:admin-cli`) with a request id, over the
 * app_admin pool. Organization-scoped work re-enters with that organization as the context.
 */
const requestId = `cli-${randomUUID()}`;

export function asOperator<T>(fn: () => Promise<T>): Promise<T> {
  return withRequest({ requestId }, () => withActor({ type: 'system', reason: 'admin-cli' }, fn));
}

/** Resolves the organization by slug, then runs `fn` in one transaction in its context. */
export async function inOrganization<T>(
  slug: string,
  fn: (org: Organization.Info) => Promise<T>,
): Promise<T> {
  const org = await asOperator(() => Organization.fromSlugOrThrow(slug));
  return withRequest({ requestId }, () =>
    withActor({ type: 'system', reason: 'admin-cli', orgId: org.id }, () => withTransaction(() => fn(org))),
  );
}
