#!/bin/sh
# smoke.sh BINARY WORKDIR SEEDDIR...: the ctest smoke run of one fuzz target: a fresh
# corpus folder, the seed folders that exist, a fixed random seed and a fixed number of runs.
set -eu
bin=$1 work=$2
shift 2
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
dirs=""
for d in "$@"; do
  [ -d "$d" ] && dirs="$dirs $d"
done
# shellcheck disable=SC2086 # the folder list is split on purpose
exec "$bin" -seed=1 -runs="${LOKMIN_FUZZ_SMOKE_RUNS:-0}" -timeout=10 -rss_limit_mb=2048 \
  -close_fd_mask=1 -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" $dirs
