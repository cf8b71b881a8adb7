-- Up Migration
-- Reference data: the permission catalogue and the bundle each role carries. Codes are
-- `<resource>:<verb>` (or `<resource>:<sub>:<verb>`); a code is never renamed, only added.

INSERT INTO app.permissions (code, description) VALUES
  ('organizations:read', 'Read the organization''s profile'),
  ('organizations:update', 'Change the organization''s profile'),
  ('users:read', 'List and read users of the organization'),
  ('users:create', 'Create users'),
  ('users:update', 'Change users (email, role)'),
  ('users:disable', 'Disable users, ending their sessions'),
  ('users:permissions', 'Grant and revoke per-user permissions'),
  ('sessions:read', 'List active sessions of the organization'),
  ('sessions:revoke', 'End sessions of other users'),
  ('settings:read', 'Read organization settings'),
  ('settings:update', 'Change organization settings'),
  ('audit:read', 'Read the audit log'),
  ('audit:verify', 'Verify the audit hash chain'),
  ('api_keys:read', 'List API keys'),
  ('api_keys:create', 'Create API keys'),
  ('api_keys:rotate', 'Rotate API keys'),
  ('api_keys:revoke', 'Revoke API keys'),
  ('realtime:subscribe', 'Receive realtime messages of the organization'),
  ('realtime:publish', 'Publish into team feeds'),
  ('exercise:control:publish', 'Publish exercise control messages');

INSERT INTO app.role_permissions (role, permission_code)
SELECT 'org_admin', code FROM app.permissions
UNION ALL
SELECT 'member', unnest(ARRAY['organizations:read', 'users:read', 'settings:read', 'realtime:subscribe',
  'realtime:publish'])
UNION ALL
SELECT 'observer', unnest(ARRAY['organizations:read', 'users:read', 'settings:read', 'realtime:subscribe']);

-- Down Migration
DELETE FROM app.role_permissions WHERE role IN ('org_admin', 'member', 'observer');
DELETE FROM app.permissions WHERE code IN ('organizations:read', 'organizations:update', 'users:read',
  'users:create', 'users:update', 'users:disable', 'users:permissions', 'sessions:read', 'sessions:revoke',
  'settings:read', 'settings:update', 'audit:read', 'audit:verify', 'api_keys:read', 'api_keys:create',
  'api_keys:rotate', 'api_keys:revoke', 'realtime:subscribe', 'realtime:publish', 'exercise:control:publish');
