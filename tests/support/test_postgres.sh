#!/usr/bin/env bash
# The PostgreSQL cluster one ctest run shares: started by the "postgresql" fixture's
# setup test, stopped by its cleanup test (tests/CMakeLists.txt).
#
# ctest runs every test case in a process of its own, so a cluster per process
# (tests/support/postgres.h) would cost an initdb per test case; the test processes
# find this one through VENTANILLA_TEST_POSTGRES=DIR (DIR/port holds its port).
#
#   test_postgres.sh start DIR   a fresh cluster in DIR, on 127.0.0.1 at a free port
#   test_postgres.sh stop DIR    stop it and remove DIR
set -euo pipefail

action=${1:?start or stop}
dir=${2:?directory}

bin=$(pg_config --bindir 2>/dev/null || true)
if [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "test_postgres: no PostgreSQL server programs (initdb, pg_ctl) found by pg_config" \
    "--bindir nor in /usr/lib/postgresql/*/bin; install the postgresql package" \
    "(scripts/install-deps.sh)" >&2
  exit 1
fi

# PostgreSQL refuses to run as root: run its programs as the postgres user then.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid=postgres --regid=postgres --clear-groups -- "$@"
  else
    "$@"
  fi
}

stop() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" stop -D "$dir/data" -m immediate -w >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case $action in
  stop)
    stop
    ;;
  start)
    stop  # a cluster left by a run that was killed
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      if ! id postgres >/dev/null 2>&1; then
        echo "test_postgres: running as root, and PostgreSQL refuses to; there is no" \
          "'postgres' user to run it as (the postgresql package makes it)" >&2
        exit 1
      fi
      chown postgres: "$dir"
    fi
    as_owner "$bin/initdb" -D "$dir/data" --auth=trust --username=postgres --encoding=UTF8 \
      --locale=C --no-sync --no-instructions >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # A port that looks free may be taken before the server binds it: try a few.
    for attempt in 1 2 3 4 5; do
      port=$((20000 + RANDOM % 40000))
      # Durability is worth nothing in a throw-away cluster; speed is.
      if as_owner "$bin/pg_ctl" start -D "$dir/data" -w -t 30 -l "$dir/server.log" \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB \
            -c max_connections=300" >/dev/null; then
        echo "$port" >"$dir/port.tmp"
        mv "$dir/port.tmp" "$dir/port"
        echo "test_postgres: cluster on 127.0.0.1:$port in $dir"
        exit 0
      fi
    done
    echo "test_postgres: the server did not start; its log:" >&2
    cat "$dir/server.log" >&2
    exit 1
    ;;
  *)
    echo "usage: test_postgres.sh start|stop DIR" >&2
    exit 2
    ;;
esac
