#!/usr/bin/env bash
# make demo: start the sandbox, seed it, run playbooks/demo.yml against it, stop the sandbox.
# Seed data: playbooks/demo-seed.json if present ({"<platform>": {"members": [...],
# "invites": [...]}}), loaded through orgaccess_sandbox.client.SandboxAdmin.
# As an AWX/AAP job would, the playbook gets each platform's credentials and URLs only through
# the environment variables the modules read (CISCO_XDR_*, SNYK_*, CYBEDEFEND_*), and the extra
# variables sandbox_url (base URL), sandbox_platforms (per-platform api_url/auth_url),
# onboard_platforms (all three, settings left to the environment) and demo_report_path.
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

# Seed the sandbox, write the extra variables (sandbox_platforms is SandboxAdmin.platform_urls():
# {"snyk": {"api_url": ...}, "cybedefend": {"api_url", "auth_url"}, ...}) and the environment.
vars_file="$SANDBOX_STATE_DIR/demo-vars.json"
env_file="$SANDBOX_STATE_DIR/demo-env.sh"
PYTHONPATH="$ROOT/tests/sandbox" python - "$url" "$SEED" "$vars_file" "$env_file" "$ROOT/$SANDBOX_STATE_DIR/report.md" <<'PY'
import json
import os
import shlex
import sys

from orgaccess_sandbox.client import SandboxAdmin

url, seed_file, vars_file, env_file, report_path = sys.argv[1:6]
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
urls = admin.platform_urls()
with open(vars_file, 'w', encoding='utf-8') as handle:
    json.dump({'sandbox_url': url, 'sandbox_platforms': urls, 'onboard_platforms': dict((name, {}) for name in urls),
               'demo_report_path': report_path}, handle)
# The sandbox's default credentials (docs/sandbox.md), as the AWX/AAP credential types inject them.
environment = {
    'CISCO_XDR_CLIENT_ID': 'sandbox-xdr-client',
    'CISCO_XDR_CLIENT_PASSWORD': 'sandbox-xdr-secret',
    'CISCO_XDR_API_URL': urls['cisco_xdr']['api_url'],
    'SNYK_TOKEN': 'sandbox-snyk-token',
    'SNYK_ORG_ID': '11111111-1111-4111-8111-111111111111',
    'SNYK_API_URL': urls['snyk']['api_url'],
    'CYBEDEFEND_PAT': 'pat_sandbox',
    'CYBEDEFEND_ORG_ID': '33333333-3333-4333-8333-333333333333',
    'CYBEDEFEND_API_URL': urls['cybedefend']['api_url'],
    'CYBEDEFEND_AUTH_URL': urls['cybedefend']['auth_url'],
}
with open(env_file, 'w', encoding='utf-8') as handle:
    handle.writelines('export %s=%s\n' % (name, shlex.quote(value)) for name, value in environment.items())
PY
# shellcheck source=/dev/null
. "$env_file"

ANSIBLE_COLLECTIONS_PATH="$ROOT/build/collections" \
ANSIBLE_PYTHON_INTERPRETER="$ROOT/.venv/bin/python" \
ANSIBLE_LOCALHOST_WARNING=false \
ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
    ansible-playbook -i localhost, -c local \
    -e "ansible_python_interpreter=$ROOT/.venv/bin/python" \
    -e "@$vars_file" \
    "$PLAYBOOK" "$@"
