-- Up Migration

CREATE TABLE app.organization_settings (
  id uuid PRIMARY KEY DEFAULT app.uuid_generate_v7(),
  organization_id uuid NOT NULL DEFAULT app.current_org_id() REFERENCES app.organizations (id),
  key text NOT NULL CHECK (key ~ '^[a-z0-9_.-]{1,100}$'),
  value jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz
);
CREATE UNIQUE INDEX organization_settings_key ON app.organization_settings (organization_id, key)
  WHERE deleted_at IS NULL;
CREATE TRIGGER bump_version BEFORE INSERT OR UPDATE ON app.organization_settings
  FOR EACH ROW EXECUTE FUNCTION app.bump_version();
CALL app.secure_tenant_table('app.organization_settings');

CREATE TABLE app.api_keys (
  id uuid PRIMARY KEY DEFAULT app.uuid_generate_v7(),
  organization_id uuid NOT NULL DEFAULT app.current_org_id() REFERENCES app.organizations (id),
  prefix text NOT NULL CHECK (length(prefix) BETWEEN 4 AND 64),
  secret_hash text NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  permissions text[] NOT NULL DEFAULT '{}',
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  rotated_from uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  CONSTRAINT api_keys_org_id_key UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, rotated_from) REFERENCES app.api_keys (organization_id, id)
);
-- Keys are found by prefix before any organization context exists (app.api_key_lookup).
CREATE UNIQUE INDEX api_keys_prefix_key ON app.api_keys (prefix);
CREATE INDEX api_keys_org_rotated_idx ON app.api_keys (organization_id, rotated_from);
CALL app.secure_tenant_table('app.api_keys');

GRANT SELECT, INSERT, UPDATE ON app.organization_settings, app.api_keys TO app_user, app_admin;

-- Down Migration
DROP TABLE app.api_keys;
DROP TABLE app.organization_settings;
