#!/usr/bin/env bash
# make setup: .venv with the pinned tools, the offline get-pip stand-in, the collection copy.
# Idempotent: the pip install runs only when requirements-dev.txt changed (stamp file).
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON="${PYTHON:-python3.11}"
VENV=.venv
STAMP="$VENV/.requirements-dev.sha256"

# pip on this machine prints one warning per missing extra index directory; they are noise.
quiet_pip() {
    "$@" 2>&1 | { grep -v "^WARNING: Location 'file://.*' is ignored" || true; }
}

if ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
    if ! command -v "$PYTHON" >/dev/null 2>&1; then
        echo "setup: $PYTHON not found; set PYTHON=/path/to/python3.11" >&2
        exit 1
    fi
    echo "setup: creating $VENV with $("$PYTHON" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi

want="$(sha256sum requirements-dev.txt | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$want" ]; then
    echo "setup: installing requirements-dev.txt into $VENV"
    rm -f "$STAMP"
    quiet_pip "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
    echo "$want" > "$STAMP"
fi

"$VENV/bin/python" tests/utils/write_get_pip.py
"$VENV/bin/python" tests/utils/sync_collection.py
