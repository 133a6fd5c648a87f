#!/usr/bin/env bash
# make integration: ansible-test integration against the sandbox, from the collection copy.
# Starts the sandbox, writes tests/integration/integration_config.yml (sandbox_url) in the
# copy, runs every target (or the targets given as arguments), and always stops the sandbox.
# CORE picks the ansible-core release: main (default, the pinned tools), oldest or newest
# (see tests/utils/venvs.sh); each has its own copy and sandbox, so they can run side by side.
# INTEGRATION_ARGS adds ansible-test options (e.g. "-v" or "--start-at target").
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
# shellcheck source=tests/utils/venvs.sh
. tests/utils/venvs.sh

core="${CORE:-main}"
core_setup "$core"

targets=0
for dir in "$CORE_COLL"/tests/integration/targets/*/; do
    if [ -f "$dir/aliases" ]; then
        targets=$((targets + 1))
    fi
done
if [ "$targets" -eq 0 ]; then
    echo "integration: no targets under tests/integration/targets; nothing to run"
    exit 0
fi

# Its own state folder, so that a sandbox started by hand (make sandbox-start) or for another
# release does not clash. The sandbox itself always runs on the main venv's python.
if [ "$core" = main ]; then
    export SANDBOX_STATE_DIR=.sandbox-integration
else
    export SANDBOX_STATE_DIR=".sandbox-integration-$core"
fi
trap '"$ROOT/tests/utils/sandbox.sh" stop' EXIT
url="$("$ROOT/tests/utils/sandbox.sh" start)"
echo "integration: sandbox at $url"
printf -- '---\nsandbox_url: %s\n' "$url" > "$CORE_COLL/tests/integration/integration_config.yml"

read -r -a extra <<< "${INTEGRATION_ARGS:-}"
export ANSIBLE_COLLECTIONS_PATH="$CORE_COLLECTIONS"
cd "$CORE_COLL"
"$CORE_VENV/bin/ansible-test" integration --venv --python "$CORE_PYTHON" --requirements --color no "${extra[@]}" "$@"
echo "integration ($core): passed in $SECONDS s"
