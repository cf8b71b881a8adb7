-- Up Migration
-- Previous password hashes (owner: auth), so the last PASSWORD_HISTORY passwords cannot be reused.

CREATE TABLE app.password_history (
  id uuid PRIMARY KEY DEFAULT app.uuid_generate_v7(),
  organization_id uuid NOT NULL DEFAULT app.current_org_id() REFERENCES app.organizations (id),
  user_id uuid NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  FOREIGN KEY (organization_id, user_id) REFERENCES app.users (organization_id, id)
);
CREATE INDEX password_history_org_user_idx ON app.password_history (organization_id, user_id, created_at DESC);
CALL app.secure_tenant_table('app.password_history');
GRANT SELECT, INSERT ON app.password_history TO app_user, app_admin;

-- Down Migration
DROP TABLE app.password_history;
