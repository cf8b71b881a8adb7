import type { Sql } from '../sql.ts';

export interface TenantTable {
  /** schema-qualified, e.g. app.users */
  name: string;
  /** the column RLS keys on: organization_id, or id for app.organizations */
  orgColumn: string;
}

/** Every tenant table of the application schemas, read from the catalogue (so new tables are covered). */
export async function tenantTables(sql: Sql): Promise<TenantTable[]> {
  const rows = await sql<{ name: string; org_column: string }[]>`
    select n.nspname || '.' || c.relname as name,
           case when n.nspname = 'app' and c.relname = 'organizations' then 'id' else 'organization_id' end as org_column
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('app', 'audit') and c.relkind in ('r', 'p') and not c.relispartition
      and (exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id'
                     and not a.attisdropped)
           or (n.nspname = 'app' and c.relname = 'organizations'))
    order by 1`;
  return rows.map((r) => ({ name: r.name, orgColumn: r.org_column }));
}
