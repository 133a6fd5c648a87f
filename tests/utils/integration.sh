#!/usr/bin/env bash
# make integration: ansible-test integration against the sandbox, from the collection copy.
# Starts the sandbox, writes tests/integration/integration_config.yml (sandbox_url) in the
# copy, runs every target (or the targets given as arguments), and always stops the sandbox.
# INTEGRATION_ARGS adds ansible-test options (e.g. "-v" or "--start-at target").
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
export PATH="$ROOT/.venv/bin:$PATH"

COLL="$(python tests/utils/sync_collection.py --print-path)"

targets=0
for dir in "$COLL"/tests/integration/targets/*/; do
    if [ -f "$dir/aliases" ]; then
        targets=$((targets + 1))
    fi
done
if [ "$targets" -eq 0 ]; then
    echo "integration: no targets under tests/integration/targets; nothing to run"
    exit 0
fi

# Its own state folder, so that a sandbox started by hand (make sandbox-start) does not clash.
export SANDBOX_STATE_DIR=.sandbox-integration
trap '"$ROOT/tests/utils/sandbox.sh" stop' EXIT
url="$("$ROOT/tests/utils/sandbox.sh" start)"
echo "integration: sandbox at $url"
printf -- '---\nsandbox_url: %s\n' "$url" > "$COLL/tests/integration/integration_config.yml"

read -r -a extra <<< "${INTEGRATION_ARGS:-}"
cd "$COLL"
ansible-test integration --venv --python 3.11 --requirements --color no "${extra[@]}" "$@"
