import type { Sql } from './sql.ts';

export interface GuardViolation {
  object: string;
  problem: string;
}

/**
 * Finds tables in the application schemas that could leak across tenants or crawl: RLS not enabled and
 * forced, no policy, a tenant table without a (non-partial) index leading with organization_id, a foreign
 * key without an index leading with its columns, a table not owned by the migration owner, or a SECURITY
 * DEFINER function without a pinned search_path or executable by PUBLIC.
 * Run by rls-guard.test.ts in `npm test`; run it as the owner (it reads the catalogue only).
 */
export async function findRlsViolations(sql: Sql, owner: string): Promise<GuardViolation[]> {
  const rows = await sql<GuardViolation[]>`
    with t as (
      select c.oid, n.nspname || '.' || c.relname as name, c.relrowsecurity, c.relforcerowsecurity,
             pg_get_userbyid(c.relowner) as owner,
             exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id'
                     and not a.attisdropped) as tenant
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('app', 'audit') and c.relkind in ('r', 'p')
    )
    select name as object, 'row level security is not enabled' as problem from t where not relrowsecurity
    union all
    select name, 'row level security is not forced' from t where not relforcerowsecurity
    union all
    select name, 'has no policy' from t where not exists (select 1 from pg_policy p where p.polrelid = t.oid)
    union all
    select name, 'is owned by ' || owner || ', not the migration owner' from t where owner <> ${owner}
    union all
    select name, 'tenant table without an index leading with organization_id' from t
    where tenant and not exists (
      select 1 from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
      where i.indrelid = t.oid and a.attname = 'organization_id' and i.indpred is null)
    union all
    select c.conrelid::regclass::text, 'foreign key ' || c.conname || ' has no index leading with its columns'
    from pg_constraint c join t on t.oid = c.conrelid
    where c.contype = 'f' and not exists (
      select 1 from pg_index i
      where i.indrelid = c.conrelid and i.indnkeyatts >= cardinality(c.conkey)
        and (i.indpred is null or pg_get_expr(i.indpred, i.indrelid) like '(% IS NOT NULL)')
        and (select array_agg(k order by k) from unnest((i.indkey::int2[])[0:cardinality(c.conkey) - 1]) k)
          = (select array_agg(k order by k) from unnest(c.conkey) k))
    union all
    select name, 'tenant table without a policy on app.org_id' from t
    where tenant and not exists (
      select 1 from pg_policy p where p.polrelid = t.oid
        and pg_get_expr(p.polqual, p.polrelid) like '%current_setting(''app.org_id''%')
      and not exists (select 1 from pg_inherits h where h.inhrelid = t.oid)
    union all
    select p.oid::regprocedure::text, 'SECURITY DEFINER without a pinned search_path'
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('app', 'audit') and p.prosecdef
      and not exists (select 1 from unnest(p.proconfig) c where c like 'search_path=%')
    union all
    select p.oid::regprocedure::text, 'SECURITY DEFINER executable by PUBLIC'
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('app', 'audit') and p.prosecdef
      and (p.proacl is null or exists (select 1 from aclexplode(p.proacl) x where x.grantee = 0))
    order by 1, 2`;
  return [...rows];
}
