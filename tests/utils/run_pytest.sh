#!/usr/bin/env bash
# make pytest: the sandbox's own tests and the playbook-level tests (ansible-runner), with xdist.
# Extra arguments go to pytest. PYTEST_WORKERS sets xdist's -n (default auto; 0 turns it off).
# pytest exits 5 when it collected no test; that is a failure here, never a pass.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/.venv/bin:$PATH"

paths=()
for dir in tests/sandbox/tests tests/playbooks; do
    if [ -d "$dir" ]; then
        paths+=("$dir")
    else
        echo "pytest: $dir does not exist; not collected" >&2
    fi
done
if [ "${#paths[@]}" -eq 0 ]; then
    echo "pytest: no test folder found" >&2
    exit 1
fi

status=0
python -m pytest -p no:cacheprovider -n "${PYTEST_WORKERS:-auto}" "${paths[@]}" "$@" || status=$?
if [ "$status" -eq 5 ]; then
    echo "pytest: no test was collected; failing" >&2
    exit 1
fi
exit "$status"
