#!/usr/bin/env bash
# test_package: the Debian packages built from this tree, installed by dpkg into an empty root (maintainer
# scripts run with DPKG_ROOT, no container): their files, dependencies, the lokmind user and state folder,
# the unit's hardening, both programs' help, and the installed lokmind serving an installed lokmin.
# Usage: test_package.sh BUILD_DIR   (the tree configured with -DCMAKE_INSTALL_PREFIX=/usr; needs $LOKMIN_TEST_PG)
set -euo pipefail

build=$(cd "$1" && pwd)
work=$(mktemp -d /tmp/lokmin-package.XXXXXX)
pid=
db=
fail() { echo "FAIL: $*" >&2; exit 1; }
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  [ -n "$db" ] && psql "$LOKMIN_TEST_PG" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
[ -n "${LOKMIN_TEST_PG:-}" ] || fail "LOKMIN_TEST_PG is not set (scripts/test.sh starts a PostgreSQL)"
# Packages install under /usr: a tree built for another prefix has other paths compiled in (ctest: skipped).
if ! grep -q '^CMAKE_INSTALL_PREFIX:PATH=/usr$' "$build/CMakeCache.txt"; then
  echo "skipped: $build is not configured with -DCMAKE_INSTALL_PREFIX=/usr"
  exit 77
fi

echo "== cpack"
(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
arch=$(dpkg --print-architecture)
server="$work/out/lokmind_${version}_${arch}.deb"
client="$work/out/lokmin_${version}_${arch}.deb"
common="$work/out/lokmin-common_${version}_all.deb"
for p in "$server" "$client" "$common"; do [ -f "$p" ] || fail "no package $(basename "$p")"; ls -l "$p"; done

echo "== dependencies, from Debian"
sdeps=$(dpkg-deb -f "$server" Depends); cdeps=$(dpkg-deb -f "$client" Depends)
echo "lokmind: $sdeps"; echo "lokmin: $cdeps"
for d in libzmq5 libpq5 libsodium23 libprotobuf-c1 libmicrohttpd12 "lokmin-common (= $version)"; do
  [[ "$sdeps" == *"$d"* ]] || fail "lokmind does not depend on $d"
done
for d in libzmq5 libsqlite3-0 libmicrohttpd12 libpango-1.0-0 libxlsxwriter4 libzip4 "lokmin-common (= $version)"; do
  [[ "$cdeps" == *"$d"* ]] || fail "lokmin does not depend on $d"
done
[[ "$cdeps" != *libpq5* ]] || fail "the client depends on libpq5: it never talks to PostgreSQL"
[ "$(dpkg-deb -f "$common" Architecture)" = all ] || fail "lokmin-common is not Architecture: all"

echo "== dpkg --root (an empty root; maintainer scripts chrootless)"
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/etc"
touch "$root/var/lib/dpkg/status"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
# The libraries come from this machine, not from the empty root: only those dependencies are forced.
dpkg --root="$root" --force-script-chrootless --force-depends --log=/dev/null \
  -i "$common" "$server" "$client" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i"; }
grep -E '^(Package|Status):' "$root/var/lib/dpkg/status"
for p in lokmind lokmin lokmin-common; do
  dpkg --root="$root" -s "$p" | grep -q '^Status: install ok installed$' || fail "$p is not installed"
done

echo "== files"
for f in usr/bin/lokmind usr/bin/lokmin etc/lokmind.conf lib/systemd/system/lokmind.service \
  usr/lib/sysusers.d/lokmind.conf usr/share/locale/id/LC_MESSAGES/lokmin.mo \
  usr/share/doc/lokmin-common/docs/operations.md usr/share/lokmin/sql/0001_foundation.sql; do
  [ -e "$root/$f" ] || fail "/$f is not installed"
done
[ -x "$root/usr/bin/lokmind" ] && [ -x "$root/usr/bin/lokmin" ] || fail "the programs are not executable"
grep -qx /etc/lokmind.conf "$root/var/lib/dpkg/info/lokmind.conffiles" || fail "/etc/lokmind.conf is not a conffile"

echo "== the lokmind user and its state folder"
user=$(grep '^lokmind:' "$root/etc/passwd") || fail "no lokmind user in the root's /etc/passwd"
echo "$user"
IFS=: read -r _ _ uid gid _ home shell <<<"$user"
[ "$uid" -lt 1000 ] || fail "lokmind is not a system user (uid $uid)"
[ "$home" = /var/lib/lokmind ] && [ "$shell" = /usr/sbin/nologin ] || fail "lokmind: home $home, shell $shell"
grep -q "^lokmind:x:$gid:" "$root/etc/group" || fail "no lokmind group $gid"
state="$root/var/lib/lokmind"
[ "$(stat -c '%a %u:%g' "$state")" = "700 $uid:$gid" ] || fail "state folder: $(stat -c '%a %u:%g' "$state")"
[ "$(stat -c '%a %u' "$state/server.key")" = "600 $uid" ] || fail "server.key: $(stat -c '%a %u' "$state/server.key")"

echo "== the unit"
unit="$root/lib/systemd/system/lokmind.service"
for line in "User=lokmind" "ExecStart=/usr/bin/lokmind -c /etc/lokmind.conf serve" "StateDirectory=lokmind" \
  "NoNewPrivileges=yes" "CapabilityBoundingSet=" "ProtectSystem=strict" "ProtectHome=yes" "PrivateTmp=yes" \
  "PrivateDevices=yes" "ProtectKernelTunables=yes" "ProtectKernelModules=yes" "ProtectControlGroups=yes" \
  "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6" "RestrictNamespaces=yes" "LockPersonality=yes" \
  "MemoryDenyWriteExecute=yes" "SystemCallArchitectures=native" "SystemCallFilter=@system-service" \
  "WantedBy=multi-user.target"; do
  grep -qxF "$line" "$unit" || fail "the unit lacks \"$line\""
done
if command -v systemd-analyze >/dev/null; then
  # The unit as systemd reads it, with the installed program where the unit names it.
  sed "s|/usr/bin/lokmind|$root/usr/bin/lokmind|g" "$unit" >"$work/lokmind.service"
  systemd-analyze verify "$work/lokmind.service" >"$work/verify.log" 2>&1 || true
  if grep -E 'lokmind.service:[0-9]+:' "$work/verify.log"; then fail "systemd-analyze verify found errors in the unit"; fi
fi

echo "== help"
export LOKMIN_LOCALEDIR="$root/usr/share/locale"
LANGUAGE=en "$root/usr/bin/lokmind" --help >"$work/help.txt" 2>&1 || true
grep -q "usage: lokmind" "$work/help.txt" || { cat "$work/help.txt"; fail "lokmind --help"; }
LANGUAGE=id "$root/usr/bin/lokmind" --help >"$work/help-id.txt" 2>&1 || true
grep -q "Pakai: lokmind" "$work/help-id.txt" || { cat "$work/help-id.txt"; fail "lokmind --help in Indonesian"; }
LANGUAGE=id "$root/usr/bin/lokmin" --help >"$work/help-lokmin.txt" 2>&1 || true
head -3 "$work/help-lokmin.txt"
grep -qi "perintah" "$work/help-lokmin.txt" || fail "lokmin --help is not in Indonesian with the installed catalogue"

echo "== the installed lokmind serves the installed lokmin"
db="lkt_package_$$"
psql "$LOKMIN_TEST_PG" -qc "CREATE DATABASE $db" >/dev/null
port=$((40000 + RANDOM % 20000))
export LOKMIN_DB="${LOKMIN_TEST_PG/dbname=postgres/dbname=$db}"
export LOKMIN_KEY_DIR="$state" LOKMIN_BIND="tcp://127.0.0.1:$port" LOKMIN_PUBLIC_ENDPOINT="tcp://127.0.0.1:$port"
lokmind=("$root/usr/bin/lokmind" -c "$root/etc/lokmind.conf")
"${lokmind[@]}" migrate >/dev/null
"${lokmind[@]}" org add-kabupaten 3324 Kendal --province "Jawa Tengah" >/dev/null
"${lokmind[@]}" serve -n
"${lokmind[@]}" serve >"$work/lokmind.log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/lokmind.log" && break; sleep 0.1; done
grep -q "listening on" "$work/lokmind.log" || { cat "$work/lokmind.log"; fail "lokmind did not start"; }
line=$("${lokmind[@]}" token issue --role dinkes --scope 3324)
"$root/usr/bin/lokmin" --home "$work/dinkes" enroll "$line" --name "Dinkes Kendal" >/dev/null
"$root/usr/bin/lokmin" --home "$work/dinkes" sync >"$work/sync.txt" 2>&1 || { cat "$work/sync.txt"; fail "lokmin sync"; }
kill -TERM "$pid"
wait "$pid" && status=0 || status=$?
pid=
[ "$status" -eq 0 ] || { cat "$work/lokmind.log"; fail "lokmind exited with $status on SIGTERM"; }
grep -q "lokmind stopped" "$work/lokmind.log" || fail "no orderly stop in the log"
echo "== the Docker image (docker/Dockerfile, checked without a container)"
# What its run stage copies exists where an install to /usr/local puts it, and it installs every library
# the packaged lokmind depends on.
dockerfile="$(dirname "${BASH_SOURCE[0]}")/../../docker/Dockerfile"
cmake --install "$build" --prefix "$work/docker/usr/local" >/dev/null
for src in $(sed -n 's|^COPY --from=build \(/[^ ]*\) .*|\1|p' "$dockerfile"); do
  [ -e "$work/docker$src" ] || fail "the Dockerfile copies $src, which the install does not make"
done
runtime=$(sed -n '/^FROM debian:12-slim/,/^COPY/p' "$dockerfile")
for d in $(echo "$sdeps" | tr ',' '\n' | sed 's/(.*//; s/ //g'); do
  case "$d" in libc6|lokmin-common|passwd) continue ;; esac
  grep -qw -- "$d" <<<"$runtime" || fail "the Docker image lacks $d, which lokmind needs"
done
echo "PASS: packages $(cd "$work/out" && ls *.deb | tr '\n' ' ')"
