#!/bin/sh
# Installs the pinned PouchDB/express-pouchdb reference peer into DEST (node_modules under DEST, nothing global).
#
# usage: install.sh DEST
#   Copies package.json, package-lock.json and pouch_bench.js into DEST and
#   runs `npm ci` there. Afterwards run: node DEST/pouch_bench.js --docs ... --dir ...
#   Only the npm registry is used: leveldown ships prebuilt linux-x64 binaries
#   inside its npm tarball (a source build falls back to g++/make/python3).
set -eu

if [ "$#" -ne 1 ] || [ -z "$1" ]; then
    echo "usage: $0 DEST" >&2
    exit 2
fi
DEST=$1
HERE=$(cd "$(dirname "$0")" && pwd)

if ! command -v node >/dev/null 2>&1; then
    echo "install.sh: 'node' not found in PATH; install Node.js 18 or newer (Debian: apt-get install nodejs npm)" >&2
    exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "install.sh: 'npm' not found in PATH; install it (Debian: apt-get install npm)" >&2
    exit 1
fi

mkdir -p "$DEST"
cp "$HERE/package.json" "$HERE/package-lock.json" "$HERE/pouch_bench.js" "$DEST/"

# npm ci needs a lockfile matching package.json; fall back to a plain install
# (still pinned by package.json) if it refuses, e.g. with a much older npm.
if ! npm ci --prefix "$DEST" --no-audit --no-fund --omit=dev --loglevel=error; then
    echo "install.sh: npm ci failed, retrying with npm install" >&2
    npm install --prefix "$DEST" --no-audit --no-fund --omit=dev --loglevel=error
fi

# Fail now rather than at benchmark time if the native leveldb binding cannot load.
if ! (cd "$DEST" && node -e "require('leveldown')") >/dev/null 2>&1; then
    echo "install.sh: leveldown native module does not load under $DEST" >&2
    exit 1
fi
