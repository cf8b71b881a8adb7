-- Up Migration
-- Narrow lookups that must work before an organization context exists (login, refresh, API keys).
-- They are SECURITY DEFINER functions owned by the NOLOGIN role scip_lookup, which may only SELECT
-- through explicit policies; search_path is pinned. Instead of relaxing a tenant policy, each answers
-- one question about one row.

GRANT SELECT ON app.organizations, app.users, app.user_sessions, app.api_keys TO scip_lookup;
CREATE POLICY lookup_read ON app.organizations FOR SELECT TO scip_lookup USING (true);
CREATE POLICY lookup_read ON app.users FOR SELECT TO scip_lookup USING (true);
CREATE POLICY lookup_read ON app.user_sessions FOR SELECT TO scip_lookup USING (true);
CREATE POLICY lookup_read ON app.api_keys FOR SELECT TO scip_lookup USING (true);

-- An active organization by slug (used to attribute failed logins to a tenant's audit chain).
CREATE FUNCTION app.organization_lookup(p_slug text)
RETURNS TABLE (organization_id uuid, slug text, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT o.id, o.slug, o.name FROM app.organizations o
  WHERE o.slug = lower(p_slug) AND o.deleted_at IS NULL AND o.status = 'active'
$$;

-- The credentials of one user of an active organization; zero rows when either is unknown.
CREATE FUNCTION app.login_lookup(p_org_slug text, p_email text)
RETURNS TABLE (user_id uuid, organization_id uuid, password_hash text, role text, disabled boolean,
               mfa_enabled boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT u.id, u.organization_id, u.password_hash, u.role, u.disabled_at IS NOT NULL, u.mfa_enabled
  FROM app.users u JOIN app.organizations o ON o.id = u.organization_id
  WHERE o.slug = lower(p_org_slug) AND o.deleted_at IS NULL AND o.status = 'active'
    AND lower(u.email) = lower(p_email) AND u.deleted_at IS NULL
$$;

-- Where a session lives (refresh tokens carry the session id); the caller then opens a transaction
-- in that organization's context to do the rest under RLS.
CREATE FUNCTION app.session_lookup(p_session_id uuid)
RETURNS TABLE (session_id uuid, organization_id uuid, user_id uuid, expires_at timestamptz,
               revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT s.id, s.organization_id, s.user_id, s.expires_at, s.revoked_at
  FROM app.user_sessions s WHERE s.id = p_session_id AND s.deleted_at IS NULL
$$;

CREATE FUNCTION app.api_key_lookup(p_prefix text)
RETURNS TABLE (key_id uuid, organization_id uuid, secret_hash text, permissions text[],
               expires_at timestamptz, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT k.id, k.organization_id, k.secret_hash, k.permissions, k.expires_at, k.revoked_at
  FROM app.api_keys k WHERE k.prefix = p_prefix AND k.deleted_at IS NULL
$$;

-- NOTE: the REVOKE/GRANT EXECUTE below run after the ownership change and are therefore no-ops;
-- 0008 redoes them. New migrations: CALL app.hand_over_definer(...) (0010) instead of this block.
GRANT CREATE ON SCHEMA app TO scip_lookup;
GRANT scip_lookup TO CURRENT_USER;
ALTER FUNCTION app.organization_lookup(text) OWNER TO scip_lookup;
ALTER FUNCTION app.login_lookup(text, text) OWNER TO scip_lookup;
ALTER FUNCTION app.session_lookup(uuid) OWNER TO scip_lookup;
ALTER FUNCTION app.api_key_lookup(text) OWNER TO scip_lookup;
REVOKE scip_lookup FROM CURRENT_USER;
REVOKE CREATE ON SCHEMA app FROM scip_lookup;
REVOKE EXECUTE ON FUNCTION app.organization_lookup(text), app.login_lookup(text, text),
  app.session_lookup(uuid), app.api_key_lookup(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.organization_lookup(text), app.login_lookup(text, text),
  app.session_lookup(uuid), app.api_key_lookup(text) TO app_user, app_admin;

-- Down Migration
DROP FUNCTION app.api_key_lookup(text);
DROP FUNCTION app.session_lookup(uuid);
DROP FUNCTION app.login_lookup(text, text);
DROP FUNCTION app.organization_lookup(text);
DROP POLICY lookup_read ON app.api_keys;
DROP POLICY lookup_read ON app.user_sessions;
DROP POLICY lookup_read ON app.users;
DROP POLICY lookup_read ON app.organizations;
REVOKE SELECT ON app.organizations, app.users, app.user_sessions, app.api_keys FROM scip_lookup;
