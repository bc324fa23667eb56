#!/usr/bin/env bash
# test.sh: install what is missing, build (plain, AddressSanitizer/UBSan and the clang
# fuzz tree), start a private PostgreSQL 15, run every ctest label, stop PostgreSQL.
# Exits non-zero on any failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$LK_ROOT"

lk_say "checking packages"
lk_install_deps
lk_say "building build/ (RelWithDebInfo)"
lk_build "$LK_ROOT/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOKMIN_ASAN=OFF
# Optimised like the plain tree: the sanitizers check the same code, and the suite runs twice as fast as at -O0.
lk_say "building build-asan/ (AddressSanitizer + UBSan)"
lk_build "$LK_ROOT/build-asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOKMIN_ASAN=ON
lk_say "building build-fuzz/ (clang, libFuzzer targets)"
lk_build "$LK_ROOT/build-fuzz" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOKMIN_FUZZ=ON \
  -DLOKMIN_TESTS=OFF

lk_pg_start
trap lk_pg_stop EXIT

status=0
start=$(date +%s)
# Two suites at a time: each test has its own database, folders and ports, and many wait on the network.
jobs=$(( $(nproc) < 2 ? 2 : $(nproc) ))
# The end-to-end tests run once, in the sanitizer tree below, but for those that measure time
# (label timing): they run here, where the figures are the program's and not the sanitizers'.
# Unit and db tests run once too, under the sanitizers below.
lk_say "ctest: timing, ui, package (build/)"
(cd build && ctest --output-on-failure -j"$jobs" -L 'timing|ui|package') || status=1
# Benchmarks at their small test size; -V shows the figures they print.
lk_say "ctest: bench (build/)"
(cd build && ctest -V -L bench | sed -n 's/^[0-9]*: //p') || status=1
# Unit, db and every other end-to-end test under the sanitizers: each real lokmind and
# lokmin process of those tests runs instrumented.
lk_say "ctest: unit, db, e2e under ASan/UBSan (build-asan/)"
(cd build-asan && ctest --output-on-failure -j"$jobs" -L 'unit|db|e2e' -LE 'timing|package') || status=1
# Each fuzz target over its seeds and a fixed number of mutations (tests/fuzz/run.sh fuzzes for longer).
lk_say "ctest: fuzz smoke run (build-fuzz/)"
(cd build-fuzz && ctest --output-on-failure -j"$(nproc)" -L fuzz) || status=1
lk_say "tests finished in $(( $(date +%s) - start )) s: $([ $status -eq 0 ] && echo PASSED || echo FAILED)"
exit $status
