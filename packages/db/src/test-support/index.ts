import { randomBytes } from 'node:crypto';
import { useEnv } from '@scip/config';
import { type Actor, withActor } from '@scip/context';
import { createSql, type Sql } from '../sql.ts';
import { withTransaction } from '../transaction.ts';

/** Test-only helpers: pools per role and throwaway organizations with random slugs. */

export function randomSlug(prefix = 't'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** app_user through PgBouncer (what functions use). */
export function appPool(max = 2): Sql {
  return createSql({ url: useEnv().DATABASE_URL, max, queryLog: false });
}

/** app_admin through PgBouncer (operator CLI). */
export function adminPool(max = 2): Sql {
  const url = useEnv().DATABASE_ADMIN_URL;
  if (!url) throw new Error('DATABASE_ADMIN_URL is not set');
  return createSql({ url, max, queryLog: false });
}

/** The migration owner, direct. */
export function ownerPool(max = 1): Sql {
  const url = useEnv().DATABASE_OWNER_URL;
  if (!url) throw new Error('DATABASE_OWNER_URL is not set');
  return createSql({ url, max, queryLog: false });
}

export function systemActor(orgId?: string): Actor {
  return orgId ? { type: 'system', reason: 'test', orgId } : { type: 'system', reason: 'test' };
}

/** Runs `fn` in a transaction of `sql` in the context of `orgId` (none when undefined). */
export function asOrg<T>(sql: Sql, orgId: string | undefined, fn: (tx: Sql) => Promise<T>): Promise<T> {
  return withActor(systemActor(orgId), () => withTransaction((tx) => fn(tx as unknown as Sql), { sql }));
}

export interface TestOrg {
  id: string;
  slug: string;
  userId: string;
}

/** An organization with one org_admin user, created as app_admin. */
export async function createTestOrg(admin: Sql, prefix = 'org'): Promise<TestOrg> {
  const slug = randomSlug(prefix);
  const [org] = await asOrg(
    admin,
    undefined,
    (tx) => tx`
    insert into app.organizations (slug, name) values (${slug}, ${`Test ${slug}`}) returning id`,
  );
  const id = org?.id as string;
  const [user] = await asOrg(
    admin,
    id,
    (tx) => tx`
    insert into app.users (email, role, password_hash)
    values (${`admin@${slug}.test`}, 'org_admin', 'not-a-real-hash') returning id`,
  );
  return { id, slug, userId: user?.id as string };
}

/** DROP DATABASE ... WITH (FORCE) ends only the caller's own sessions: retry while other roles' backends exit. */
export async function dropDatabase(owner: Sql, name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await owner.unsafe(`drop database if exists ${name} with (force)`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
