-- Up Migration
-- TOTP MFA (owner: auth). The secret is AES-256-GCM encrypted by the application (TOTP_ENCRYPTION_KEY,
-- bound to the user id); last_used_step makes every code single use (RFC 6238 §5.2). Recovery codes are
-- stored as SHA-256 hashes and spent once.

CREATE TABLE app.user_mfa (
  id uuid PRIMARY KEY DEFAULT app.uuid_generate_v7(),
  organization_id uuid NOT NULL DEFAULT app.current_org_id() REFERENCES app.organizations (id),
  user_id uuid NOT NULL,
  totp_secret_encrypted text NOT NULL,
  confirmed_at timestamptz,
  last_used_step bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  FOREIGN KEY (organization_id, user_id) REFERENCES app.users (organization_id, id)
);
CREATE UNIQUE INDEX user_mfa_user_key ON app.user_mfa (organization_id, user_id) WHERE deleted_at IS NULL;
CALL app.secure_tenant_table('app.user_mfa');

CREATE TABLE app.mfa_recovery_codes (
  id uuid PRIMARY KEY DEFAULT app.uuid_generate_v7(),
  organization_id uuid NOT NULL DEFAULT app.current_org_id() REFERENCES app.organizations (id),
  user_id uuid NOT NULL,
  code_hash text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  FOREIGN KEY (organization_id, user_id) REFERENCES app.users (organization_id, id)
);
CREATE INDEX mfa_recovery_codes_org_user_idx ON app.mfa_recovery_codes (organization_id, user_id);
CALL app.secure_tenant_table('app.mfa_recovery_codes');

GRANT SELECT, INSERT, UPDATE ON app.user_mfa, app.mfa_recovery_codes TO app_user, app_admin;

-- Down Migration
DROP TABLE app.mfa_recovery_codes;
DROP TABLE app.user_mfa;
