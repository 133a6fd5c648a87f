#!/usr/bin/env bash
# make setup: .venv with the pinned tools, the offline get-pip stand-in, the collection copy.
# Idempotent: the pip install runs only when requirements-dev.txt changed (stamp file).
# The extra ansible-core releases (.venv-core-oldest, .venv-core-newest) are set up by the gates
# that use them (tests/utils/ansible_test.sh, integration.sh), so that make units stays quick.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/utils/venvs.sh
. tests/utils/venvs.sh

ensure_venv .venv 3.11 requirements-dev.txt "${PYTHON:-python3.11}"
.venv/bin/python tests/utils/write_get_pip.py
.venv/bin/python tests/utils/sync_collection.py
