import { withTransaction } from '@scip/db';
import { AppError } from '@scip/errors';
import { z } from 'zod';
import { translate } from './db-errors.ts';
import * as Events from './events.ts';

/** Organizations (tenants). Reads go through RLS: app_user sees its own, app_admin every one. */

export const Info = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  status: z.enum(['active', 'suspended']),
  version: z.number().int(),
  created_at: z.date(),
  updated_at: z.date(),
});
export type Info = z.infer<typeof Info>;

export const Slug = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and inner hyphens');
export const CreateInput = z.object({ slug: Slug, name: z.string().trim().min(1).max(200) });
export type CreateInput = z.input<typeof CreateInput>;

const columns = ['id', 'slug', 'name', 'status', 'version', 'created_at', 'updated_at'] as const;

/**
 * Creates an organization (needs a role allowed to insert organizations: app_admin, i.e. the operator CLI)
 * and emits `organization.created` { id, orgId, slug } after commit (realtime creates the broker roles).
 *
 * @example
 * const org = await Organization.create({ slug: 'acme', name: 'Acme' });
 */
export async function create(input: CreateInput): Promise<Info> {
  const { slug, name } = CreateInput.parse(input);
  return translate('Organization', () =>
    withTransaction(async (tx) => {
      const [row] = await tx<Info[]>`
        insert into app.organizations (slug, name) values (${slug}, ${name}) returning ${tx(columns)}`;
      const org = row as Info;
      void Events.emit('organization.created', { id: org.id, orgId: org.id, slug: org.slug });
      return org;
    }),
  );
}

export async function fromId(id: string): Promise<Info | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  return withTransaction(async (tx) => {
    const [row] = await tx<Info[]>`
      select ${tx(columns)} from app.organizations where id = ${id} and deleted_at is null`;
    return row;
  });
}

export async function fromSlug(slug: string): Promise<Info | undefined> {
  return withTransaction(async (tx) => {
    const [row] = await tx<Info[]>`
      select ${tx(columns)} from app.organizations where slug = ${slug.toLowerCase()} and deleted_at is null`;
    return row;
  });
}

/** Like fromSlug, but a missing organization is a 404. */
export async function fromSlugOrThrow(slug: string): Promise<Info> {
  const org = await fromSlug(slug);
  if (!org) throw new AppError('not_found', `No organization with slug ${slug}`);
  return org;
}

export async function list(options: { limit?: number; after?: string } = {}): Promise<Info[]> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
  return withTransaction(
    (tx) => tx<Info[]>`
      select ${tx(columns)} from app.organizations
      where deleted_at is null and (${options.after ?? null}::uuid is null or id > ${options.after ?? null}::uuid)
      order by id limit ${limit}`,
  );
}
