#!/usr/bin/env bash
# Backs up one database: pg_dump custom format (schema, data, policies, grants, triggers, functions)
# plus the cluster roles it depends on (pg_dumpall --roles-only, without passwords).
#
#   scripts/backup/backup.sh [DATABASE] [OUT_DIR]     defaults: scip, ./backups
#
# Prints {"dump": PATH, "roles": PATH, "bytes": N} on stdout. See scripts/backup/README.md.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

db="${1:-scip}"
out_dir="${2:-$ROOT/backups}"
valid_name "$db"
mkdir -p "$out_dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dump="$out_dir/$db-$stamp.dump"
roles="$out_dir/roles-$stamp.sql"

# The dump streams through this shell, so the client tool may run as another OS user.
pg pg_dump "$db" --format=custom --compress=6 --serializable-deferrable --no-password > "$dump" \
  || fail internal "pg_dump of $db failed"
pg pg_dumpall postgres --roles-only --no-role-passwords --no-password > "$roles" \
  || fail internal "pg_dumpall --roles-only failed"
chmod 600 "$dump" "$roles"

printf '{"dump":"%s","roles":"%s","bytes":%s}\n' "$dump" "$roles" "$(stat -c %s "$dump")"
