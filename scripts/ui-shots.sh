#!/usr/bin/env bash
# ui-shots.sh: copy the pictures of the Indonesian ui guide (docs/panduan-ui.md) from the browser tests'
# screenshots (build/tests/ui-shots, made by tests/ui/test_ui_*.py) into docs/img/ui.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
shots="$LK_ROOT/build/tests/ui-shots"
dest="$LK_ROOT/docs/img/ui"
[ -d "$shots" ] || lk_die "no screenshots in $shots: run the ui tests first (ctest -L ui in build/)"
mkdir -p "$dest"
n=0
for name in $(grep -o 'img/ui/[A-Za-z0-9_-]*\.png' "$LK_ROOT/docs/panduan-ui.md" | sort -u); do
  f="$shots/${name#img/ui/}"
  [ -f "$f" ] || lk_die "the guide shows $name, but the tests made no $f"
  cp "$f" "$dest/"
  n=$((n + 1))
done
lk_say "copied $n pictures into docs/img/ui"
