#!/bin/sh
# A second PostgreSQL cluster on this machine, for the scale-out tests (tests/test_scale_out.py): Debian's
# pg_createcluster, the same PostgreSQL version as the first cluster, on its own port, trust authentication on
# loopback only. Run it by hand too: `sh scripts/start-shard-cluster.sh [NAME] [PORT]` (default shard1 5433).
# Idempotent: an existing cluster of that name is started; a running one is left alone. Needs root on Debian/Ubuntu
# with the postgresql-common scripts; otherwise it says what to run and exits with 1 (the test then fails with the
# same advice: it is never skipped).
set -u
NAME=${1:-shard1}
PORT=${2:-5433}

if ! command -v pg_createcluster >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "scale-out: installing postgresql (apt-get)" >&2  # a machine with only Python and the embedded server
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || echo "scale-out: apt-get update failed, trying the cached package lists" >&2
  apt-get install -y -qq postgresql >/dev/null 2>&1 || echo "scale-out: apt-get could not install postgresql" >&2
fi
if ! command -v pg_createcluster >/dev/null 2>&1; then
  echo "scale-out: the tests need a second PostgreSQL cluster: install postgresql (Debian's postgresql-common), then" \
       "run sh scripts/start-shard-cluster.sh as root" >&2
  exit 1
fi
if pg_lsclusters -h | awk -v n="$NAME" -v p="$PORT" '$2 == n && $3 == p && $4 ~ /online/ {found=1} END {exit !found}'; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "scale-out: the tests need a PostgreSQL cluster $NAME on port $PORT. As root: sh scripts/start-shard-cluster.sh" >&2
  exit 1
fi
VERSION=$(pg_lsclusters -h | awk 'NR == 1 {print $1}')
[ -n "$VERSION" ] || VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk -v n="$NAME" '$2 == n {found=1} END {exit !found}'; then
  echo "scale-out: creating PostgreSQL $VERSION cluster $NAME on port $PORT" >&2
  pg_createcluster "$VERSION" "$NAME" --port "$PORT" -- --auth-local=trust --auth-host=trust >/dev/null \
    || { echo "scale-out: pg_createcluster $VERSION $NAME --port $PORT failed" >&2; exit 1; }
fi
pg_ctlcluster "$VERSION" "$NAME" start 2>/dev/null || pg_lsclusters -h | awk -v n="$NAME" '$2 == n && $4 ~ /online/ {found=1} END {exit !found}' \
  || { echo "scale-out: pg_ctlcluster $VERSION $NAME start failed; see /var/log/postgresql/postgresql-$VERSION-$NAME.log" >&2; exit 1; }
