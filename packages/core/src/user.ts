import { useOrgId } from '@scip/context';
import { type TransactionSql, withTransaction } from '@scip/db';
import { AppError } from '@scip/errors';
import { z } from 'zod';
import { translate } from './db-errors.ts';
import * as Events from './events.ts';

/** Users of the ambient organization. The password hash never leaves this module except via auth's lookup. */

export const Role = z.enum(['org_admin', 'member', 'observer']);
export type Role = z.infer<typeof Role>;

export const Info = z.object({
  id: z.uuid(),
  organization_id: z.uuid(),
  email: z.string(),
  role: Role,
  disabled_at: z.date().nullable(),
  mfa_enabled: z.boolean(),
  last_login_at: z.date().nullable(),
  version: z.number().int(),
  created_at: z.date(),
  updated_at: z.date(),
});
export type Info = z.infer<typeof Info>;

export const Email = z.string().trim().toLowerCase().pipe(z.email().max(320));
export const CreateInput = z.object({ email: Email, role: Role, passwordHash: z.string().min(1).optional() });
export type CreateInput = z.input<typeof CreateInput>;
export const UpdateInput = z.object({
  version: z.number().int().positive(),
  email: Email.optional(),
  role: Role.optional(),
});
export type UpdateInput = z.input<typeof UpdateInput>;

const columns = [
  'id',
  'organization_id',
  'email',
  'role',
  'disabled_at',
  'mfa_enabled',
  'last_login_at',
  'version',
  'created_at',
  'updated_at',
] as const;

const select = (tx: TransactionSql) => tx`select ${tx(columns)} from app.users`;

/**
 * Creates a user in the ambient organization. Hash the password with `@scip/auth`'s `Password.hash`
 * after `Password.validate` first: this layer never sees a clear-text password.
 *
 * @example
 * await withActor(systemActor, () => User.create({ email: 'ana@acme.test', role: 'member', passwordHash }));
 */
export async function create(input: CreateInput): Promise<Info> {
  const { email, role, passwordHash } = CreateInput.parse(input);
  useOrgId();
  return translate('User', () =>
    withTransaction(async (tx) => {
      const [row] = await tx<Info[]>`
        insert into app.users (email, role, password_hash) values (${email}, ${role}, ${passwordHash ?? null})
        returning ${tx(columns)}`;
      const user = row as Info;
      void Events.emit('user.created', { userId: user.id, orgId: user.organization_id, role: user.role });
      return user;
    }),
  );
}

export async function fromId(id: string): Promise<Info | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  return withTransaction(async (tx) => {
    const [row] = await tx<Info[]>`${select(tx)} where id = ${id} and deleted_at is null`;
    return row;
  });
}

export async function fromEmail(email: string): Promise<Info | undefined> {
  return withTransaction(async (tx) => {
    const [row] = await tx<
      Info[]
    >`${select(tx)} where lower(email) = ${email.trim().toLowerCase()} and deleted_at is null`;
    return row;
  });
}

export async function list(options: { limit?: number; after?: string } = {}): Promise<Info[]> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
  const after = options.after ?? null;
  return withTransaction(
    (tx) => tx<Info[]>`${select(tx)}
      where deleted_at is null and (${after}::uuid is null or id > ${after}::uuid) order by id limit ${limit}`,
  );
}

async function requireVersioned(
  tx: TransactionSql,
  id: string,
  version: number,
  rows: Info[],
): Promise<Info> {
  if (rows[0]) return rows[0];
  const [current] = await tx<
    { version: number }[]
  >`select version from app.users where id = ${id} and deleted_at is null`;
  if (!current) throw new AppError('not_found', 'No such user');
  throw new AppError('version_conflict', `The user changed since version ${version}`, {
    extra: { current_version: current.version },
  });
}

/**
 * Changes email and/or role if the row is still at `version` (optimistic locking); a stale version
 * throws 409 `version_conflict`.
 */
export async function update(id: string, input: UpdateInput): Promise<Info> {
  const { version, email, role } = UpdateInput.parse(input);
  return translate('User', () =>
    withTransaction(async (tx) => {
      const rows = await tx<Info[]>`
        update app.users set email = coalesce(${email ?? null}, email), role = coalesce(${role ?? null}, role)
        where id = ${id} and version = ${version} and deleted_at is null returning ${tx(columns)}`;
      const user = await requireVersioned(tx, id, version, rows);
      if (role) void Events.emit('user.role_changed', { userId: id, orgId: user.organization_id, role });
      return user;
    }),
  );
}

/**
 * Disables a user (idempotent) and emits `user.disabled`. Ending the user's sessions is auth's job
 * (`Session.revokeAllForUser` in the same transaction), as the operator CLI does.
 */
export async function disable(id: string): Promise<Info> {
  return withTransaction(async (tx) => {
    const [row] = await tx<Info[]>`
      update app.users set disabled_at = coalesce(disabled_at, now())
      where id = ${id} and deleted_at is null returning ${tx(columns)}`;
    if (!row) throw new AppError('not_found', 'No such user');
    void Events.emit('user.disabled', { userId: id, orgId: row.organization_id });
    return row;
  });
}

/** The hook point for auth: stores a new (already hashed) password. */
export async function setPasswordHash(id: string, passwordHash: string): Promise<void> {
  await withTransaction(async (tx) => {
    const result =
      await tx`update app.users set password_hash = ${passwordHash} where id = ${id} and deleted_at is null`;
    if (result.count === 0) throw new AppError('not_found', 'No such user');
    void Events.emit('user.password_changed', { userId: id });
  });
}
