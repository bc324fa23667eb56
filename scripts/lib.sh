# lib.sh: helpers shared by demo.sh and test.sh: packages, build, a private PostgreSQL.
# Sourced, not run.

LK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LK_PACKAGES="build-essential cmake pkg-config libzmq3-dev protobuf-c-compiler libprotobuf-c-dev
libpq-dev postgresql-15 libsodium-dev libcriterion-dev libsqlite3-dev libqrencode-dev iproute2 procps
clang libclang-rt-14-dev gettext tzdata
libcairo2-dev libpango1.0-dev libjpeg-dev fonts-liberation poppler-utils
libmicrohttpd-dev libgnutls28-dev libcurl4-openssl-dev libxlsxwriter-dev libzip-dev unzip
chromium chromium-driver python3-selenium python3
dpkg-dev file systemd"

lk_say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
lk_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Install the Debian packages that are missing (only those); needs root or sudo.
lk_install_deps() {
  local missing=()
  for p in $LK_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  lk_say "installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/lokmin-apt.log 2>&1; then
    $sudo apt-get update >>/tmp/lokmin-apt.log 2>&1 || true
    $sudo apt-get install -y --no-install-recommends "${missing[@]}" >>/tmp/lokmin-apt.log 2>&1 ||
      { tail -20 /tmp/lokmin-apt.log >&2; lk_die "apt-get install failed (log: /tmp/lokmin-apt.log)"; }
  fi
}

# lk_build DIR [cmake options...]: configure and build one tree, for the /usr prefix as the Debian
# packages are (tests/package): the translations' folder is compiled in.
lk_build() {
  local dir=$1; shift
  cmake -S "$LK_ROOT" -B "$dir" -DLOKMIN_WERROR=ON -DCMAKE_INSTALL_PREFIX=/usr "$@" >/dev/null ||
    lk_die "cmake configure failed"
  cmake --build "$dir" -j"$(nproc)" 2>&1 | grep -vE '^\[ *[0-9]+%\]|^(Scanning|Consolidate)' || true
  [ "${PIPESTATUS[0]}" -eq 0 ] || lk_die "build failed in $dir"
}

LK_PG_BIN=/usr/lib/postgresql/15/bin

# Run a command as the postgres user (PostgreSQL refuses to run as root).
lk_as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# lk_pg_start: a private PostgreSQL in a new temporary folder, on its own socket
# and port, listening on no TCP address. Sets LK_PG_DIR and LOKMIN_TEST_PG.
# fsync=off: this cluster lives for one run and is thrown away; a killed
# postgres or lokmind (the crash tests) loses nothing without fsync, since the
# WAL is still written before a commit returns; only a crash of the machine would.
# LK_PG_FSYNC=on keeps fsync, for benchmarks whose figures must include it.
lk_pg_start() {
  LK_PG_DIR=$(mktemp -d /tmp/lokmin-pg.XXXXXX)
  local port=${LK_PG_PORT:-$((20000 + RANDOM % 20000))}
  [ "$(id -u)" -eq 0 ] && chown postgres "$LK_PG_DIR"
  lk_as_pg "$LK_PG_BIN/initdb" -D "$LK_PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
    >"$LK_PG_DIR/initdb.log" 2>&1 || { cat "$LK_PG_DIR/initdb.log" >&2; lk_die "initdb failed"; }
  lk_as_pg "$LK_PG_BIN/pg_ctl" -D "$LK_PG_DIR/data" -l "$LK_PG_DIR/server.log" -w -t 60 \
    -o "-p $port -k $LK_PG_DIR -c listen_addresses='' -c max_connections=300 -c fsync=${LK_PG_FSYNC:-off}" start \
    >/dev/null || { cat "$LK_PG_DIR/server.log" >&2; lk_die "PostgreSQL did not start"; }
  export LOKMIN_TEST_PG="host=$LK_PG_DIR port=$port user=postgres dbname=postgres"
  lk_say "PostgreSQL 15 running in $LK_PG_DIR (port $port, socket only)"
}

lk_pg_stop() {
  [ -n "${LK_PG_DIR:-}" ] && [ -d "$LK_PG_DIR/data" ] || return 0
  lk_as_pg "$LK_PG_BIN/pg_ctl" -D "$LK_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$LK_PG_DIR"
  LK_PG_DIR=
}
