#!/usr/bin/env bash
# make demo: start the sandbox, seed it, run playbooks/demo.yml against it, stop the sandbox.
# Seed data: playbooks/demo-seed.json if present ({"<platform>": {"members": [...],
# "invites": [...]}}), loaded through orgaccess_sandbox.client.SandboxAdmin.
# The playbook gets the extra variables sandbox_url (base URL) and sandbox_platforms
# (per-platform api_url/auth_url).
# Extra arguments go to ansible-playbook (e.g. --check --diff -v).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
export PATH="$ROOT/.venv/bin:$PATH"
PLAYBOOK="${DEMO_PLAYBOOK:-playbooks/demo.yml}"
SEED="${DEMO_SEED:-playbooks/demo-seed.json}"

if [ ! -f "$PLAYBOOK" ]; then
    echo "demo: $PLAYBOOK does not exist yet" >&2
    exit 1
fi

# Its own state folder, so that a sandbox started by hand (make sandbox-start) does not clash.
export SANDBOX_STATE_DIR=.sandbox-demo
trap '"$ROOT/tests/utils/sandbox.sh" stop' EXIT
url="$("$ROOT/tests/utils/sandbox.sh" start)"
echo "demo: sandbox at $url"

# Seed the sandbox, and write the extra variables: sandbox_url and sandbox_platforms
# (SandboxAdmin.platform_urls(): {"snyk": {"api_url": ...}, "cybedefend": {"api_url", "auth_url"}, ...}).
vars_file="$SANDBOX_STATE_DIR/demo-vars.json"
PYTHONPATH="$ROOT/tests/sandbox" python - "$url" "$SEED" "$vars_file" <<'PY'
import json
import os
import sys

from orgaccess_sandbox.client import SandboxAdmin

url, seed_file, vars_file = sys.argv[1:4]
admin = SandboxAdmin(url)
if os.path.exists(seed_file):
    with open(seed_file, encoding='utf-8') as handle:
        seed = json.load(handle)
    for platform, data in seed.items():
        if data.get('members'):
            admin.seed_members(platform, data['members'])
        if data.get('invites'):
            admin.seed_invites(platform, data['invites'])
        print('demo: seeded %s: %d members, %d invites' % (platform, len(data.get('members') or []), len(data.get('invites') or [])))
with open(vars_file, 'w', encoding='utf-8') as handle:
    json.dump({'sandbox_url': url, 'sandbox_platforms': admin.platform_urls()}, handle)
PY

ANSIBLE_COLLECTIONS_PATH="$ROOT/build/collections" \
ANSIBLE_PYTHON_INTERPRETER="$ROOT/.venv/bin/python" \
ANSIBLE_LOCALHOST_WARNING=false \
ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
    ansible-playbook -i localhost, -c local \
    -e "ansible_python_interpreter=$ROOT/.venv/bin/python" \
    -e "@$vars_file" \
    "$PLAYBOOK" "$@"
