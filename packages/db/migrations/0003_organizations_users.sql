-- Up Migration
-- Tenants and their users. Every tenant table follows the same recipe: id uuid v7, audit fields set by
-- app.touch(), soft delete, organization_id defaulting to the context, an index leading with
-- organization_id, and app.secure_tenant_table() for forced RLS + triggers.

CREATE TABLE app.organizations (
  id uuid PRIMARY KEY DEFAULT app.uuid_generate_v7(),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz
);
CREATE UNIQUE INDEX organizations_slug_key ON app.organizations (slug) WHERE deleted_at IS NULL;
CREATE TRIGGER bump_version BEFORE INSERT OR UPDATE ON app.organizations
  FOR EACH ROW EXECUTE FUNCTION app.bump_version();
-- An organization is its own tenant: the row is visible when id = app.org_id.
CALL app.secure_tenant_table('app.organizations', 'id');

CREATE TABLE app.users (
  id uuid PRIMARY KEY DEFAULT app.uuid_generate_v7(),
  organization_id uuid NOT NULL DEFAULT app.current_org_id() REFERENCES app.organizations (id),
  email text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$' AND length(email) <= 320),
  password_hash text,
  role text NOT NULL CHECK (role IN ('org_admin', 'member', 'observer')),
  disabled_at timestamptz,
  mfa_enabled boolean NOT NULL DEFAULT false,
  last_login_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  -- Target of composite foreign keys, so a child row can never point into another organization.
  CONSTRAINT users_org_id_key UNIQUE (organization_id, id)
);
CREATE UNIQUE INDEX users_org_email_key ON app.users (organization_id, lower(email)) WHERE deleted_at IS NULL;
CREATE TRIGGER bump_version BEFORE INSERT OR UPDATE ON app.users
  FOR EACH ROW EXECUTE FUNCTION app.bump_version();
CALL app.secure_tenant_table('app.users');

GRANT SELECT, UPDATE (name) ON app.organizations TO app_user;
GRANT SELECT, INSERT, UPDATE ON app.organizations TO app_admin;
GRANT SELECT, INSERT, UPDATE ON app.users TO app_user, app_admin;

-- Down Migration
DROP TABLE app.users;
DROP TABLE app.organizations;
