#!/usr/bin/env bash
# demo.sh: install what is missing, build, start a private PostgreSQL and lokmind, and run
# real lokmin clients end to end: a district office and a puskesmas, each in its own LOKMIN_HOME.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$LK_ROOT"

lk_install_deps
lk_say "building"
lk_build "$LK_ROOT/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOKMIN_ASAN=OFF
export PATH="$LK_ROOT/build/server:$LK_ROOT/build/client:$PATH"
LOKMIND=lokmind
LOKMIN=lokmin

DEMO=$(mktemp -d /tmp/lokmin-demo.XXXXXX)
cd "$DEMO"
LOKMIND_PID=
cleanup() {
  [ -n "$LOKMIND_PID" ] && kill "$LOKMIND_PID" 2>/dev/null && wait "$LOKMIND_PID" 2>/dev/null || true
  lk_pg_stop
  [ -n "${LOKMIN_DEMO_KEEP:-}" ] && echo "demo files kept in $DEMO" || rm -rf "$DEMO"
}
trap cleanup EXIT

lk_pg_start
psql "$LOKMIN_TEST_PG" -qc "CREATE DATABASE lokmin_demo" >/dev/null
PORT=$((40000 + RANDOM % 20000))
export LOKMIN_DB="${LOKMIN_TEST_PG/dbname=postgres/dbname=lokmin_demo}"
export LOKMIN_KEY_DIR="$DEMO/server-keys"
export LOKMIN_BIND="tcp://127.0.0.1:$PORT"
export LOKMIN_PUBLIC_ENDPOINT="$LOKMIN_BIND"

run() { printf '\n\033[36m$'; printf ' %q' "$@"; printf '\033[0m\n'; "$@"; }

lk_say "setting up the server"
run "$LOKMIND" keygen
run "$LOKMIND" migrate
run "$LOKMIND" catalogue load
run "$LOKMIND" org add-kabupaten 3324 Kendal --province "Jawa Tengah"
run "$LOKMIND" org add-kecamatan 332401 Kaliwungu
run "$LOKMIND" org add-puskesmas P3324010101 "Puskesmas Kaliwungu" --address "Jl. Pangeran Puger No. 1"
run "$LOKMIND" org add-desa 3324012001 Krajankulon --puskesmas P3324010101
run "$LOKMIND" org add-desa 3324012002 Kutoharjo --puskesmas P3324010101
run "$LOKMIND" org add-sector 332401 KORAMIL "Koramil 02 Kaliwungu" --kind tni
run "$LOKMIND" org add-sector 332401 PKK "TP PKK Kecamatan Kaliwungu" --kind pkk
run "$LOKMIND" serve -n

lk_say "starting lokmind on $LOKMIN_BIND"
"$LOKMIND" serve >"$DEMO/lokmind.log" 2>&1 &
LOKMIND_PID=$!
for _ in $(seq 100); do grep -q "listening on" "$DEMO/lokmind.log" && break; sleep 0.1; done
grep -q "listening on" "$DEMO/lokmind.log" || { cat "$DEMO/lokmind.log"; lk_die "lokmind did not start"; }

lk_say "the administrator enrolls the district health office (Dinas Kesehatan)"
DINKES_LINE=$("$LOKMIND" token issue --role dinkes --scope 3324)
echo "$DINKES_LINE"
run "$LOKMIN" --home "$DEMO/dinkes" enroll "$DINKES_LINE" --name "Dinkes Kendal"
run "$LOKMIN" --home "$DEMO/dinkes" whoami

lk_say "the district issues a line for the puskesmas, which enrolls with it"
PKM_LINE=$("$LOKMIN" --home "$DEMO/dinkes" token issue --role puskesmas --scope P3324010101)
echo "$PKM_LINE"
run "$LOKMIN" --home "$DEMO/puskesmas" enroll "$PKM_LINE" --name "Ruang TU Puskesmas Kaliwungu"
run "$LOKMIN" --home "$DEMO/puskesmas" whoami
run "$LOKMIN" --home "$DEMO/puskesmas" ping --count 5
run "$LOKMIN" --home "$DEMO/puskesmas" org show
run "$LOKMIN" --home "$DEMO/puskesmas" org show 332401

lk_say "scope is enforced: the puskesmas cannot look at the whole kabupaten"
run "$LOKMIN" --home "$DEMO/puskesmas" org show 3324 || true

lk_say "a second device at the same puskesmas (the Kapus's laptop)"
KAPUS_LINE=$("$LOKMIN" --home "$DEMO/dinkes" token issue --role puskesmas --scope P3324010101)
run "$LOKMIN" --home "$DEMO/kapus" enroll "$KAPUS_LINE" --name "Laptop Kapus"

lk_say "working offline: the TU plans the year's lokmin (every 3rd, off weekends and holidays)"
printf '2026-03-03 contoh hari libur\n' > "$DEMO/libur-2026.txt"
run "$LOKMIN" --home "$DEMO/puskesmas" meeting plan --year 2026 --day 3 --holidays "$DEMO/libur-2026.txt"
run "$LOKMIN" --home "$DEMO/puskesmas" meeting list --year 2026
MEETING=$("$LOKMIN" --home "$DEMO/puskesmas" --json meeting list --year 2026 | sed -n 3p | sed 's/.*"id":"\([^"]*\)".*/\1/')
run "$LOKMIN" --home "$DEMO/puskesmas" record put meeting --id "$MEETING" place="Aula Puskesmas" >/dev/null
BIDAN=$("$LOKMIN" --home "$DEMO/puskesmas" staff add "Siti Aminah, A.Md.Keb" --title "Bidan Koordinator" \
  --role pj_program --programmes KIA,klaster2)
run "$LOKMIN" --home "$DEMO/puskesmas" rtl add "$MEETING" --activity "Sweeping imunisasi di Desa Krajankulon" \
  --owner "$BIDAN" --due 2026-03-20 --target-group "Balita belum IDL" >/dev/null
run "$LOKMIN" --home "$DEMO/puskesmas" rtl overdue
head -c 200000 /dev/urandom > "$DEMO/foto-lokmin.jpg"
run "$LOKMIN" --home "$DEMO/puskesmas" attach meeting "$MEETING" "$DEMO/foto-lokmin.jpg" --caption "Suasana lokmin" >/dev/null
run "$LOKMIN" --home "$DEMO/puskesmas" status

lk_say "sync: the TU desk sends, the Kapus's laptop receives"
run "$LOKMIN" --home "$DEMO/puskesmas" sync
run "$LOKMIN" --home "$DEMO/kapus" sync
run "$LOKMIN" --home "$DEMO/kapus" record list meeting

lk_say "both edit the minutes offline; the server keeps both versions as a conflict"
run "$LOKMIN" --home "$DEMO/puskesmas" record put meeting --id "$MEETING" notes="Notulen dari TU" >/dev/null
run "$LOKMIN" --home "$DEMO/kapus" record put meeting --id "$MEETING" notes="Notulen dari Kapus" >/dev/null
run "$LOKMIN" --home "$DEMO/puskesmas" sync
run "$LOKMIN" --home "$DEMO/kapus" sync
run "$LOKMIN" --home "$DEMO/puskesmas" sync
run "$LOKMIN" --home "$DEMO/kapus" conflicts

lk_say "devices known to the server"
run "$LOKMIND" device list

lk_say "lokmind log (one line per request)"
grep "req " "$DEMO/lokmind.log" | tail -12

lk_say "stopping lokmind with SIGTERM"
kill -TERM "$LOKMIND_PID"
wait "$LOKMIND_PID" && echo "lokmind exited with status 0"
LOKMIND_PID=
lk_say "demo finished"
