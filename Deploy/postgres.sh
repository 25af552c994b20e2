#!/usr/bin/env bash
# A local PostgreSQL 15 cluster for Quarry's demo and tests, in a folder of its own,
# listening on 127.0.0.1 only, with a `quarry` role (password in the folder) owning a
# `quarry` database.
#
#   Deploy/postgres.sh start    initdb when needed, start, print the URL (safe to run twice)
#   Deploy/postgres.sh stop     stop it (fast shutdown: open connections are ended)
#   Deploy/postgres.sh status   say whether it runs, and where
#   Deploy/postgres.sh url      print the URL (postgres://quarry:…@127.0.0.1:PORT/quarry)
#
# The folder is $QUARRY_POSTGRES_DIR, by default ~/.cache/quarry/postgres, or
# /var/lib/quarry/postgres when run as root: the server runs as the `postgres` user then
# (PostgreSQL refuses root), which cannot enter root's home. The port is a free one
# chosen at the first start and kept for the next ones (another free one when it was
# taken meanwhile). Debian's postgresql-15 is installed when missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin=/usr/lib/postgresql/15/bin

if [ "$(id -u)" -eq 0 ]; then
    folder="${QUARRY_POSTGRES_DIR:-/var/lib/quarry/postgres}"
    as_owner() { runuser -u postgres -- "$@"; }
else
    folder="${QUARRY_POSTGRES_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/quarry/postgres}"
    as_owner() { "$@"; }
fi
data="$folder/data"
log="$folder/server.log"

usage() {
    echo "usage: Deploy/postgres.sh start|stop|status|url" >&2
    exit 1
}

running() {
    [ -x "$bin/pg_ctl" ] && [ -f "$data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

port() { cat "$folder/port"; }

url() {
    echo "postgres://quarry:$(cat "$folder/password")@127.0.0.1:$(port)/quarry"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port_taken() {
    python3 - "$1" <<'EOF'
import socket, sys
s = socket.socket()
# As the server binds: a port left in TIME_WAIT by the last run is still ours.
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(0)
sys.exit(1)
EOF
}

# psql as the cluster's superuser over the folder's own socket (trust: only the owner can reach it).
superuser_sql() {
    as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$folder" -p "$(port)" -d postgres \
        -U "$(as_owner id -un)" "$@"
}

start() {
    [ -x "$bin/initdb" ] || "$here/debian-packages.sh" postgresql-15 postgresql-client-15
    if running; then
        url
        return
    fi
    if [ "$(id -u)" -eq 0 ]; then
        install -d -o postgres -g postgres -m 700 "$folder"
    else
        install -d -m 700 "$folder"
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        head -c 18 /dev/urandom | base64 | tr '+/' '-_' >"$folder/password.new"
        [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$folder/password.new"
        mv "$folder/password.new" "$folder/password"
        as_owner "$bin/initdb" -D "$data" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
            >"$folder/initdb.log" 2>&1 || { cat "$folder/initdb.log" >&2; exit 1; }
        rm -f "$folder/port"
    fi
    if [ ! -f "$folder/port" ] || port_taken "$(port)"; then
        free_port >"$folder/port.new"
        [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$folder/port.new"
        mv "$folder/port.new" "$folder/port"
    fi
    as_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $(port) -c unix_socket_directories='$folder' -c unix_socket_permissions=0700" \
        start >/dev/null || { tail -n 20 "$log" >&2; exit 1; }
    superuser_sql <<EOF
SELECT 'CREATE ROLE quarry LOGIN CREATEDB' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'quarry')\gexec
ALTER ROLE quarry PASSWORD '$(cat "$folder/password")';
SELECT 'CREATE DATABASE quarry OWNER quarry' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'quarry')\gexec
EOF
    url
}

stop() {
    if running; then
        as_owner "$bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
        echo "postgres: stopped ($data)" >&2
    else
        echo "postgres: not running ($data)" >&2
    fi
}

status() {
    if running; then
        echo "postgres: running on 127.0.0.1:$(port), data in $data"
    else
        echo "postgres: not running (data in $data)"
        return 3
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    url)
        running || { echo "postgres: not running; start it with Deploy/postgres.sh start" >&2; exit 3; }
        url
        ;;
    *) usage ;;
esac
