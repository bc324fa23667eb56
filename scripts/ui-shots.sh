#!/usr/bin/env bash
# ui-shots.sh: copy the pictures of the Indonesian ui guide (docs/panduan-ui.md) from the browser tests'
# screenshots (build/tests/ui-shots, made by tests/ui/test_ui_*.py) into docs/img/ui.
# Usage: scripts/ui-shots.sh [--partial]
#   Every picture the guide shows must have been made by the tests run before (ctest -L ui in build/).
#   --partial: copy the pictures the tests made and keep docs/img/ui's copy of the others (after running only some
#   ui tests, e.g. ctest -R 'test_ui_district|test_ui_quarter|test_ui_dinas'); a picture missing from both fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
partial=0
case "${1:-}" in
  --partial) partial=1 ;;
  "") ;;
  *) lk_die "usage: scripts/ui-shots.sh [--partial]" ;;
esac
shots="$LK_ROOT/build/tests/ui-shots"
dest="$LK_ROOT/docs/img/ui"
[ -d "$shots" ] || lk_die "no screenshots in $shots: run the ui tests first (ctest -L ui in build/)"
mkdir -p "$dest"
n=0
kept=0
for name in $(grep -o 'img/ui/[A-Za-z0-9_-]*\.png' "$LK_ROOT/docs/panduan-ui.md" | sort -u); do
  f="$shots/${name#img/ui/}"
  if [ ! -f "$f" ]; then
    [ "$partial" = 1 ] || lk_die "the guide shows $name, but the tests made no $f"
    [ -f "$dest/${name#img/ui/}" ] || lk_die "the guide shows $name, but neither the tests nor docs/img/ui have it"
    kept=$((kept + 1))
    continue
  fi
  cp "$f" "$dest/"
  n=$((n + 1))
done
lk_say "copied $n pictures into docs/img/ui, kept $kept"
