#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 server on a unix socket, then stop it.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
if [ ! -x "$PGBIN/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  else
    echo "PostgreSQL 15 is not installed (apt-get install postgresql-15)" >&2
    exit 1
  fi
fi
PGROOT=$(mktemp -d)
chmod 755 "$PGROOT"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres: "$PGROOT"
stop() {
  as_postgres "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT"
}
trap stop EXIT
as_postgres "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$PGROOT/data" -w -l "$PGROOT/server.log" \
  -o "-k $PGROOT -c listen_addresses='' -c fsync=off -c full_page_writes=off" start >/dev/null
"$PGBIN/createdb" -h "$PGROOT" -U postgres clinic
export DATABASE_URL="postgres://postgres@/clinic?host=$PGROOT"
echo "PostgreSQL running at $PGROOT"
"$@"
