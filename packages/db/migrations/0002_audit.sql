-- Up Migration
-- Tamper-evident audit log: one hash chain per organization, appended only through SECURITY DEFINER
-- functions owned by the NOLOGIN role scip_auditor. App roles may read their organization's rows;
-- nobody but the table owner can UPDATE, DELETE or TRUNCATE them.

CREATE TABLE audit.log (
  organization_id uuid NOT NULL,
  seq bigint NOT NULL,
  id uuid NOT NULL DEFAULT app.uuid_generate_v7(),
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  action text NOT NULL CHECK (action IN ('INSERT', 'UPDATE', 'DELETE', 'EVENT')),
  table_name text,
  row_id uuid,
  actor_user_id uuid,
  actor text,
  client_ip inet,
  request_id text,
  old jsonb,
  new jsonb,
  event_type text,
  severity text CHECK (severity IN ('debug', 'info', 'notice', 'warning', 'error', 'critical')),
  details jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (organization_id, seq)
) PARTITION BY HASH (organization_id);

CREATE INDEX log_org_occurred_idx ON audit.log (organization_id, occurred_at);
CREATE INDEX log_org_row_idx ON audit.log (organization_id, table_name, row_id);

-- Insert-only partitions: vacuum for the visibility map/freezing after inserts, analyze often.
DO $$
BEGIN
  FOR i IN 0..7 LOOP
    EXECUTE format(
      'CREATE TABLE audit.log_p%s PARTITION OF audit.log FOR VALUES WITH (MODULUS 8, REMAINDER %s)
         WITH (fillfactor = 100, autovacuum_vacuum_scale_factor = 0.05,
               autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_vacuum_insert_threshold = 10000,
               autovacuum_analyze_scale_factor = 0.02, autovacuum_freeze_min_age = 1000000)', i, i);
    -- Partitions are never addressed directly: RLS forced with a deny-all policy.
    EXECUTE format('ALTER TABLE audit.log_p%s ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', i);
    EXECUTE format('CREATE POLICY no_direct_access ON audit.log_p%s USING (false) WITH CHECK (false)', i);
  END LOOP;
END
$$;

-- The head of each organization's chain; locking its row serialises appends per organization.
CREATE TABLE audit.chain_heads (
  organization_id uuid PRIMARY KEY,
  last_seq bigint NOT NULL DEFAULT 0,
  last_hash text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE audit.log ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE audit.chain_heads ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit.log FOR SELECT
  USING (organization_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid));
CREATE POLICY admin_read ON audit.log FOR SELECT TO app_admin USING (true);
CREATE POLICY auditor_append ON audit.log FOR INSERT TO scip_auditor WITH CHECK (true);
CREATE POLICY tenant_isolation ON audit.chain_heads FOR SELECT
  USING (organization_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid));
CREATE POLICY admin_read ON audit.chain_heads FOR SELECT TO app_admin USING (true);
CREATE POLICY auditor_chain ON audit.chain_heads TO scip_auditor USING (true) WITH CHECK (true);

GRANT SELECT ON audit.log, audit.chain_heads TO app_user, app_admin;
GRANT INSERT ON audit.log TO scip_auditor;
GRANT SELECT, INSERT, UPDATE ON audit.chain_heads TO scip_auditor;

-- Secrets never reach the audit: any key ending in _hash or containing secret/password/token.
CREATE FUNCTION audit.mask(j jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(jsonb_object_agg(k, CASE
    WHEN v <> 'null'::jsonb AND (k LIKE '%\_hash' OR k ~ '(secret|password|token)') THEN '"[masked]"'::jsonb
    ELSE v END), '{}'::jsonb)
  FROM jsonb_each(j) AS e(k, v)
$$;

-- Canonical content of a row (jsonb text is key-ordered; time as epoch microseconds, so the
-- session TimeZone cannot change it) chained to the previous row's hash.
CREATE FUNCTION audit.hash_of(r audit.log) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    r.prev_hash, r.organization_id, r.seq, r.id, (extract(epoch FROM r.occurred_at) * 1000000)::bigint,
    r.action, r.table_name, r.row_id, r.actor_user_id, r.actor, r.client_ip, r.request_id,
    r.old, r.new, r.event_type, r.severity, r.details)::text, 'UTF8')), 'hex')
$$;

CREATE FUNCTION audit.safe_inet(v text) RETURNS inet
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN nullif(v, '')::inet;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$$;

CREATE FUNCTION audit.append(
  p_org uuid, p_action text, p_table text, p_row uuid, p_old jsonb, p_new jsonb,
  p_event text, p_severity text, p_details jsonb
) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  head audit.chain_heads;
  r audit.log;
BEGIN
  INSERT INTO audit.chain_heads (organization_id) VALUES (p_org) ON CONFLICT DO NOTHING;
  SELECT * INTO head FROM audit.chain_heads WHERE organization_id = p_org FOR UPDATE;
  r.organization_id := p_org;
  r.seq := head.last_seq + 1;
  r.id := app.uuid_generate_v7();
  r.occurred_at := clock_timestamp();
  r.action := p_action;
  r.table_name := p_table;
  r.row_id := p_row;
  r.actor_user_id := app.current_user_id();
  r.actor := nullif(current_setting('app.actor', true), '');
  r.client_ip := audit.safe_inet(current_setting('app.client_ip', true));
  r.request_id := nullif(current_setting('app.request_id', true), '');
  r.old := p_old;
  r.new := p_new;
  r.event_type := p_event;
  r.severity := p_severity;
  r.details := p_details;
  r.prev_hash := head.last_hash;
  r.hash := audit.hash_of(r);
  INSERT INTO audit.log VALUES (r.*);
  UPDATE audit.chain_heads SET last_seq = r.seq, last_hash = r.hash, updated_at = now()
    WHERE organization_id = p_org;
  RETURN r.id;
END
$$;

-- AFTER INSERT/UPDATE/DELETE row trigger. TG_ARGV[0] names the organization column
-- ('id' for app.organizations, else organization_id).
CREATE FUNCTION audit.capture() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  o jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END;
  n jsonb := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END;
  org_column text := coalesce(TG_ARGV[0], 'organization_id');
BEGIN
  PERFORM audit.append(
    (coalesce(n, o) ->> org_column)::uuid, TG_OP, TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
    (coalesce(n, o) ->> 'id')::uuid, audit.mask(o), audit.mask(n), NULL, NULL, NULL);
  RETURN NULL;
END
$$;

-- Application events (logins, lockouts, token reuse, permission changes). The organization comes
-- from the context; before any context (a failed login) the caller names it; with neither, the
-- platform chain (nil UUID) records it. A caller with a context cannot write into another chain.
CREATE FUNCTION audit.record_event(p_type text, p_severity text, p_details jsonb, p_org uuid DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  ctx uuid := app.current_org_id();
BEGIN
  IF p_org IS NOT NULL AND ctx IS NOT NULL AND p_org <> ctx THEN
    RAISE EXCEPTION 'audit event for another organization' USING ERRCODE = '42501';
  END IF;
  IF p_type IS NULL OR p_type !~ '^[a-z][a-z0-9_.:-]{1,100}$' THEN
    RAISE EXCEPTION 'invalid audit event type' USING ERRCODE = '22023';
  END IF;
  RETURN audit.append(coalesce(p_org, ctx, '00000000-0000-0000-0000-000000000000'), 'EVENT', NULL, NULL,
    NULL, NULL, p_type, coalesce(p_severity, 'info'), audit.mask(coalesce(p_details, '{}'::jsonb)));
END
$$;

-- Recomputes one organization's chain through the caller's own RLS (app_admin: any organization;
-- app_user: its own). Reads the head first so rows appended meanwhile do not count as missing.
CREATE FUNCTION audit.verify_chain(p_org uuid)
RETURNS TABLE (ok boolean, checked bigint, first_bad_id uuid, reason text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  head_seq bigint;
  expected_prev text := '';
  n bigint := 0;
  r audit.log;
BEGIN
  SELECT h.last_seq INTO head_seq FROM audit.chain_heads h WHERE h.organization_id = p_org;
  FOR r IN SELECT * FROM audit.log l WHERE l.organization_id = p_org AND l.seq <= coalesce(head_seq, 0)
           ORDER BY l.seq LOOP
    IF r.seq <> n + 1 THEN
      RETURN QUERY SELECT false, n, r.id, 'rows are missing before this row';
      RETURN;
    ELSIF r.prev_hash IS DISTINCT FROM expected_prev THEN
      RETURN QUERY SELECT false, n, r.id, 'prev_hash does not match the previous row';
      RETURN;
    ELSIF r.hash IS DISTINCT FROM audit.hash_of(r) THEN
      RETURN QUERY SELECT false, n, r.id, 'content does not match its hash';
      RETURN;
    END IF;
    expected_prev := r.hash;
    n := n + 1;
  END LOOP;
  IF n <> coalesce(head_seq, 0) THEN
    RETURN QUERY SELECT false, n, NULL::uuid, 'rows are missing at the end of the chain';
    RETURN;
  END IF;
  RETURN QUERY SELECT true, n, NULL::uuid, NULL::text;
END
$$;

-- NOTE: the REVOKE/GRANT EXECUTE below run after the ownership change and are therefore no-ops;
-- 0008 redoes them. New migrations: CALL app.hand_over_definer(...) (0010) instead of this block.
-- Hand the writer functions to scip_auditor (membership only for the ALTER, then revoked).
GRANT CREATE ON SCHEMA audit TO scip_auditor;
GRANT scip_auditor TO CURRENT_USER;
ALTER FUNCTION audit.append(uuid, text, text, uuid, jsonb, jsonb, text, text, jsonb) OWNER TO scip_auditor;
ALTER FUNCTION audit.capture() OWNER TO scip_auditor;
ALTER FUNCTION audit.record_event(text, text, jsonb, uuid) OWNER TO scip_auditor;
REVOKE scip_auditor FROM CURRENT_USER;
REVOKE CREATE ON SCHEMA audit FROM scip_auditor;
REVOKE EXECUTE ON FUNCTION audit.append(uuid, text, text, uuid, jsonb, jsonb, text, text, jsonb),
  audit.capture(), audit.record_event(text, text, jsonb, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit.capture() TO CURRENT_USER;
GRANT EXECUTE ON FUNCTION audit.record_event(text, text, jsonb, uuid) TO app_user, app_admin;
GRANT EXECUTE ON FUNCTION audit.verify_chain(uuid) TO app_user, app_admin;

-- Recipe for every tenant table (README "New tenant table"): forced RLS keyed on app.org_id with
-- WITH CHECK, app_admin's explicit cross-organization policy, audit-field and audit triggers.
CREATE PROCEDURE app.secure_tenant_table(tbl regclass, org_column text DEFAULT 'organization_id')
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
REVOKE EXECUTE ON PROCEDURE app.secure_tenant_table(regclass, text) FROM PUBLIC;

-- Down Migration
DROP PROCEDURE app.secure_tenant_table(regclass, text);
DROP FUNCTION audit.verify_chain(uuid);
DROP FUNCTION audit.record_event(text, text, jsonb, uuid);
DROP FUNCTION audit.capture();
DROP FUNCTION audit.append(uuid, text, text, uuid, jsonb, jsonb, text, text, jsonb);
DROP FUNCTION audit.safe_inet(text);
DROP FUNCTION audit.hash_of(audit.log);
DROP FUNCTION audit.mask(jsonb);
DROP TABLE audit.chain_heads;
DROP TABLE audit.log;
