-- Up Migration
-- Sessions, the global permission catalogue with role bundles, and per-user extra grants.

CREATE TABLE app.user_sessions (
  id uuid PRIMARY KEY DEFAULT app.uuid_generate_v7(),
  organization_id uuid NOT NULL DEFAULT app.current_org_id() REFERENCES app.organizations (id),
  user_id uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_reason text,
  device_fingerprint text,
  ip inet,
  user_agent text,
  last_seen_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  FOREIGN KEY (organization_id, user_id) REFERENCES app.users (organization_id, id)
);
CREATE INDEX user_sessions_org_user_idx ON app.user_sessions (organization_id, user_id);
CALL app.secure_tenant_table('app.user_sessions');

-- Global reference data, written only by migrations (the owner). Readable by every app role.
CREATE TABLE app.permissions (
  id uuid PRIMARY KEY DEFAULT app.uuid_generate_v7(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z_]+(:[a-z_]+)+$'),
  description text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz
);

CREATE TABLE app.role_permissions (
  id uuid PRIMARY KEY DEFAULT app.uuid_generate_v7(),
  role text NOT NULL CHECK (role IN ('org_admin', 'member', 'observer')),
  permission_code text NOT NULL REFERENCES app.permissions (code) ON UPDATE CASCADE ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  UNIQUE (role, permission_code)
);
CREATE INDEX role_permissions_code_idx ON app.role_permissions (permission_code);

DO $$
DECLARE
  t regclass;
BEGIN
  FOREACH t IN ARRAY ARRAY['app.permissions'::regclass, 'app.role_permissions'::regclass] LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY read_all ON %s FOR SELECT USING (true)', t);
    EXECUTE format('CREATE TRIGGER touch BEFORE INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION app.touch()', t);
  END LOOP;
END
$$;
-- The owner maintains the catalogue from migrations (forced RLS applies to it as well).
CREATE POLICY owner_write ON app.permissions TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_write ON app.role_permissions TO CURRENT_USER USING (true) WITH CHECK (true);

CREATE TABLE app.user_permissions (
  id uuid PRIMARY KEY DEFAULT app.uuid_generate_v7(),
  organization_id uuid NOT NULL DEFAULT app.current_org_id() REFERENCES app.organizations (id),
  user_id uuid NOT NULL,
  permission_code text NOT NULL REFERENCES app.permissions (code) ON UPDATE CASCADE,
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  FOREIGN KEY (organization_id, user_id) REFERENCES app.users (organization_id, id)
);
CREATE UNIQUE INDEX user_permissions_key ON app.user_permissions (organization_id, user_id, permission_code)
  WHERE deleted_at IS NULL;
CREATE INDEX user_permissions_code_idx ON app.user_permissions (permission_code);
CALL app.secure_tenant_table('app.user_permissions');

GRANT SELECT ON app.permissions, app.role_permissions TO app_user, app_admin, scip_lookup;
GRANT SELECT, INSERT, UPDATE ON app.user_sessions TO app_user, app_admin;
GRANT SELECT, INSERT, UPDATE, DELETE ON app.user_permissions TO app_user, app_admin;

-- Down Migration
DROP TABLE app.user_permissions;
DROP TABLE app.role_permissions;
DROP TABLE app.permissions;
DROP TABLE app.user_sessions;
