#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server started here and stopped afterwards.
# Usage: scripts/with-postgres.sh pytest ...
set -euo pipefail

PG_BIN=$(dirname "$(compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" | sort -V | tail -1)")
PORT=${PG_TEST_PORT:-54329}
DATA=$(mktemp -d /tmp/bpt-postgres.XXXXXX)

as_postgres() {
  # PostgreSQL refuses to run as root; use the postgres account the Debian package creates.
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [[ $(id -u) -eq 0 ]]; then
  chown postgres "$DATA"
fi
cleanup() {
  as_postgres "$PG_BIN/pg_ctl" -D "$DATA/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT

as_postgres "$PG_BIN/initdb" -D "$DATA/db" -U postgres --auth=trust -E UTF8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$DATA/db" -l "$DATA/server.log" -w \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/bpt"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PORT: running the suite"
"$@"
