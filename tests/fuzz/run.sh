#!/usr/bin/env bash
# run.sh SECONDS [TARGET...]: run every fuzz target (or the named ones) for SECONDS each,
# LOKMIN_FUZZ_JOBS at once (default nproc), each on its own corpus under the build tree
# seeded from tests/fuzz/seeds/, tests/fuzz/findings/ and the generated seeds; print
# executions, exec/s, corpus size, crashes and their distinct causes per target, and
# write that summary to tests/fuzz/logs/summary.txt in the build tree. Exits non-zero
# when any target crashed. LOKMIN_FUZZ_NICE=N (1-19) runs the targets at that lower
# CPU priority, so a long run can share the machine.
# The fuzz build: CC=clang cmake -S . -B build-fuzz -DLOKMIN_FUZZ=ON -DLOKMIN_WERROR=ON -DLOKMIN_TESTS=OFF
# (another tree: LOKMIN_FUZZ_BUILD=DIR).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${LOKMIN_FUZZ_BUILD:-$root/build-fuzz}
secs=${1:-}
[[ "$secs" =~ ^[0-9]+$ ]] || { echo "usage: $0 SECONDS [TARGET...]" >&2; exit 2; }
shift
jobs=${LOKMIN_FUZZ_JOBS:-$(nproc)}
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "LOKMIN_FUZZ_JOBS must be a positive number, not \"$jobs\"" >&2; exit 2; }
nice=()
if [ -n "${LOKMIN_FUZZ_NICE:-}" ]; then
  if ! [[ "$LOKMIN_FUZZ_NICE" =~ ^[0-9]+$ ]] || [ "$LOKMIN_FUZZ_NICE" -gt 19 ]; then
    echo "LOKMIN_FUZZ_NICE must be a niceness from 0 to 19, not \"$LOKMIN_FUZZ_NICE\"" >&2
    exit 2
  fi
  nice=(nice -n "$LOKMIN_FUZZ_NICE")
fi
out=$build/tests/fuzz
[ -x "$out/fuzz_request" ] || { echo "no fuzz build in $build (see the header of $0)" >&2; exit 2; }
if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for b in "$out"/fuzz_*; do
    n=${b##*/fuzz_}
    [ -x "$b" ] && [ "$n" != seeds ] && targets+=("$n")
  done
fi

# One target: corpus/<name> keeps growing across runs; artifacts/<name> holds crashes.
# Fork mode with ignore_crashes: a crash is saved and fuzzing goes on for the whole time.
run_one() {
  local n=$1 corpus=$out/corpus/$1 art=$out/artifacts/$1
  mkdir -p "$corpus" "$art" "$out/logs"
  local seeds=()
  for d in "$here/seeds/$n" "$here/findings/$n" "$out/seeds-gen/$n"; do [ -d "$d" ] && seeds+=("$d"); done
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "${nice[@]}" "$out/fuzz_$n" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -close_fd_mask=1 \
    -print_final_stats=1 -artifact_prefix="$art/" "$corpus" "${seeds[@]}" >"$out/logs/$n.log" 2>&1
}

mkdir -p "$out/logs"
stamp=$out/logs/.started
touch "$stamp"
running=0
for n in "${targets[@]}"; do
  [ -x "$out/fuzz_$n" ] || { echo "no target fuzz_$n" >&2; exit 2; }
  run_one "$n" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

# The summary, printed and kept beside the logs.
summary=$out/logs/summary.txt
status=0
{
printf '%-10s %12s %8s %8s %8s\n' target executions exec/s corpus crashes
for n in "${targets[@]}"; do
  log=$out/logs/$n.log
  # Fork mode's progress lines: "#RUNS: cov: ... exec/s: R ... time: Ts job: J ..."
  line=$(grep -a -E '^#[0-9]+: cov:' "$log" | tail -1)
  execs=$(sed -nE 's/^#([0-9]+):.*/\1/p' <<<"$line")
  rate=$(( ${execs:-0} / (secs > 0 ? secs : 1) ))
  corpus=$(find "$out/corpus/$n" -type f | wc -l)
  crashes=$(find "$out/artifacts/$n" -type f -newer "$stamp" | wc -l)
  printf '%-10s %12s %8s %8s %8s\n' "$n" "${execs:-?}" "$rate" "$corpus" "$crashes"
  # Distinct causes: each crash input run again, its property or sanitizer message.
  find "$out/artifacts/$n" -type f -newer "$stamp" | head -50 | while read -r a; do
    "$out/fuzz_$n" "$a" 2>&1 | grep -a -E -m1 -A1 '^fuzz property failed|runtime error:|^==[0-9]+==ERROR: \w+Sanitizer' |
      tr '\n' ' ' | cut -c1-200
    echo
  done | sed '/^$/d; s/[0-9a-f]\{8\}-[0-9a-f-]\{27\}/UUID/g' | sort | uniq -c | sort -rn | head -8
done
} | tee "$summary"
# Any crash input of this run makes the exit status non-zero.
[ "$(find "$out/artifacts" -type f -newer "$stamp" | wc -l)" -eq 0 ] || status=1
[ $status -eq 0 ] || echo "crash inputs and logs: $out/artifacts/ and $out/logs/" >&2
echo "summary: $summary" >&2
exit $status
