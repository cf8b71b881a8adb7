#!/usr/bin/env bash
# Restores a backup into a NEW database (never over an existing one):
#
#   scripts/backup/restore.sh DUMP TARGET_DATABASE [ROLES_SQL]
#
# ROLES_SQL (from backup.sh) is applied first when given, for a fresh cluster; roles that already
# exist are left as they are. Tables, RLS (enabled + forced), policies, grants, triggers and the
# SECURITY DEFINER functions with their owners come back from the dump; the database-level grants
# (CONNECT for the app roles) are re-applied here. Prints {"database": NAME, "restored": true}.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

dump="${1:-}"
target="${2:-}"
roles="${3:-}"
[ -f "$dump" ] || fail validation_failed "usage: restore.sh DUMP TARGET_DATABASE [ROLES_SQL]"
valid_name "$target"

exists="$(pg psql postgres -XtAc "SELECT 1 FROM pg_database WHERE datname = '$target'")"
[ -z "$exists" ] || fail already_exists "database $target exists; restore only into a new database"

if [ -n "$roles" ]; then
  # CREATE ROLE of an existing role fails harmlessly; everything else must apply.
  pg psql postgres -X -q -v ON_ERROR_STOP=0 < "$roles" > /dev/null 2>&1 || true
fi

pg psql postgres -X -q -v ON_ERROR_STOP=1 \
  -c "CREATE DATABASE $target OWNER scip_owner ENCODING 'UTF8' TEMPLATE template0" > /dev/null \
  || fail internal "could not create $target"
pg psql "$target" -X -q -v ON_ERROR_STOP=1 -c "REVOKE ALL ON DATABASE $target FROM PUBLIC" \
  -c "GRANT CONNECT, TEMPORARY ON DATABASE $target TO app_user, app_admin" > /dev/null \
  || fail internal "could not grant access to $target"
# Single transaction: a restore either completes or leaves an empty database behind.
pg pg_restore "$target" --exit-on-error --single-transaction --no-password < "$dump" \
  || fail internal "pg_restore into $target failed"

printf '{"database":"%s","restored":true}\n' "$target"
