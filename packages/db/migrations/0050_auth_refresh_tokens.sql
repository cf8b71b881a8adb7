-- Up Migration
-- Refresh tokens (owner: auth). Opaque random tokens; only their SHA-256 is stored. A session is a token
-- family: every token of it carries session_id, each token has at most one successor (unique parent_id),
-- and presenting a spent token revokes the session (every token of the family).

CREATE TABLE app.refresh_tokens (
  id uuid PRIMARY KEY DEFAULT app.uuid_generate_v7(),
  organization_id uuid NOT NULL DEFAULT app.current_org_id() REFERENCES app.organizations (id),
  session_id uuid NOT NULL REFERENCES app.user_sessions (id),
  user_id uuid NOT NULL,
  token_hash text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  parent_id uuid REFERENCES app.refresh_tokens (id),
  successor_id uuid,
  expires_at timestamptz NOT NULL,
  spent_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  FOREIGN KEY (organization_id, user_id) REFERENCES app.users (organization_id, id),
  CHECK ((successor_id IS NULL) OR (spent_at IS NOT NULL))
);
CREATE UNIQUE INDEX refresh_tokens_hash_key ON app.refresh_tokens (token_hash);
-- One successor per token: two concurrent refreshes can never fork a family.
CREATE UNIQUE INDEX refresh_tokens_parent_key ON app.refresh_tokens (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX refresh_tokens_org_session_idx ON app.refresh_tokens (organization_id, session_id);
CALL app.secure_tenant_table('app.refresh_tokens');
GRANT SELECT, INSERT, UPDATE ON app.refresh_tokens TO app_user, app_admin;

-- Refresh happens before any organization context: this answers only "which organization and token row
-- does this hash belong to"; the caller then works on the row under that organization's RLS.
GRANT SELECT ON app.refresh_tokens TO scip_lookup;
CREATE POLICY lookup_read ON app.refresh_tokens FOR SELECT TO scip_lookup USING (true);

CREATE FUNCTION app.refresh_token_lookup(p_hash text)
RETURNS TABLE (token_id uuid, organization_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT t.id, t.organization_id FROM app.refresh_tokens t
  WHERE t.token_hash = p_hash AND t.deleted_at IS NULL
$$;

GRANT CREATE ON SCHEMA app TO scip_lookup;
GRANT scip_lookup TO CURRENT_USER;
ALTER FUNCTION app.refresh_token_lookup(text) OWNER TO scip_lookup;
REVOKE scip_lookup FROM CURRENT_USER;
REVOKE CREATE ON SCHEMA app FROM scip_lookup;
REVOKE EXECUTE ON FUNCTION app.refresh_token_lookup(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.refresh_token_lookup(text) TO app_user, app_admin;

-- Down Migration
DROP FUNCTION app.refresh_token_lookup(text);
DROP POLICY lookup_read ON app.refresh_tokens;
REVOKE SELECT ON app.refresh_tokens FROM scip_lookup;
DROP TABLE app.refresh_tokens;
