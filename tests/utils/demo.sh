#!/usr/bin/env bash
# make demo: start the sandbox, seed it, run playbooks/demo.yml against it, stop the sandbox.
# Seed data: playbooks/demo-seed.json if present ({"<platform>": {"members": [...],
# "invites": [...]}}), loaded through orgaccess_sandbox.client.SandboxAdmin.
# The organisations (several per platform) are inventory hosts of the inventory plugin orgaccess.onboarding.orgs: the
# script writes its source, $SANDBOX_STATE_DIR/orgs.yml, the way a user lists their organisations (docs/many-orgs.md),
# prints its hosts (ansible-inventory --graph) and runs the playbook with -i on it.
# As an AWX/AAP job would, the plugin and the playbook get the credentials only from environment variables (the ones
# the modules read, CISCO_XDR_*, SNYK_*, CYBEDEFEND_*, and one the inventory names for a second Cisco XDR client); the
# playbook gets the extra variables sandbox_url (base URL), sandbox_platforms (per-platform api_url/auth_url) and
# demo_report_path. At the end the script checks that none of those secrets was printed.
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

# Seed the sandbox, add organisations, write the inventory source, the extra variables (sandbox_platforms is
# SandboxAdmin.platform_urls(): {"snyk": {"api_url": ...}, "cybedefend": {"api_url", "auth_url"}, ...}) and the
# environment.
vars_file="$SANDBOX_STATE_DIR/demo-vars.json"
env_file="$SANDBOX_STATE_DIR/demo-env.sh"
inventory_file="$SANDBOX_STATE_DIR/orgs.yml"
output_file="$SANDBOX_STATE_DIR/demo-output.log"
PYTHONPATH="$ROOT/tests/sandbox" python - "$url" "$SEED" "$vars_file" "$env_file" "$ROOT/$SANDBOX_STATE_DIR/report.md" "$inventory_file" <<'PY'
import json
import os
import shlex
import sys

from orgaccess_sandbox.client import SandboxAdmin

url, seed_file, vars_file, env_file, report_path, inventory_file = sys.argv[1:7]
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
# Besides each platform's default organisation (seeded above): two more Snyk orgs in the same group (one token), one
# more organisation of the CybeDefend PAT's user (one PAT), one more Cisco XDR organisation with its own API client.
admin.add_orgs('cisco_xdr', [{'name': 'Globex', 'client_id': 'demo-xdr-globex', 'client_secret': 'demo-xdr-globex-secret'}])
admin.add_orgs('snyk', [{'name': 'Payments'}, {'name': 'Web'}])
admin.add_orgs('cybedefend', [{'name': 'Blue Team'}])
# The inventory source, as a user writes theirs (docs/many-orgs.md): no secret in it, only where the secrets come from.
inventory = """\
# make demo's organisations (tests/utils/demo.sh). Credentials come from environment variables only.
plugin: orgaccess.onboarding.orgs
sources:
  - platform: cisco_xdr            # one API client per organisation: each entry says where its credentials come from
    api_url: {cisco_xdr[api_url]}
    orgs:
      - name: Sandbox Org
        secret_env: {{client_id: CISCO_XDR_CLIENT_ID, client_secret: CISCO_XDR_CLIENT_PASSWORD}}
      - name: Globex
        client_id: demo-xdr-globex
        secret_env: {{client_secret: DEMO_XDR_GLOBEX_SECRET}}
  - platform: snyk                 # every org of the group, on one token (SNYK_TOKEN)
    group_id: {snyk_group}
    api_url: {snyk[api_url]}
  - platform: cybedefend           # every organisation of the PAT's user (CYBEDEFEND_PAT)
    api_url: {cybedefend[api_url]}
    auth_url: {cybedefend[auth_url]}
""".format(snyk_group=admin.orgs('snyk')[0]['group_id'], **urls)
with open(inventory_file, 'w', encoding='utf-8') as handle:
    handle.write(inventory)
with open(vars_file, 'w', encoding='utf-8') as handle:
    json.dump({'sandbox_url': url, 'sandbox_platforms': urls, 'demo_report_path': report_path}, handle)
# The sandbox's default credentials (docs/sandbox.md), as the AWX/AAP credential types inject them, and the secret of
# the second Cisco XDR client, under the name the inventory gives.
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
    'DEMO_XDR_GLOBEX_SECRET': 'demo-xdr-globex-secret',
}
with open(env_file, 'w', encoding='utf-8') as handle:
    handle.writelines('export %s=%s\n' % (name, shlex.quote(value)) for name, value in environment.items())
PY
# shellcheck source=/dev/null
. "$env_file"

export ANSIBLE_COLLECTIONS_PATH="$ROOT/build/collections"
# The modules run on the controller (ansible_connection: local) and need a Python with requests.
export ANSIBLE_PYTHON_INTERPRETER="$ROOT/.venv/bin/python"
# On a terminal, colours survive the copy of the output kept for the secret check below.
if [ -t 1 ]; then
    export ANSIBLE_FORCE_COLOR=true
fi

{
    echo "demo: the inventory source $inventory_file:"
    sed 's/^/    /' "$inventory_file"
    echo "demo: its organisation hosts (ansible-inventory -i $inventory_file --graph):"
    ansible-inventory -i "$inventory_file" --graph
    ansible-playbook -i "$inventory_file" -e "@$vars_file" "$PLAYBOOK" "$@"
} 2>&1 | tee "$output_file"

# None of the secrets the run had reached its output.
printed="$(grep -cF -e "$CISCO_XDR_CLIENT_PASSWORD" -e "$SNYK_TOKEN" -e "$CYBEDEFEND_PAT" -e "$DEMO_XDR_GLOBEX_SECRET" "$output_file" || true)"
if [ "$printed" != 0 ]; then
    echo "demo: $printed line(s) of the output above hold a secret" >&2
    exit 1
fi
echo "demo: no token, PAT or client secret in the output"
