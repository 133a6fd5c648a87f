#!/usr/bin/env bash
# make demo: start the sandbox, seed it, run playbooks/demo.yml against it, stop the sandbox.
# Seed data: playbooks/demo-seed.json if present ({"<platform>": {"members": [...],
# "invites": [...]}}), loaded through orgaccess_sandbox.client.SandboxAdmin.
# As an AWX/AAP job would, the playbook gets each platform's credentials and URLs only through
# the environment variables the modules read (CISCO_XDR_*, SNYK_*, CYBEDEFEND_*), and the extra
# variables sandbox_url (base URL), sandbox_platforms (per-platform api_url/auth_url) and demo_report_path. The
# organisations (several per platform) are hosts of a static inventory it writes ($SANDBOX_STATE_DIR/orgs.json).
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
inventory_file="$SANDBOX_STATE_DIR/orgs.json"
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
# Several organisations per platform, as inventory hosts (the host-var contract of roles/onboard/README.md): the
# default organisation of each platform (seeded above) and more; Snyk and CybeDefend reach theirs with one token / PAT,
# each Cisco XDR organisation has its own API client, whose secret the host names (an environment variable here).
extra = {'cisco_xdr': [{'name': 'Globex', 'client_id': 'demo-xdr-globex', 'client_secret': 'demo-xdr-globex-secret'}],
         'snyk': [{'name': 'Payments'}, {'name': 'Web'}],
         'cybedefend': [{'name': 'Blue Team'}]}
for platform, orgs in extra.items():
    admin.add_orgs(platform, orgs)
hosts = {}
for platform in ('cisco_xdr', 'snyk', 'cybedefend'):
    for org in admin.orgs(platform):
        host = '%s_%s' % (platform, org['name'].lower().replace(' ', '_').replace('-', '_'))
        variables = {'orgaccess_platform': platform, 'orgaccess_org_id': org['id'], 'orgaccess_org_name': org['name'],
                     'orgaccess_connection': dict(urls[platform])}
        if platform == 'cisco_xdr' and org['name'] == 'Globex':
            variables['orgaccess_connection']['client_id'] = 'demo-xdr-globex'
            variables['orgaccess_secret_env'] = {'client_secret': 'DEMO_XDR_GLOBEX_SECRET'}
        hosts.setdefault(platform, {})[host] = variables
print('demo: organisations: %s' % ', '.join(sorted(host for found in hosts.values() for host in found)))
inventory = {'orgaccess_orgs': {'children': dict((platform, {'hosts': found}) for platform, found in hosts.items()),
                                'vars': {'ansible_connection': 'local'}}}
with open(inventory_file, 'w', encoding='utf-8') as handle:
    json.dump(inventory, handle, indent=1)
with open(vars_file, 'w', encoding='utf-8') as handle:
    json.dump({'sandbox_url': url, 'sandbox_platforms': urls, 'demo_report_path': report_path}, handle)
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
    'DEMO_XDR_GLOBEX_SECRET': 'demo-xdr-globex-secret',
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
    ansible-playbook -i localhost, -i "$inventory_file" -c local \
    -e "ansible_python_interpreter=$ROOT/.venv/bin/python" \
    -e "@$vars_file" \
    "$PLAYBOOK" "$@"
