-- Up Migration
-- 0002 and 0006 revoked EXECUTE from PUBLIC *after* handing the SECURITY DEFINER functions to their
-- NOLOGIN owners, when the migration owner no longer held their privileges, so those REVOKE/GRANT
-- statements were no-ops (PostgreSQL only warns). Redo them as a member of the owning roles.
-- Pattern for later migrations: REVOKE/GRANT first, then ALTER ... OWNER, then REVOKE the membership.

GRANT scip_auditor, scip_lookup TO CURRENT_USER;

REVOKE EXECUTE ON FUNCTION audit.append(uuid, text, text, uuid, jsonb, jsonb, text, text, jsonb),
  audit.capture(), audit.record_event(text, text, jsonb, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit.record_event(text, text, jsonb, uuid) TO app_user, app_admin;
-- CREATE TRIGGER checks EXECUTE on the trigger function (app.secure_tenant_table runs as the owner).
GRANT EXECUTE ON FUNCTION audit.capture() TO CURRENT_USER;

REVOKE EXECUTE ON FUNCTION app.organization_lookup(text), app.login_lookup(text, text),
  app.session_lookup(uuid), app.api_key_lookup(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.organization_lookup(text), app.login_lookup(text, text),
  app.session_lookup(uuid), app.api_key_lookup(text) TO app_user, app_admin;

REVOKE scip_auditor, scip_lookup FROM CURRENT_USER;

-- Down Migration
-- Restoring PUBLIC's EXECUTE would only re-open the hole; the down step is intentionally empty.
SELECT 1;
