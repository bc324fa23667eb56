#!/usr/bin/env bash
# run.sh [ROUNDS] [lkfaults options]: the long fault-injection run. ROUNDS randomized kill points (default
# 1000) across lokmind (SIGKILL), PostgreSQL (stop -m immediate) and lokmin (SIGKILL while it syncs or while
# it imports a sheet), each round checked for lost or duplicated ops, half imports and integrity_check;
# prints the median and max time from "service back" to "sync complete". Needs PostgreSQL 15 and a built
# tree (LOKMIN_BUILD=DIR, default build/; scripts/test.sh builds it). Run as root or as a user who may run
# PostgreSQL. The summary is also written to the build tree, tests/faults/summary.txt. Exits non-zero when a
# check failed. Options: --seed S (repeat a run), --aim SECONDS (default 5), --verbose (one line per round).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${LOKMIN_BUILD:-$root/build}
rounds=${1:-1000}
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [ROUNDS] [--seed S] [--aim SECONDS] [--verbose]" >&2; exit 2; }
shift || true
bin=$build/tests/lkfaults
[ -x "$bin" ] || { echo "no lkfaults in $build: build the tree first (scripts/test.sh, or cmake --build $build)" >&2; exit 2; }
[ -x /usr/lib/postgresql/15/bin/initdb ] || { echo "PostgreSQL 15 is not installed (scripts/test.sh installs it)" >&2; exit 2; }
mkdir -p "$build/tests/faults"
summary=$build/tests/faults/summary.txt
"$bin" --rounds "$rounds" "$@" | tee "$summary"
status=${PIPESTATUS[0]}
echo "summary written to $summary" >&2
exit "$status"
