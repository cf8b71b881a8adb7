-- Up Migration
-- An API key of a suspended or deleted organization stops authenticating at once, as its users' logins
-- and refreshes already do (organization_lookup/login_lookup filter on the organization). Same columns,
-- so CREATE OR REPLACE keeps the owner (scip_lookup) and the EXECUTE grants; we act as a member of it.
GRANT scip_lookup TO CURRENT_USER;
CREATE OR REPLACE FUNCTION app.api_key_lookup(p_prefix text)
RETURNS TABLE (key_id uuid, organization_id uuid, secret_hash text, permissions text[],
               expires_at timestamptz, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT k.id, k.organization_id, k.secret_hash, k.permissions, k.expires_at, k.revoked_at
  FROM app.api_keys k JOIN app.organizations o ON o.id = k.organization_id
  WHERE k.prefix = p_prefix AND k.deleted_at IS NULL AND o.deleted_at IS NULL AND o.status = 'active'
$$;
REVOKE scip_lookup FROM CURRENT_USER;

-- Down Migration
GRANT scip_lookup TO CURRENT_USER;
CREATE OR REPLACE FUNCTION app.api_key_lookup(p_prefix text)
RETURNS TABLE (key_id uuid, organization_id uuid, secret_hash text, permissions text[],
               expires_at timestamptz, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT k.id, k.organization_id, k.secret_hash, k.permissions, k.expires_at, k.revoked_at
  FROM app.api_keys k WHERE k.prefix = p_prefix AND k.deleted_at IS NULL
$$;
REVOKE scip_lookup FROM CURRENT_USER;
