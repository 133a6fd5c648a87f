#!/usr/bin/env bash
# Run one ansible-test command on one of the ansible-core releases the gates test, from that
# release's collection copy, in the environments ansible-test builds (--venv --requirements).
#   ansible_test.sh CORE COMMAND [ansible-test options]
# CORE is main (.venv, the pinned tools), oldest or newest (see tests/utils/venvs.sh); the venv of
# an extra release is created on first use.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/utils/venvs.sh
. tests/utils/venvs.sh

if [ "$#" -lt 2 ]; then
    echo "usage: $0 main|oldest|newest COMMAND [ansible-test options]" >&2
    exit 2
fi
core="$1"
command="$2"
shift 2
core_setup "$core"
export ANSIBLE_COLLECTIONS_PATH="$CORE_COLLECTIONS"
cd "$CORE_COLL"
# --python: without it ansible-test tries every python3.X on PATH and dies on inactive pyenv shims.
exec "$CORE_VENV/bin/ansible-test" "$command" --venv --python "$CORE_PYTHON" --requirements --color no "$@"
