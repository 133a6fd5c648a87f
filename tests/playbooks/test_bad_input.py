# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bad-input corpus: every module and the onboard role refuse bad input, naming the field (and the item
or row), before anything is written.

Each case is one row of CASES: what to run, with which arguments, and the words its failure message must
hold. The cases of a group run as the tasks of one playbook (a module case fails on its own with
ignore_errors; a role case runs the role in a block whose rescue reports the failure); afterwards the
sandbox's request log must hold no write request at all.
"""

from __future__ import annotations

import collections

import pytest

from platforms import connection, people, play

# Replaces an option's value to leave the option out (a missing credential).
OMIT = object()

# Environment variables the modules fall back to: emptied, so that a developer's own never fills a gap.
CREDENTIAL_VARIABLES = ('CISCO_XDR_CLIENT_ID', 'CISCO_XDR_CLIENT_PASSWORD', 'CISCO_XDR_CLIENT_SECRET', 'CISCO_XDR_REGION',
                        'CISCO_XDR_API_URL', 'SNYK_TOKEN', 'SNYK_ORG_ID', 'SNYK_REGION', 'SNYK_API_URL', 'SNYK_GROUP_ID',
                        'SNYK_API_VERSION', 'CYBEDEFEND_PAT', 'CYBEDEFEND_ORG_ID', 'CYBEDEFEND_REGION', 'CYBEDEFEND_API_URL',
                        'CYBEDEFEND_AUTH_URL', 'CYBEDEFEND_CLIENT_ID')

# ansible-runner drops a result larger than MAX_EVENT_RES characters from its events; the oversized list's is.
ENVIRONMENT = dict(dict((name, '') for name in CREDENTIAL_VARIABLES), MAX_EVENT_RES='20000000')

Case = collections.namedtuple('Case', 'name target platform args expect')

SNYK_MEMBER, CYBEDEFEND_MEMBER = 'Org Collaborator', 'member'


def invites(*items):
    return {'invites': list(items)}


def users(*items):
    return {'users': list(items)}


def person(email, role=None, **more):
    """One item of invites or users; without a role when ``role`` is None."""
    item = dict(more, email=email)
    if role is not None:
        item['role'] = role
    return item


CSV_WITHOUT_EMAIL = 'name,snyk_role\nAna,Org Collaborator\n'
CSV_UNKNOWN_COLUMN = 'email,snyk_role,shoe_size\nana@example.com,Org Collaborator,42\n'
CSV_BAD_DATE = 'email,snyk_role,snyk_until\nana@example.com,Org Collaborator,31/01/2027\n'
OVERSIZED = people(10001, 'user')

CASES = [
    # org_invite: emails
    Case('malformed email', 'org_invite', 'cisco_xdr', invites(person('ana@example.com', 'user'), person('not-an-email', 'user')),
         ('invites[1].email', 'not-an-email')),
    Case('empty email', 'org_invite', 'snyk', invites(person('', SNYK_MEMBER)), ('invites[0].email', 'required')),
    Case('two at signs', 'org_invite', 'cybedefend', invites(person('ana@@example.com', CYBEDEFEND_MEMBER)), ('invites[0].email',)),
    Case('blank single email', 'org_invite', 'snyk', {'email': '   ', 'role': SNYK_MEMBER}, ('email', 'required')),
    Case('email without domain dot', 'org_invite', 'cisco_xdr', {'email': 'ana@localhost', 'role': 'user'}, ('email', 'ana@localhost')),
    # org_invite: roles and teams
    Case('unknown Cisco role', 'org_invite', 'cisco_xdr', invites(person('ana@example.com', 'superuser')),
         ('invites[0].role', 'superuser', 'admin, user')),
    Case('unknown Snyk role', 'org_invite', 'snyk', invites(person('ana@example.com', SNYK_MEMBER), person('bo@example.com', 'Org Owner')),
         ('invites[1].role', 'Org Owner')),
    Case('unknown CybeDefend role', 'org_invite', 'cybedefend', invites(person('ana@example.com', 'owner')),
         ('invites[0].role', 'owner')),
    Case('missing role', 'org_invite', 'snyk', invites(person('ana@example.com')), ('invites[0].role', 'required')),
    Case('unknown team', 'org_invite', 'cybedefend',
         invites(person('ana@example.com', CYBEDEFEND_MEMBER, teams=[{'team': 'Payments', 'role': 'developer'}])),
         ('invites[0].teams[0].team', 'Payments')),
    Case('unknown team role', 'org_invite', 'cybedefend',
         invites(person('ana@example.com', CYBEDEFEND_MEMBER, teams=[{'team': 'Platform', 'role': 'boss'}])),
         ('invites[0].teams[0].role', 'boss')),
    Case('teams where the platform has none', 'org_invite', 'snyk',
         invites(person('ana@example.com', SNYK_MEMBER, teams=[{'team': 'Platform', 'role': 'developer'}])),
         ('invites[0].teams', 'no teams')),
    Case('duplicate person with conflicting roles', 'org_invite', 'cisco_xdr',
         invites(person('ana@example.com', 'user'), person('ANA@example.com ', 'admin')),
         ('invites[1].email', 'invites[0]')),
    # org_invite: option types and combinations
    Case('item that is not a mapping', 'org_invite', 'snyk', {'invites': [5]}, ('invites', "'5'")),
    Case('concurrency not a number', 'org_invite', 'snyk', {'email': 'ana@example.com', 'role': SNYK_MEMBER, 'concurrency': 'many'},
         ('concurrency',)),
    Case('concurrency above the limit', 'org_invite', 'cybedefend', {'email': 'ana@example.com', 'role': CYBEDEFEND_MEMBER, 'concurrency': 17},
         ('concurrency', 'between 1 and 16')),
    Case('timeout zero', 'org_invite', 'cisco_xdr', {'email': 'ana@example.com', 'role': 'user', 'timeout': 0}, ('timeout',)),
    Case('negative retries', 'org_invite', 'snyk', {'email': 'ana@example.com', 'role': SNYK_MEMBER, 'retries': -1}, ('retries',)),
    Case('email and invites together', 'org_invite', 'snyk',
         dict(invites(person('ana@example.com', SNYK_MEMBER)), email='bo@example.com'), ('email', 'invites')),
    Case('neither email nor invites', 'org_invite', 'cisco_xdr', {'role': 'user'}, ('email', 'invites')),
    Case('exclusive without invites', 'org_invite', 'cisco_xdr', {'email': 'ana@example.com', 'role': 'user', 'exclusive': True},
         ('exclusive',)),
    Case('unknown state', 'org_invite', 'cisco_xdr', {'email': 'ana@example.com', 'role': 'user', 'state': 'gone'}, ('state', 'gone')),
    Case('unknown state of an item', 'org_invite', 'snyk', invites(person('ana@example.com', SNYK_MEMBER, state='gone')),
         ('state', 'gone', 'invites')),
    Case('item without an email', 'org_invite', 'snyk', invites({'role': SNYK_MEMBER}), ('email', 'invites')),
    Case('unknown option of an item', 'org_invite', 'cisco_xdr', invites(person('ana@example.com', 'user', name='Ana')),
         ('invites', 'name')),
    Case('unknown platform', 'org_invite', 'snyk', {'platform': 'github', 'email': 'ana@example.com', 'role': SNYK_MEMBER},
         ('platform', 'github')),
    Case('oversized list', 'org_invite', 'cisco_xdr', {'invites': OVERSIZED}, ('invites', '10001')),
    # Connections: credentials, regions, URLs, ids
    Case('missing client secret', 'org_invite', 'cisco_xdr', {'email': 'ana@example.com', 'role': 'user', 'client_secret': OMIT},
         ('client_secret', 'CISCO_XDR_CLIENT_PASSWORD')),
    Case('missing Snyk token', 'invite_info', 'snyk', {'api_token': OMIT}, ('api_token', 'SNYK_TOKEN')),
    Case('missing CybeDefend org', 'org_invite', 'cybedefend', {'email': 'ana@example.com', 'role': CYBEDEFEND_MEMBER, 'org_id': OMIT},
         ('org_id', 'CYBEDEFEND_ORG_ID')),
    Case('wrong Cisco client secret', 'org_invite', 'cisco_xdr', {'email': 'ana@example.com', 'role': 'user', 'client_secret': 'wrong'},
         ('client_secret',)),
    Case('wrong Snyk token', 'org_invite', 'snyk', {'email': 'ana@example.com', 'role': SNYK_MEMBER, 'api_token': 'wrong-token'},
         ('api_token',)),
    Case('wrong CybeDefend token', 'invite_info', 'cybedefend', {'api_token': 'pat_wrong'}, ('api_token',)),
    Case('unknown Cisco region', 'invite_info', 'cisco_xdr', {'api_url': OMIT, 'region': 'mars'}, ('region', 'mars')),
    Case('unknown Snyk region', 'org_invite', 'snyk', {'email': 'ana@example.com', 'role': SNYK_MEMBER, 'api_url': OMIT, 'region': 'SNYK-MARS-01'},
         ('region', 'SNYK-MARS-01')),
    Case('unknown CybeDefend region', 'invite_info', 'cybedefend', {'api_url': OMIT, 'auth_url': OMIT, 'region': 'apac'}, ('region', 'apac')),
    Case('plain http to a remote API', 'org_invite', 'snyk', {'email': 'ana@example.com', 'role': SNYK_MEMBER, 'api_url': 'http://api.snyk.io'},
         ('api_url', 'http')),
    Case('plain http to a remote auth server', 'invite_info', 'cybedefend', {'auth_url': 'http://auth-eu.cybedefend.com'},
         ('auth_url', 'http')),
    Case('API URL that is no URL', 'invite_info', 'cisco_xdr', {'api_url': 'visibility.amp.cisco.com'}, ('api_url',)),
    Case('non-UUID Snyk organisation', 'org_invite', 'snyk', {'email': 'ana@example.com', 'role': SNYK_MEMBER, 'org_id': 'my-org'},
         ('org_id', 'my-org')),
    Case('non-UUID CybeDefend organisation', 'invite_info', 'cybedefend', {'org_id': '33333333'}, ('org_id', '33333333')),
    Case('non-UUID Snyk group', 'invite_info', 'snyk', {'group_id': 'group-1'}, ('group_id', 'group-1')),
    Case('Snyk API version not a date', 'invite_info', 'snyk', {'api_version': 'latest'}, ('api_version', 'latest')),
    # invite_info
    Case('invite_info unknown role filter', 'invite_info', 'snyk', {'role': 'Org Owner'}, ('role', 'Org Owner')),
    Case('invite_info flag not a boolean', 'invite_info', 'cisco_xdr', {'include_roles': 'perhaps'}, ('include_roles',)),
    # org_user and org_user_info
    Case('org_user malformed email', 'org_user', 'snyk', users(person('owner@example.com', 'Org Admin'), person('ana.example.com', SNYK_MEMBER)),
         ('users[1].email', 'ana.example.com')),
    Case('org_user unknown role', 'org_user', 'cisco_xdr', users(person('owner@example.com', 'root')), ('users[0].role', 'root')),
    Case('org_user duplicate with conflicting roles', 'org_user', 'cybedefend',
         users(person('ana@example.com', 'member'), person('Ana@Example.com', 'manager')), ('users[1]', 'users[0]')),
    Case('org_user unknown team', 'org_user', 'cybedefend',
         users(person('owner@example.com', teams=[{'team': 'Nobody', 'role': 'developer'}])), ('users[0].teams[0].team', 'Nobody')),
    Case('org_user enabled where users cannot be disabled', 'org_user', 'snyk', users(person('owner@example.com', enabled=False)),
         ('users[0].enabled',)),
    Case('org_user_info user ids not a list of text', 'org_user_info', 'cisco_xdr', {'user_ids': {'id': 1}}, ('user_ids',)),
    Case('org_user_info unknown role', 'org_user_info', 'snyk', {'role': 'Org Owner'}, ('role', 'Org Owner')),
    # The onboard role
    Case('roster row with a malformed email', 'role', 'snyk',
         {'onboard_people': [{'email': 'ana@example.com', 'access': {'snyk': SNYK_MEMBER}},
                             {'email': 'bo@', 'access': {'snyk': SNYK_MEMBER}}]},
         ('onboard_people[1]', 'email')),
    Case('roster row with an unknown role', 'role', 'snyk', {'onboard_people': [{'email': 'ana@example.com', 'access': {'snyk': 'Org Owner'}}]},
         ('onboard_people[0]', 'role', 'Org Owner')),
    Case('roster CSV without the email column', 'role', 'snyk', {'csv': CSV_WITHOUT_EMAIL}, ('line 1', 'email column')),
    Case('roster CSV with an unknown column', 'role', 'snyk', {'csv': CSV_UNKNOWN_COLUMN}, ('line 1', 'shoe_size')),
    Case('roster naming an unmanaged platform', 'role', 'snyk',
         {'onboard_people': [{'email': 'ana@example.com', 'access': {'gitlab': 'developer'}}]}, ('onboard_people[0]', 'gitlab')),
    Case('misspelt platform in onboard_platforms', 'role', 'snyk',
         {'onboard_platforms': {'synk': {}}, 'onboard_people': [{'email': 'ana@example.com', 'access': {'snyk': SNYK_MEMBER}}]},
         ('onboard_platforms', 'synk', 'cisco_xdr, cybedefend, snyk')),
    Case('misspelt platform in onboard_platforms of the audit', 'role', 'snyk', {'onboard_platforms': {'cybedefense': {}}, 'tasks_from': 'audit'},
         ('onboard_platforms', 'cybedefense', 'cisco_xdr, cybedefend, snyk')),
    Case('roster naming an unknown profile', 'role', 'snyk',
         {'onboard_profiles': {'appsec': {'snyk': SNYK_MEMBER}}, 'onboard_people': [{'email': 'ana@example.com', 'profiles': ['appsc']}]},
         ('onboard_people[0]', 'profiles[0]', "unknown profile 'appsc'")),
    Case('roster access naming an unknown organisation or group', 'role', 'snyk',
         {'onboard_people': [{'email': 'ana@example.com', 'access': {'snyk_payments': SNYK_MEMBER}}]},
         ('onboard_people[0]', 'access', "'snyk_payments' is not a platform")),
    Case('roster profiles that conflict', 'role', 'snyk',
         {'onboard_profiles': {'one': {'snyk': SNYK_MEMBER}, 'two': {'snyk': 'Org Admin'}},
          'onboard_people': [{'email': 'ana@example.com', 'profiles': ['one', 'two']}]},
         ('onboard_people[0]', 'onboard_profiles.one.snyk', 'onboard_profiles.two.snyk', 'at the same level')),
    Case('roster date-time without a zone', 'role', 'snyk',
         {'onboard_people': [{'email': 'ana@example.com', 'access': {'snyk': {'role': SNYK_MEMBER, 'until': '2027-01-31T17:00:00'}}}]},
         ('onboard_people[0]', 'access.snyk.until', "'2027-01-31T17:00:00' has no time zone")),
    Case('roster from after until', 'role', 'snyk',
         {'onboard_people': [{'email': 'ana@example.com', 'from': '2027-02-01', 'until': '2027-01-31', 'access': {'snyk': SNYK_MEMBER}}]},
         ('onboard_people[0]', 'from: 2027-02-01 is after until 2027-01-31')),
    Case('roster CSV with a date that is no date', 'role', 'snyk', {'csv': CSV_BAD_DATE}, ('line 2', 'column snyk_until', "'31/01/2027'")),
    Case('onboard_now that is no date', 'role', 'snyk',
         {'onboard_now': 'tomorrow', 'onboard_people': [{'email': 'ana@example.com', 'access': {'snyk': SNYK_MEMBER}}]},
         ('now', "'tomorrow' is not a date")),
    Case('negative onboard_expiring_within_days', 'role', 'snyk',
         {'onboard_expiring_within_days': -1, 'onboard_people': [{'email': 'ana@example.com', 'access': {'snyk': SNYK_MEMBER}}]},
         ('expiring_within_days', 'must be 0 or more')),
]

# Cases whose expected words must all be on the first line of the failure message: what a person reads first
# (ansible's own argument validation puts "Validation of arguments failed:" there, and a dump after it).
FIRST_LINE_CASES = ('misspelt platform in onboard_platforms', 'misspelt platform in onboard_platforms of the audit')

GROUPS = {
    'org_invite': ('org_invite',),
    'info and users': ('invite_info', 'org_user', 'org_user_info'),
    'role': ('role',),
}


def module_task(case, admin):
    args = dict(connection(case.platform, admin))
    args.update(case.args)
    args = dict((key, value) for key, value in args.items() if value is not OMIT)
    return {'name': case.name, 'orgaccess.onboarding.' + case.target: args, 'ignore_errors': True}


def role_task(case, admin, tmp_path):
    platform_settings = dict((key, value) for key, value in connection(case.platform, admin).items() if key != 'platform')
    variables = {'onboard_platforms': {case.platform: platform_settings}}
    roster = dict(case.args)
    if 'csv' in roster:
        path = tmp_path / ('%s.csv' % case.name.replace(' ', '_'))
        path.write_text(roster.pop('csv'), encoding='utf-8')
        roster['onboard_roster_file'] = str(path)
    include = {'name': 'orgaccess.onboarding.onboard'}
    if 'tasks_from' in roster:
        include['tasks_from'] = roster.pop('tasks_from')
    variables.update(roster)
    # localhost plays the organisation host the playbooks make of onboard_platforms (tasks/platforms.yml).
    as_organisation = {'name': 'localhost is the %s organisation for %s' % (case.platform, case.name), 'ansible.builtin.set_fact': {
        'orgaccess_platform': case.platform, 'orgaccess_connection_from': 'onboard_platforms'}}
    return {'name': 'run the role: %s' % case.name,
            'block': [as_organisation, {'name': 'onboard for %s' % case.name, 'ansible.builtin.include_role': include, 'vars': variables}],
            'rescue': [{'name': case.name, 'ansible.builtin.debug': {'msg': '{{ ansible_failed_result.msg }}'}}]}


def failure_message(run, case):
    result = run.result(case.name)
    if case.target == 'role':
        return result['msg']
    assert result.failed, '%s did not fail: %s' % (case.name, result.res)
    return result['msg']


def test_the_corpus_has_at_least_forty_cases_with_unique_names():
    assert len(CASES) >= 40
    assert len(set(case.name for case in CASES)) == len(CASES)
    assert set(FIRST_LINE_CASES) <= set(case.name for case in CASES)
    assert set(case.target for case in CASES) == set(target for targets in GROUPS.values() for target in targets)


@pytest.mark.parametrize('group', sorted(GROUPS))
def test_bad_input_fails_naming_the_field_and_writes_nothing(run_playbook, sandbox_admin, tmp_path, group):
    cases = [case for case in CASES if case.target in GROUPS[group]]
    tasks = [role_task(case, sandbox_admin, tmp_path) if case.target == 'role' else module_task(case, sandbox_admin) for case in cases]
    run = run_playbook(play(*tasks), envvars=ENVIRONMENT)

    problems = []
    for case in cases:
        message = failure_message(run, case)
        if case.name in FIRST_LINE_CASES:
            message = message.splitlines()[0]
        missing = [word for word in case.expect if word not in message]
        if missing:
            problems.append('%s: %r lacks %r' % (case.name, message, missing))
    assert not problems, '\n'.join(problems)
    assert sandbox_admin.log(kind='write') == []
