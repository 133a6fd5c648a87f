# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory plugin orgaccess.onboarding.orgs against the sandbox, through ``ansible-inventory --list``:
3 Cisco XDR orgs (an API client each), 5 Snyk orgs (one token, every page of the group) and 3 CybeDefend orgs
(one PAT). Hosts, groups and variables are what the plugin documents, and no secret reaches the output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import yaml

from playbook_runner import COLLECTIONS_PATH

OTHER_GROUP = '77777777-7777-4777-8777-777777777777'
ANSIBLE_INVENTORY = os.path.join(os.path.dirname(sys.executable), 'ansible-inventory')


def plain(value):
    """The value without ansible-core 2.19's marks of untrusted strings ({"__ansible_unsafe": ...})."""
    if isinstance(value, dict):
        if set(value) == {'__ansible_unsafe'}:
            return value['__ansible_unsafe']
        return dict((key, plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def inventory_list(path, env):
    answer = subprocess.run([ANSIBLE_INVENTORY, '-i', str(path), '--list'], capture_output=True, text=True, timeout=300,
                            env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, **env), check=False)
    return answer


def test_inventory_of_many_orgs_holds_hosts_groups_vars_and_no_secret(sandbox, sandbox_admin, tmp_path):
    url = sandbox.url
    secrets = {'snyk': 'snyk-token-%s' % uuid.uuid4().hex, 'cybedefend': 'pat_%s' % uuid.uuid4().hex}
    sandbox_admin.set_credentials('snyk', token=secrets['snyk'])
    sandbox_admin.set_credentials('cybedefend', pat=secrets['cybedefend'])
    # 25 orgs in the sandbox's own group, so that listing it takes several pages; the inventory reads another group.
    sandbox_admin.add_orgs('snyk', [{'name': 'Filler %02d' % number} for number in range(25)])
    snyk = sandbox_admin.add_orgs('snyk', [{'name': name, 'group_id': OTHER_GROUP}
                                           for name in ('Payments', 'Mobile App', 'Data Platform', 'Web')])
    snyk += sandbox_admin.add_orgs('snyk', [{'name': 'Sécurité', 'slug': 'securite', 'group_id': OTHER_GROUP}])
    cybedefend = sandbox_admin.add_orgs('cybedefend', [{'name': 'Blue Team'}, {'name': 'Green Team'}, {'name': 'Réd Team'}])
    xdr = sandbox_admin.add_orgs('cisco_xdr', [{'name': name, 'client_id': 'client-%s' % number,
                                                'client_secret': 'xdr-secret-%s' % uuid.uuid4().hex}
                                               for number, name in enumerate(('Acme EU', 'Globex', 'Initech'))])
    env = {'SNYK_TOKEN': secrets['snyk'], 'CYBEDEFEND_PAT': secrets['cybedefend']}
    entries = []
    for number, org in enumerate(xdr):
        env['XDR_%d_ID' % number] = org['credentials']['client_id']
        env['XDR_%d_SECRET' % number] = secrets['xdr_%d' % number] = org['credentials']['client_secret']
        names = {'client_id': 'XDR_%d_ID' % number, 'client_secret': 'XDR_%d_SECRET' % number}
        entries.append({'name': org['name'].upper(), 'secret_env': names})
    config = {
        'plugin': 'orgaccess.onboarding.orgs',
        'sources': [
            {'platform': 'snyk', 'group_id': OTHER_GROUP, 'api_url': url + '/snyk'},
            {'platform': 'cybedefend', 'api_url': url + '/cybedefend/api', 'auth_url': url + '/cybedefend/auth'},
            {'platform': 'cisco_xdr', 'api_url': url + '/cisco_xdr', 'orgs': entries},
        ],
        'exclude': ['sandbox org'],
        'keyed_groups': [{'key': 'orgaccess_platform', 'prefix': 'platform'}],
        'groups': {'teams': "orgaccess_org_name is search('Team')"},
    }
    path = tmp_path / 'many.orgs.yml'
    path.write_text(yaml.safe_dump(config))

    answer = inventory_list(path, env)
    assert answer.returncode == 0, answer.stderr
    listed = plain(json.loads(answer.stdout))
    hostvars = listed['_meta']['hostvars']
    expected = {'snyk': ['snyk_data_platform', 'snyk_mobile_app', 'snyk_payments', 'snyk_securite', 'snyk_web'],
                'cybedefend': ['cybedefend_blue_team', 'cybedefend_green_team', 'cybedefend_red_team'],
                'cisco_xdr': ['cisco_xdr_acme_eu', 'cisco_xdr_globex', 'cisco_xdr_initech']}
    assert sorted(hostvars) == sorted(sum(expected.values(), []))
    assert sorted(listed['orgaccess_orgs']['hosts']) == sorted(hostvars)
    for platform, hosts in expected.items():
        assert sorted(listed[platform]['hosts']) == hosts
        assert sorted(listed['platform_' + platform]['hosts']) == hosts
    assert sorted(listed['teams']['hosts']) == expected['cybedefend']
    assert hostvars['cybedefend_red_team']['orgaccess_org_name'] == 'Réd Team'

    by_name = dict((org['name'], org) for org in snyk + cybedefend + xdr)
    for host, variables in hostvars.items():
        org = by_name[variables['orgaccess_org_name']]
        assert variables['orgaccess_org_id'] == org['id']
        assert variables['ansible_connection'] == 'local'
        assert host.startswith(variables['orgaccess_platform'] + '_')
    assert hostvars['snyk_securite']['orgaccess_org_slug'] == by_name['Sécurité']['slug']
    assert hostvars['snyk_web']['orgaccess_connection'] == {'group_id': OTHER_GROUP, 'api_url': url + '/snyk'}
    assert hostvars['cisco_xdr_globex']['orgaccess_secret_env'] == {'client_id': 'XDR_1_ID', 'client_secret': 'XDR_1_SECRET'}
    # The name is the platform's (whoami's), not the entry's spelling.
    assert hostvars['cisco_xdr_acme_eu']['orgaccess_org_name'] == 'Acme EU'

    leaked = [name for name, secret in secrets.items() if secret in answer.stdout + answer.stderr]
    assert leaked == []
    # The group took more than one page to read, and every request of the listing was a read.
    group_reads = [entry for entry in sandbox_admin.log(platform='snyk') if entry['path'].endswith('/groups/%s/orgs' % OTHER_GROUP)]
    assert len(group_reads) == 1  # 5 orgs fit a page of 100: see the paging of the sandbox's own group below
    assert sandbox_admin.writes() == 0


def test_inventory_pages_through_a_large_group_and_fails_naming_the_missing_credential(sandbox, sandbox_admin, tmp_path):
    url = sandbox.url
    sandbox_admin.add_orgs('snyk', [{'name': 'Org %03d' % number} for number in range(120)])
    config = {'plugin': 'orgaccess.onboarding.orgs',
              'sources': [{'platform': 'snyk', 'group_id': '22222222-2222-4222-8222-222222222222', 'api_url': url + '/snyk'}]}
    path = tmp_path / 'orgs.yml'
    path.write_text(yaml.safe_dump(config))
    answer = inventory_list(path, {'SNYK_TOKEN': 'sandbox-snyk-token'})
    assert answer.returncode == 0, answer.stderr
    assert len(plain(json.loads(answer.stdout))['snyk']['hosts']) == 121
    assert len([entry for entry in sandbox_admin.log(platform='snyk') if entry['path'].endswith('/orgs')]) == 2

    failed = inventory_list(path, {'SNYK_TOKEN': '', 'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'true'})
    assert failed.returncode != 0
    assert 'sources[0]: snyk: the credentials to read the organisations are missing: api_token (set SNYK_TOKEN)' in failed.stderr
