-- Up Migration
-- app_admin's cross-organization policies applied even inside an organization context, so an
-- org-scoped CLI command (e.g. `user disable --org a --email x`) could match rows of another
-- organization. Now app_admin is cross-organization only while no context is set; with a context it
-- is confined to that organization by tenant_isolation like everyone else.

DO $$
DECLARE
  p record;
  no_context constant text := '(SELECT nullif(current_setting(''app.org_id'', true), '''')) IS NULL';
BEGIN
  FOR p IN
    SELECT n.nspname, c.relname, pol.polname, pol.polcmd FROM pg_policy pol
    JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('app', 'audit') AND pol.polname IN ('admin_all', 'admin_read')
  LOOP
    IF p.polcmd = 'r' THEN
      EXECUTE format('ALTER POLICY %I ON %I.%I USING (%s)', p.polname, p.nspname, p.relname, no_context);
    ELSE
      EXECUTE format('ALTER POLICY %I ON %I.%I USING (%s) WITH CHECK (%s)', p.polname, p.nspname, p.relname,
        no_context, no_context);
    END IF;
  END LOOP;
END
$$;

CREATE OR REPLACE PROCEDURE app.secure_tenant_table(tbl regclass, org_column text DEFAULT 'organization_id')
LANGUAGE plpgsql AS $$
DECLARE
  predicate text := format('%I = (SELECT nullif(current_setting(''app.org_id'', true), '''')::uuid)', org_column);
  no_context constant text := '(SELECT nullif(current_setting(''app.org_id'', true), '''')) IS NULL';
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (%s) WITH CHECK (%s)', tbl, predicate, predicate);
  EXECUTE format('CREATE POLICY admin_all ON %s TO app_admin USING (%s) WITH CHECK (%s)', tbl, no_context, no_context);
  EXECUTE format('CREATE TRIGGER touch BEFORE INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION app.touch()', tbl);
  EXECUTE format('CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW '
    'EXECUTE FUNCTION audit.capture(%L)', tbl, org_column);
END
$$;

-- Down Migration
DO $$
DECLARE
  p record;
BEGIN
  FOR p IN
    SELECT n.nspname, c.relname, pol.polname, pol.polcmd FROM pg_policy pol
    JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('app', 'audit') AND pol.polname IN ('admin_all', 'admin_read')
  LOOP
    IF p.polcmd = 'r' THEN
      EXECUTE format('ALTER POLICY %I ON %I.%I USING (true)', p.polname, p.nspname, p.relname);
    ELSE
      EXECUTE format('ALTER POLICY %I ON %I.%I USING (true) WITH CHECK (true)', p.polname, p.nspname, p.relname);
    END IF;
  END LOOP;
END
$$;

CREATE OR REPLACE PROCEDURE app.secure_tenant_table(tbl regclass, org_column text DEFAULT 'organization_id')
LANGUAGE plpgsql AS $$
DECLARE
  predicate text := format('%I = (SELECT nullif(current_setting(''app.org_id'', true), '''')::uuid)', org_column);
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (%s) WITH CHECK (%s)', tbl, predicate, predicate);
  EXECUTE format('CREATE POLICY admin_all ON %s TO app_admin USING (true) WITH CHECK (true)', tbl);
  EXECUTE format('CREATE TRIGGER touch BEFORE INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION app.touch()', tbl);
  EXECUTE format('CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW '
    'EXECUTE FUNCTION audit.capture(%L)', tbl, org_column);
END
$$;
