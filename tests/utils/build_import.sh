#!/usr/bin/env bash
# make build-import: build the collection tarball from the copy into dist/, then run
# galaxy-importer on it. galaxy-importer exits 0 on lint findings and prints them as
# "WARNING:" lines, so any WARNING or ERROR line in its output fails this gate.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
export PATH="$ROOT/.venv/bin:$PATH"

COLL="$(python tests/utils/sync_collection.py --print-path)"
version="$(sed -n "s/^version: *['\"]\{0,1\}\([^'\"]*\)['\"]\{0,1\} *$/\1/p" galaxy.yml)"
namespace="$(sed -n "s/^namespace: *//p" galaxy.yml)"
name="$(sed -n "s/^name: *//p" galaxy.yml)"
tarball="dist/$namespace-$name-$version.tar.gz"

mkdir -p dist
rm -f "$tarball"
(cd "$COLL" && ansible-galaxy collection build --force --output-path "$ROOT/dist")
[ -f "$tarball" ] || { echo "build-import: $tarball was not built" >&2; exit 1; }

# Run the importer in a scratch directory: it leaves importer_result.json and .ansible/ behind.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log="$ROOT/dist/galaxy-importer.log"
status=0
(cd "$work" && python -m galaxy_importer.main "$ROOT/$tarball") >"$log" 2>&1 || status=$?
cat "$log"
if [ "$status" -ne 0 ]; then
    echo "build-import: galaxy-importer exited $status" >&2
    exit 1
fi
if grep -Eq '^(WARNING|ERROR)' "$log"; then
    echo "build-import: galaxy-importer reported findings (lines above starting WARNING/ERROR)" >&2
    exit 1
fi
echo "build-import: $tarball imported cleanly"
