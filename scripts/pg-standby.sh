#!/usr/bin/env bash
# pg-standby.sh: a PostgreSQL 15 primary and a streaming standby on this machine, for tests and for
# trying a failover by hand: both on sockets in one folder, the standby fed through a replication slot
# and acknowledging every commit (synchronous_commit = on, synchronous_standby_names = '*'), so an
# acknowledged commit is on two disks. docs/operations.md, "A standby PostgreSQL", says the same for
# production.
#
#   pg-standby.sh start DIR      initdb, start the primary, pg_basebackup the standby, start it; writes
#                                DIR/env (LK_PRIMARY_PORT, LK_STANDBY_PORT, LK_CLUSTER_DB: a libpq
#                                conninfo naming both, target_session_attrs=read-write)
#   pg-standby.sh kill-primary DIR   stop the primary at once (-m immediate: like a crash)
#   pg-standby.sh promote DIR        make the standby the primary (it accepts writes once this returns)
#   pg-standby.sh stop DIR           stop both and remove DIR
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || lk_die "usage: pg-standby.sh start|kill-primary|promote|stop DIR"

case "$cmd" in
start)
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  p1=$((20000 + RANDOM % 20000)); p2=$((p1 + 1))
  lk_as_pg "$LK_PG_BIN/initdb" -D "$dir/primary" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; lk_die "initdb failed"; }
  # Command-line settings are not copied by pg_basebackup: the standby, once promoted, waits for no one.
  lk_as_pg "$LK_PG_BIN/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w -t 60 \
    -o "-p $p1 -k $dir -c listen_addresses='' -c max_connections=200 -c wal_level=replica \
        -c synchronous_commit=on -c synchronous_standby_names='*' -c wal_keep_size=256MB" start >/dev/null ||
    { cat "$dir/primary.log" >&2; lk_die "the primary did not start"; }
  lk_as_pg "$LK_PG_BIN/psql" -h "$dir" -p "$p1" -U postgres -qAt \
    -c "SELECT pg_create_physical_replication_slot('standby1')" >/dev/null
  lk_as_pg "$LK_PG_BIN/pg_basebackup" -h "$dir" -p "$p1" -U postgres -D "$dir/standby" -R -S standby1 -X stream \
    >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; lk_die "pg_basebackup failed"; }
  lk_as_pg "$LK_PG_BIN/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w -t 60 \
    -o "-p $p2 -k $dir -c listen_addresses='' -c max_connections=200" start >/dev/null ||
    { cat "$dir/standby.log" >&2; lk_die "the standby did not start"; }
  # Ready when the primary sees its standby streaming as a synchronous one.
  for _ in $(seq 100); do
    state=$(lk_as_pg "$LK_PG_BIN/psql" -h "$dir" -p "$p1" -U postgres -qAt \
      -c "SELECT state || '/' || sync_state FROM pg_stat_replication" 2>/dev/null || true)
    [ "$state" = "streaming/sync" ] && break
    sleep 0.1
  done
  [ "$state" = "streaming/sync" ] || lk_die "the standby is not streaming in sync (state: ${state:-none})"
  {
    echo "LK_PRIMARY_PORT=$p1"
    echo "LK_STANDBY_PORT=$p2"
    echo "LK_CLUSTER_DB='host=$dir,$dir port=$p1,$p2 user=postgres target_session_attrs=read-write'"
  } >"$dir/env"
  lk_say "primary on port $p1, synchronous standby on port $p2, sockets in $dir"
  ;;
kill-primary)
  lk_as_pg "$LK_PG_BIN/pg_ctl" -D "$dir/primary" -m immediate -w stop >/dev/null
  ;;
promote)
  lk_as_pg "$LK_PG_BIN/pg_ctl" -D "$dir/standby" -w -t 60 promote >/dev/null
  ;;
stop)
  for node in primary standby; do
    [ -d "$dir/$node" ] && lk_as_pg "$LK_PG_BIN/pg_ctl" -D "$dir/$node" -m fast -w stop >/dev/null 2>&1 || true
  done
  rm -rf "$dir"
  ;;
*)
  lk_die "unknown command $cmd (start, kill-primary, promote, stop)"
  ;;
esac
