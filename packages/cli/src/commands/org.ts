import { Organization } from '@scip/core';
import { only, type ParsedArgs, required } from '../args.ts';
import { asOperator } from '../context.ts';

/** `org create --name NAME --slug SLUG` → { id, slug, name } */
export async function create(args: ParsedArgs): Promise<object> {
  only(args, ['name', 'slug']);
  const org = await asOperator(() =>
    Organization.create({ name: required(args, 'name'), slug: required(args, 'slug') }),
  );
  return { id: org.id, slug: org.slug, name: org.name };
}

/** `org list` → { organizations: [{ id, slug, name, status, created_at }] } */
export async function list(args: ParsedArgs): Promise<object> {
  only(args, []);
  const orgs = await asOperator(() => Organization.list({ limit: 1000 }));
  return {
    organizations: orgs.map((o) => ({
      id: o.id,
      slug: o.slug,
      name: o.name,
      status: o.status,
      created_at: o.created_at,
    })),
  };
}
