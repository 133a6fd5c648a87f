# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One token, many forks, no stampede: 25 organization hosts of one Snyk group run org_invite at once (forks 25),
all on one Snyk token.

The sandbox limits the token to RATE_LIMIT requests per minute (rate_limit_per_token), the modules keep
the same budget (request_budget), and the hosts together send more than a minute's worth, so without a
budget shared across the forks' processes many requests would be refused with 429. The assertions
are counts from the sandbox's request log: 429s stay under 1% of the requests, and everyone is
invited once, in their own organization.
"""

from __future__ import annotations

from platforms import ROLES, connection, people

HOSTS = 25
PEOPLE_PER_HOST = 6
RATE_LIMIT = 240  # requests per minute, the sandbox's limit on the token and the modules' budget


def org_hosts_play(admin, orgs, request_budget):
    snyk = dict(connection('snyk', admin), request_budget=request_budget, org_id='{{ org_id }}')
    return [
        {'name': 'one host per organization', 'hosts': 'localhost', 'gather_facts': False, 'tasks': [
            {'name': 'add the hosts', 'ansible.builtin.add_host': {
                'name': '{{ item.name }}', 'groups': 'snyk_orgs', 'org_id': '{{ item.id }}', 'ansible_connection': 'local',
                'ansible_python_interpreter': '{{ ansible_playbook_python }}'},
             'loop': [{'name': org['name'], 'id': org['id']} for org in orgs]},
        ]},
        {'name': 'every organization invites its people, on the one token', 'hosts': 'snyk_orgs', 'gather_facts': False,
         'tasks': [{'name': 'invite', 'orgaccess.onboarding.org_invite': dict(snyk, invites='{{ invites[inventory_hostname] }}')}]},
    ]


def pending_emails(admin, org_id):
    invites = admin.state('snyk', org=org_id)['invites']
    return sorted(invite['email'] for invite in invites if str(invite.get('status')).lower() == 'pending')


def test_25_forks_on_one_token_stay_within_its_budget(sandbox_admin, run_playbook, tmp_path):
    orgs = sandbox_admin.add_orgs('snyk', [{'name': 'org%02d' % number} for number in range(HOSTS)])
    sandbox_admin.configure(rate_limit_per_token={'requests': RATE_LIMIT, 'per_seconds': 60})
    invites = dict((org['name'], people(PEOPLE_PER_HOST, ROLES['snyk']['basic'], prefix=org['name'] + '-')) for org in orgs)
    run = run_playbook(org_hosts_play(sandbox_admin, orgs, RATE_LIMIT), extravars={'invites': invites},
                       envvars={'ANSIBLE_FORKS': str(HOSTS), 'ORGACCESS_BUDGET_DIR': str(tmp_path / 'budget')})
    run.assert_ok()

    log = sandbox_admin.log(platform='snyk')
    refused = sum(1 for entry in log if entry['status'] == 429)
    print('%d requests from %d hosts on one token, %d refused with 429' % (len(log), HOSTS, refused))
    assert len(set(entry['principal'] for entry in log)) == 1
    assert len(log) > RATE_LIMIT, 'the hosts must send more than a minute of the budget, or nothing is shown'
    assert refused < 0.01 * len(log)
    for org in orgs:
        assert pending_emails(sandbox_admin, org['id']) == sorted(item['email'] for item in invites[org['name']])
