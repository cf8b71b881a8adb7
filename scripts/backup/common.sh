# Shared by backup.sh and restore.sh. Both need a role that bypasses row-level security (RLS is
# forced even for the table owner, so pg_dump as scip_owner would refuse): a superuser or a role with
# BYPASSRLS. Set PG_ADMIN_URL (e.g. postgres://postgres:...@db:5432/postgres) for a remote cluster;
# without it the local stack's superuser is used over its private unix socket.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
[ -x "$PG_BIN/pg_dump" ] || PG_BIN="$(dirname "$(command -v pg_dump)")"
LOCAL_SOCKET="$ROOT/.local/run/pg"
LOCAL_PORT="${LOCAL_PG_PORT:-55432}"

fail() {
  printf '{"error":{"code":"%s","message":"%s"}}\n' "$1" "$2" >&2
  exit 1
}

# pg <tool> <database> [args...]: runs a PostgreSQL client tool against <database> as the admin role.
pg() {
  local tool="$1" db="$2"
  shift 2
  if [ -n "${PG_ADMIN_URL:-}" ]; then
    local url="${PG_ADMIN_URL%/*}/$db"
    "$PG_BIN/$tool" --dbname="$url" "$@"
  elif [ -d "$LOCAL_SOCKET" ]; then
    if [ "$(id -un)" = postgres ]; then
      "$PG_BIN/$tool" --host="$LOCAL_SOCKET" --port="$LOCAL_PORT" --username=postgres --dbname="dbname=$db" "$@"
    else
      runuser -u postgres -- "$PG_BIN/$tool" --host="$LOCAL_SOCKET" --port="$LOCAL_PORT" --username=postgres \
        --dbname="dbname=$db" "$@"
    fi
  else
    fail dependency_unavailable "set PG_ADMIN_URL or start the local stack (npm run local:up)"
  fi
}

valid_name() {
  [[ "$1" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || fail validation_failed "invalid database name: $1"
}
