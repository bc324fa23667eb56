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
export LOKMIN_LOCALEDIR="$LK_ROOT/build/locale"   # the catalogues of the build, uninstalled
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

PKM=(--home "$DEMO/puskesmas")
KAPUS=(--home "$DEMO/kapus")
export LOKMIN_PASSPHRASE="rahasia kapus kaliwungu"   # in real use the Kapus types it

lk_say "a whole month at Puskesmas Kaliwungu, on the TU desk, offline until the end"
lk_say "staff, and the Kapus' signing key (Ed25519, sealed under a passphrase)"
# From here on nobody types an id: people by a part of their name, meetings by
# their period (2026-12, 2027-Q1), items by MEETING#N as their list shows it.
"$LOKMIN" "${PKM[@]}" staff add "dr. Ratna Dewi" --title "Kepala Puskesmas" --role kapus >/dev/null
"$LOKMIN" "${PKM[@]}" staff add "Siti Aminah, A.Md.Keb" --title "Bidan Koordinator" \
  --role pj_program --programmes KIA,klaster2 >/dev/null
"$LOKMIN" "${PKM[@]}" staff add "Nur Aini, S.Gz" --title "Nutrisionis" --role pj_program --programmes GIZI >/dev/null
"$LOKMIN" "${PKM[@]}" staff add "Agus Salim, SKM" --title "Promosi Kesehatan" --role pj_program \
  --programmes PROMKES >/dev/null
run "$LOKMIN" "${PKM[@]}" staff list
run "$LOKMIN" "${PKM[@]}" sign keygen ratna
lk_say "the district confirms the Kapus' key: the officer reads the fingerprint back to her and compares"
run "$LOKMIN" "${PKM[@]}" sync
run "$LOKMIN" --home "$DEMO/dinkes" sync
run "$LOKMIN" --home "$DEMO/dinkes" sign list
run "$LOKMIN" --home "$DEMO/dinkes" sign confirm ratna
run "$LOKMIN" --home "$DEMO/dinkes" sync
run "$LOKMIN" "${PKM[@]}" sync

lk_say "schedule: the year's lokmin on every 3rd, moved off weekends and holidays"
printf '2026-03-03 contoh hari libur\n' > "$DEMO/libur-2026.txt"
run "$LOKMIN" "${PKM[@]}" meeting plan --year 2026 --day 3 --holidays "$DEMO/libur-2026.txt"
# The planned day of a meeting, read off `meeting list` (HANDLE KIND NO PLANNED ...).
planned() {
  "$LOKMIN" "${PKM[@]}" --json meeting list --year 2026 |
    grep -F "\"handle\":\"$1\"" | sed 's/.*"planned_date":"\([0-9-]*\)".*/\1/'
}
lk_say "earlier months: held on their day, October postponed, August missed"
for m in 01 02 03 04 05 06 07 09 11; do
  "$LOKMIN" "${PKM[@]}" meeting held "2026-$m" --date "$(planned "2026-$m")" >/dev/null
done
run "$LOKMIN" "${PKM[@]}" meeting postpone 2026-10 --to 2026-10-12 --reason "Bertepatan dengan BIAS"
run "$LOKMIN" "${PKM[@]}" meeting held 2026-10 --date 2026-10-12
run "$LOKMIN" "${PKM[@]}" meeting history 2026-10
"$LOKMIN" "${PKM[@]}" record put meeting --id 2026-12 place="Aula Puskesmas Kaliwungu" >/dev/null

lk_say "achievement (capaian): the template, then the monthly figures January-November"
run "$LOKMIN" "${PKM[@]}" capaian template --month 2026-11 --out "$DEMO/template.csv"
head -4 "$DEMO/template.csv"
{
  echo "indicator,year,month,desa,numerator,denominator,note"
  for m in $(seq 1 11); do
    echo "KIA_K1,2026,$m,,$((38 + m % 3)),620,"
    echo "KIA_K6,2026,$m,,$((30 + m % 4)),620,"
    echo "KIA_PERSALINAN_FASKES,2026,$m,,$((44 + m % 2)),590,"
    echo "P2P_IDL,2026,$m,3324012001,$((20 + m % 3)),280,"
    echo "P2P_IDL,2026,$m,3324012002,$((14 + m % 2)),260,"
    echo "PROMKES_PENYULUHAN,2026,$m,,$((m % 3 == 0 ? 5 : 3)),,"
  done
} > "$DEMO/capaian-2026.csv"
run "$LOKMIN" "${PKM[@]}" capaian import "$DEMO/capaian-2026.csv"
run "$LOKMIN" "${PKM[@]}" capaian target KIA_K6 2026 85 --sasaran 620
lk_say "a sheet with mistakes is refused whole, row by row"
printf 'indicator,year,month,numerator,denominator\nKIA_K1,2026,11,700,620\nKIA_K99,2026,11,5,620\nKIA_K4,2026,13,5,620\n' \
  > "$DEMO/salah.csv"
run "$LOKMIN" "${PKM[@]}" capaian import "$DEMO/salah.csv" || true

lk_say "material (bahan) from the programme holders, due 3 days before the meeting"
"$LOKMIN" "${PKM[@]}" material submit 2026-12 --programme KIA --person aminah --note "K6 di bawah target" >/dev/null
"$LOKMIN" "${PKM[@]}" material submit 2026-12 --programme GIZI --person aini >/dev/null
run "$LOKMIN" "${PKM[@]}" material status 2026-12

lk_say "the invitation: agenda built from the records, signed by the Kapus"
run "$LOKMIN" "${PKM[@]}" invite draft 2026-12 --number "440/112/XII/2026" --place "Aula Puskesmas" >/dev/null
run "$LOKMIN" "${PKM[@]}" invite sign 2026-12 --as ratna
run "$LOKMIN" "${PKM[@]}" invite show 2026-12

lk_say "the meeting: attendance, problems from the gaps, RTL, decisions, a photo"
run "$LOKMIN" "${PKM[@]}" attend invite 2026-12
"$LOKMIN" "${PKM[@]}" attend checkin 2026-12 ratna >/dev/null
"$LOKMIN" "${PKM[@]}" attend checkin 2026-12 aminah >/dev/null
"$LOKMIN" "${PKM[@]}" attend checkin 2026-12 aini >/dev/null
"$LOKMIN" "${PKM[@]}" attend checkin 2026-12 --name "Bu Kades Kutoharjo" --role "Kepala Desa" >/dev/null
run "$LOKMIN" "${PKM[@]}" attend list 2026-12
"$LOKMIN" "${PKM[@]}" problem add 2026-12 --indicator KIA_K6 --description "Cakupan K6 di bawah target" \
  --usg 5,4,4 --cause "man: bidan desa cuti melahirkan" --cause "environment: jalan ke dusun rusak" \
  --recommendation "Kunjungan rumah dan kelas ibu hamil" >/dev/null
"$LOKMIN" "${PKM[@]}" problem add 2026-12 --description "Jamban sehat belum merata di Kutoharjo" --usg 3,4,3 \
  --cross-sector >/dev/null
run "$LOKMIN" "${PKM[@]}" problem list 2026-12
"$LOKMIN" "${PKM[@]}" rtl add 2026-12 --activity "Kunjungan rumah ibu hamil belum K6" --owner aminah \
  --due 2026-12-20 --target-group "Ibu hamil trimester III" --place "Desa Kutoharjo" --indicator "K6 +25 orang" >/dev/null
"$LOKMIN" "${PKM[@]}" rtl add 2026-12 --activity "Penyuluhan gizi seimbang di posyandu" --owner aini \
  --due 2026-12-15 >/dev/null
"$LOKMIN" "${PKM[@]}" meeting item 2026-12 --kind information --source "Dinkes" --text "BIAS campak bulan Agustus" >/dev/null
"$LOKMIN" "${PKM[@]}" meeting item 2026-12 --kind decision --text "Kelas ibu hamil tiap Kamis" >/dev/null
head -c 200000 /dev/urandom > "$DEMO/foto-lokmin.jpg"
run "$LOKMIN" "${PKM[@]}" attach meeting 2026-12 "$DEMO/foto-lokmin.jpg" --caption "Suasana lokmin Desember" >/dev/null
run "$LOKMIN" "${PKM[@]}" meeting held 2026-12 --date 2026-12-03

lk_say "minutes (notulen): compiled from the records, signed and sealed, submitted to the district"
run "$LOKMIN" "${PKM[@]}" minutes compile 2026-12 >/dev/null
run "$LOKMIN" "${PKM[@]}" minutes sign 2026-12 --as ratna
run "$LOKMIN" "${PKM[@]}" minutes submit 2026-12
run "$LOKMIN" "${PKM[@]}" record put minutes --id 2026-12 document="diubah diam-diam" || true
for doc in undangan hadir notulen; do
  run "$LOKMIN" "${PKM[@]}" print "$doc" 2026-12 -o "$DEMO/$doc-2026-12.pdf"
done

lk_say "follow-up: one RTL done with evidence and verified by the Kapus"
# The RTL are numbered per meeting as `rtl list` shows them: 2026-12#1 and 2026-12#2.
run "$LOKMIN" "${PKM[@]}" rtl list
run "$LOKMIN" "${PKM[@]}" rtl update 2026-12#2 --status done --note "Penyuluhan di 4 posyandu, 86 peserta"
run "$LOKMIN" "${PKM[@]}" rtl verify 2026-12#2 --as ratna --note "Daftar hadir penyuluhan diperiksa"
run "$LOKMIN" "${PKM[@]}" rtl update 2026-12#1 --status in_progress --note "12 ibu hamil sudah dikunjungi"
run "$LOKMIN" "${PKM[@]}" status

lk_say "the link is back: one sync sends the month; the Kapus' laptop and the district receive it"
run "$LOKMIN" "${PKM[@]}" sync
run "$LOKMIN" "${KAPUS[@]}" sync
run "$LOKMIN" "${KAPUS[@]}" minutes show 2026-12
run "$LOKMIN" --home "$DEMO/dinkes" sync
run "$LOKMIN" --home "$DEMO/dinkes" minutes review 2026-12 --ack --reviewer "Seksi Yankes Dinkes Kendal" \
  --feedback "Lengkap. RTL K6 dipantau pada lokmin Januari."
run "$LOKMIN" --home "$DEMO/dinkes" sync
run "$LOKMIN" "${PKM[@]}" sync
run "$LOKMIN" "${PKM[@]}" minutes history 2026-12

lk_say "next month's agenda (January 2027) on the Kapus' laptop carries the open RTL and the gaps"
run "$LOKMIN" "${KAPUS[@]}" meeting plan --year 2027 --day 3
run "$LOKMIN" "${KAPUS[@]}" meeting agenda 2027-01

lk_say "the quarterly cross-sector lokmin: the camat's office enrolls and builds it"
CAMAT_LINE=$("$LOKMIN" --home "$DEMO/dinkes" token issue --role kecamatan --scope 332401)
run "$LOKMIN" --home "$DEMO/camat" enroll "$CAMAT_LINE" --name "Kantor Camat Kaliwungu"
CAM=(--home "$DEMO/camat")
run "$LOKMIN" "${CAM[@]}" sync
run "$LOKMIN" "${CAM[@]}" sector list
"$LOKMIN" "${CAM[@]}" sector rep KORAMIL "Kapten Inf. Sugeng" --title Danramil >/dev/null
"$LOKMIN" "${CAM[@]}" sector rep PKK "Ibu Sri Lestari" --title "Ketua TP PKK" >/dev/null
"$LOKMIN" "${CAM[@]}" staff add "Drs. Bambang Wijaya" --title "Camat Kaliwungu" --role camat >/dev/null
run "$LOKMIN" "${CAM[@]}" sign keygen bambang
lk_say "the district confirms the Camat's key, after comparing its fingerprint"
run "$LOKMIN" "${CAM[@]}" sync
run "$LOKMIN" --home "$DEMO/dinkes" sync
run "$LOKMIN" --home "$DEMO/dinkes" sign confirm bambang
run "$LOKMIN" --home "$DEMO/dinkes" sync
run "$LOKMIN" "${CAM[@]}" sync
run "$LOKMIN" "${CAM[@]}" meeting plan --year 2027 --kind quarterly
run "$LOKMIN" "${CAM[@]}" meeting agenda 2027-Q1
run "$LOKMIN" "${CAM[@]}" invite draft 2027-Q1 --number "005/012/I/2027" --place "Pendopo Kecamatan" >/dev/null
run "$LOKMIN" "${CAM[@]}" invite sign 2027-Q1 --as bambang
run "$LOKMIN" "${CAM[@]}" attend invite 2027-Q1
"$LOKMIN" "${CAM[@]}" attend checkin 2027-Q1 bambang >/dev/null
"$LOKMIN" "${CAM[@]}" attend checkin 2027-Q1 sugeng >/dev/null
# The flagged problem is the puskesmas' December problem number 2, as `problem flagged` shows it;
# the puskesmas may be named instead of its code: 2026-12@Kaliwungu#2.
run "$LOKMIN" "${CAM[@]}" problem flagged
run "$LOKMIN" "${CAM[@]}" commitment add 2027-Q1 --sector KORAMIL --problem 2026-12@Kaliwungu#2 \
  --support "Kerja bakti jamban sehat bersama Babinsa di Kutoharjo" --contact "Serka Budi 0812 0000 0000" >/dev/null
run "$LOKMIN" "${CAM[@]}" commitment add 2027-Q1 --sector PKK \
  --support "Penyuluhan PHBS rumah tangga lewat dasawisma" >/dev/null
run "$LOKMIN" "${CAM[@]}" rtl add 2027-Q1 --activity "Data rumah tanpa jamban per dusun" \
  --owner-puskesmas Kaliwungu --due 2027-02-28 >/dev/null
run "$LOKMIN" "${CAM[@]}" meeting held 2027-Q1 --date 2027-01-11
run "$LOKMIN" "${CAM[@]}" minutes compile 2027-Q1 >/dev/null
run "$LOKMIN" "${CAM[@]}" minutes sign 2027-Q1 --as bambang
run "$LOKMIN" "${CAM[@]}" minutes submit 2027-Q1
run "$LOKMIN" "${CAM[@]}" commitment list 2027-Q1
run "$LOKMIN" "${CAM[@]}" sync
lk_say "the puskesmas receives the commitment that answers its problem and the RTL it owns"
run "$LOKMIN" "${PKM[@]}" sync
run "$LOKMIN" "${PKM[@]}" commitment list
run "$LOKMIN" "${PKM[@]}" rtl list --open

lk_say "the district health office's view, from its own store (works offline)"
run "$LOKMIN" --home "$DEMO/dinkes" sync
run "$LOKMIN" --home "$DEMO/dinkes" report compliance --year 2026 --as-of 2026-12-31
run "$LOKMIN" --home "$DEMO/dinkes" report followup --year 2026 --as-of 2027-01-05
run "$LOKMIN" --home "$DEMO/dinkes" report all --year 2026 --as-of 2026-12-31 -o "$DEMO/lokmin-2026.pdf"
run "$LOKMIN" --home "$DEMO/dinkes" report evidence --year 2026 --as-of 2026-12-31 --bundle "$DEMO/bukti-2026" \
  --out "$DEMO/bukti-2026.txt" >/dev/null
ls "$DEMO/bukti-2026/P3324010101"

lk_say "both edit the meeting notes offline; the server keeps both versions as a conflict"
run "$LOKMIN" --home "$DEMO/puskesmas" record put meeting --id 2026-12 notes="Catatan dari TU" >/dev/null
run "$LOKMIN" --home "$DEMO/kapus" record put meeting --id 2026-12 notes="Catatan dari Kapus" >/dev/null
run "$LOKMIN" --home "$DEMO/puskesmas" sync
run "$LOKMIN" --home "$DEMO/kapus" sync
run "$LOKMIN" --home "$DEMO/puskesmas" sync
run "$LOKMIN" --home "$DEMO/kapus" conflicts

lk_say "devices known to the server"
run "$LOKMIND" device list

lk_say "the month at a glance: the schedule, the gaps table and the RTL list"
run "$LOKMIN" "${PKM[@]}" meeting list --year 2026
run "$LOKMIN" "${PKM[@]}" capaian gaps 2026-11
run "$LOKMIN" "${PKM[@]}" rtl list
run "$LOKMIN" "${PKM[@]}" rtl overdue --as-of 2027-01-05
echo "printed documents: undangan-2026-12.pdf, hadir-2026-12.pdf, notulen-2026-12.pdf, lokmin-2026.pdf, bukti-2026/ (set LOKMIN_DEMO_KEEP=1 to keep $DEMO)"

lk_say "lokmind log (one line per request)"
grep "req " "$DEMO/lokmind.log" | tail -12

lk_say "stopping lokmind with SIGTERM"
kill -TERM "$LOKMIND_PID"
wait "$LOKMIND_PID" && echo "lokmind exited with status 0"
LOKMIND_PID=
lk_say "demo finished"
