-- Up Migration
-- The only organization_id indexes of these tables were partial (WHERE deleted_at IS NULL), which the
-- planner cannot use for queries (or foreign-key checks) that do not repeat that condition. The RLS
-- guard now asks for a non-partial index leading with organization_id and one per foreign key.
CREATE INDEX user_permissions_org_user_idx ON app.user_permissions (organization_id, user_id);
CREATE INDEX organization_settings_org_idx ON app.organization_settings (organization_id);

-- Down Migration
DROP INDEX app.organization_settings_org_idx;
DROP INDEX app.user_permissions_org_user_idx;
