-- Up Migration
-- Fixes for 0050/0052 found by the RLS guard (packages/db/src/rls-guard.ts):
-- 0050 revoked EXECUTE on app.refresh_token_lookup from PUBLIC *after* handing it to scip_lookup, which is a
-- no-op (see 0008); redo it as a member of the owner. And plain indexes leading with each foreign key.

GRANT scip_lookup TO CURRENT_USER;
REVOKE EXECUTE ON FUNCTION app.refresh_token_lookup(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.refresh_token_lookup(text) TO app_user, app_admin;
REVOKE scip_lookup FROM CURRENT_USER;

CREATE INDEX refresh_tokens_org_user_idx ON app.refresh_tokens (organization_id, user_id);
CREATE INDEX refresh_tokens_session_idx ON app.refresh_tokens (session_id);
CREATE INDEX user_mfa_org_user_idx ON app.user_mfa (organization_id, user_id);

-- Down Migration
DROP INDEX app.user_mfa_org_user_idx;
DROP INDEX app.refresh_tokens_session_idx;
DROP INDEX app.refresh_tokens_org_user_idx;
-- Restoring PUBLIC's EXECUTE would only re-open the hole; that part of the down step is intentionally empty.
