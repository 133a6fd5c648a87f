# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The onboard role and the onboard, offboard and audit playbooks, through ansible-runner against the sandbox."""

from __future__ import annotations

import json
import os
import stat

import yaml

from platforms import CREDENTIALS, PLATFORMS, ROLES, pending_by_email, write_requests
from playbook_runner import COLLECTIONS_PATH
from test_bad_input import ENVIRONMENT
from test_org_user import OWNER, OWNER_ROLE, members

PLAYBOOKS = os.path.join(COLLECTIONS_PATH, 'ansible_collections', 'orgaccess', 'onboarding', 'playbooks')
ONBOARD = os.path.join(PLAYBOOKS, 'onboard.yml')


# The role's tasks whose results the tests read.
OUTCOME = 'Merge what was done into one outcome per person and organisation'
PLAN_USERS = 'Plan the members of each organisation (check mode, nothing is written)'
VALIDATE = 'Read and validate the whole roster before touching any organisation'
REFUSED = 'Stop before any write when an organisation refused its plan'
FAILED = "Fail when an organisation or someone's access failed"
TEAM_IDS = {'Platform': '55555555-5555-4555-8555-000000000001', 'AppSec': '55555555-5555-4555-8555-000000000002'}
NOTHING = {'invited': 0, 'renewed': 0, 'updated': 0, 'removed': 0, 'unchanged': 0, 'failed': 0}


def settings(admin, credentials=None):
    """onboard_platforms for the sandbox behind ``admin``: every platform, with its URLs and credentials."""
    urls = admin.platform_urls()
    return dict((platform, dict(urls[platform], **(credentials or CREDENTIALS)[platform])) for platform in PLATFORMS)


def onboard(run_playbook, admin, playbook=ONBOARD, check=False, diff=False, **variables):
    variables.setdefault('onboard_platforms', settings(admin))
    return run_playbook(playbook, extravars=variables, check=check, diff=diff, envvars=ENVIRONMENT)


def outcome_of(run):
    return run.result(OUTCOME)['ansible_facts']['onboard_outcome']


def summaries(outcome):
    return dict((host, found['summary']) for host, found in outcome['organizations'].items())


def counts(**numbers):
    return dict(NOTHING, **numbers)


def actions(outcome):
    """``{email: {platform: action}}``."""
    return dict((person['email'], dict((host, found['action']) for host, found in person['organizations'].items()))
                for person in outcome['people'])


def everywhere(action):
    return dict((platform, action) for platform in PLATFORMS)


def seed_everywhere(admin, members_of=(), invites_of=()):
    """``members_of``/``invites_of``: ``(email, role kind)``; the same people on every platform."""
    for platform in PLATFORMS:
        if members_of:
            admin.seed_members(platform, [{'email': email, 'role': ROLES[platform][kind]} for email, kind in members_of])
        if invites_of:
            admin.seed_invites(platform, [{'email': email, 'role': ROLES[platform][kind]} for email, kind in invites_of])


def access(kind, teams=None):
    """Per-platform access with one role kind; ``teams`` (text) goes to CybeDefend."""
    found = dict((platform, ROLES[platform][kind]) for platform in PLATFORMS)
    if teams:
        found['cybedefend'] = {'role': ROLES['cybedefend'][kind], 'teams': teams}
    return found


def writes(admin):
    return dict((platform, write_requests(admin, platform)) for platform in PLATFORMS)


def teams_invited(admin, email):
    """The team assignments CybeDefend holds on the pending invitation of ``email``."""
    for invitation in admin.state('cybedefend')['invitations']:
        if invitation['email'] == email and invitation['status'] == 'PENDING':
            return sorted((assignment['teamId'], assignment['role']) for assignment in invitation['teamAssignments'])
    raise AssertionError('no pending invitation for %s' % email)


ROSTER = [
    {'email': 'ada@example.com', 'name': 'Ada Lovelace', 'access': access('elevated', teams='Platform:team_manager')},
    {'email': 'Dana@Example.com', 'name': 'Dana Member', 'access': access('elevated')},
    {'email': 'eli@example.com', 'access': access('basic')},
    {'email': 'bo@example.com', 'access': {'snyk': ROLES['snyk']['basic']}},
    {'email': 'mallory@example.com', 'state': 'absent'},
]


def seed_roster_state(admin):
    """Dana and Mallory are members, Eli has a pending invitation, on every platform."""
    seed_everywhere(admin, members_of=[('dana@example.com', 'basic'), ('mallory@example.com', 'basic')],
                    invites_of=[('eli@example.com', 'basic')])


def test_inline_roster_onboards_every_platform_reports_it_then_a_second_run_changes_nothing(run_playbook, sandbox_admin, tmp_path):
    # Distinctive credentials, to look for them in everything the runs leave behind.
    secrets = {'cisco_xdr': 'XDR-SECRET-d41d8cd98f', 'snyk': 'SNYK-TOKEN-9e107d9d37', 'cybedefend': 'CYBE-PAT-e4d909c290'}
    credentials = {'cisco_xdr': dict(CREDENTIALS['cisco_xdr'], client_secret=secrets['cisco_xdr']),
                   'snyk': dict(CREDENTIALS['snyk'], api_token=secrets['snyk']),
                   'cybedefend': dict(CREDENTIALS['cybedefend'], api_token=secrets['cybedefend'])}
    sandbox_admin.set_credentials('cisco_xdr', client_secret=secrets['cisco_xdr'])
    sandbox_admin.set_credentials('snyk', token=secrets['snyk'])
    sandbox_admin.set_credentials('cybedefend', pat=secrets['cybedefend'])
    seed_roster_state(sandbox_admin)
    markdown, as_json = tmp_path / 'report.md', tmp_path / 'report.JSON'

    first = onboard(run_playbook, sandbox_admin, diff=True, onboard_platforms=settings(sandbox_admin, credentials), onboard_people=ROSTER,
                    onboard_report_path=str(markdown)).assert_ok()
    outcome = outcome_of(first)
    assert summaries(outcome) == {
        'cisco_xdr': counts(invited=1, updated=1, unchanged=1, removed=1),
        'snyk': counts(invited=2, updated=1, unchanged=1, removed=1),
        'cybedefend': counts(invited=1, updated=1, unchanged=1, removed=1),
    }
    # Only the roster's people: members it does not name (the credentials' own identity) are left alone.
    assert actions(outcome) == {
        'ada@example.com': everywhere('invited'),
        'Dana@Example.com': everywhere('updated'),
        'eli@example.com': everywhere('unchanged'),
        'bo@example.com': {'snyk': 'invited'},
        'mallory@example.com': everywhere('removed'),
    }
    for platform in PLATFORMS:
        current = members(sandbox_admin, platform)
        assert current['dana@example.com'][0] == ROLES[platform]['elevated']
        assert current[OWNER][0] == OWNER_ROLE[platform]
        assert pending_by_email(sandbox_admin, platform)['ada@example.com'] == 1
    # Cisco XDR cannot delete users: Mallory is disabled there, removed elsewhere.
    assert members(sandbox_admin, 'cisco_xdr')['mallory@example.com'] == ('user', False)
    assert 'mallory@example.com' not in members(sandbox_admin, 'snyk')
    assert 'mallory@example.com' not in members(sandbox_admin, 'cybedefend')
    assert teams_invited(sandbox_admin, 'ada@example.com') == [(TEAM_IDS['Platform'], 'team_manager')]
    assert set(pending_by_email(sandbox_admin, 'snyk')) == {'ada@example.com', 'bo@example.com', 'eli@example.com'}
    text = markdown.read_text(encoding='utf-8')
    assert stat.S_IMODE(os.stat(markdown).st_mode) == 0o600
    assert '| cisco_xdr | cisco_xdr | cisco_xdr | 1 | 0 | 1 | 1 | 1 | 0 |' in text
    assert '| snyk | snyk | snyk | 2 | 0 | 1 | 1 | 1 | 0 |' in text
    assert ('| ada@example.com | Ada Lovelace | present | invited (admin) | invited (Org Admin) | invited (manager; Platform:team_manager) |'
            in text)
    assert '| bo@example.com |  | present | - | invited (Org Collaborator) | - |' in text
    assert '| mallory@example.com |  | absent | removed (user) | removed (Org Collaborator) | removed (member) |' in text
    done = writes(sandbox_admin)

    again = onboard(run_playbook, sandbox_admin, onboard_platforms=settings(sandbox_admin, credentials), onboard_people=ROSTER,
                    onboard_report_path=str(as_json)).assert_ok()
    assert again.changed_tasks == []
    assert writes(sandbox_admin) == done
    report = json.loads(as_json.read_text(encoding='utf-8'))
    assert report == outcome_of(again)
    assert summaries(report) == {'cisco_xdr': counts(unchanged=4), 'snyk': counts(unchanged=5), 'cybedefend': counts(unchanged=4)}
    assert report['check_mode'] is False and report['errors'] == [] and report['failures'] == []
    assert report['people'][0] == {
        'email': 'ada@example.com', 'name': 'Ada Lovelace', 'state': 'present', 'row': 'onboard_people[0]', 'in_roster': True,
        'organizations': {
            'cisco_xdr': {'platform': 'cisco_xdr', 'action': 'unchanged', 'role': 'admin', 'teams': None, 'user_action': 'not_found',
                          'invite_action': 'unchanged'},
            'snyk': {'platform': 'snyk', 'action': 'unchanged', 'role': 'Org Admin', 'teams': None, 'user_action': 'not_found',
                     'invite_action': 'unchanged'},
            'cybedefend': {'platform': 'cybedefend', 'action': 'unchanged', 'role': 'manager',
                           'teams': [{'team': 'Platform', 'role': 'team_manager'}], 'user_action': 'not_found', 'invite_action': 'unchanged'}}}

    tokens = [invitation['token'] for invitation in sandbox_admin.state('cybedefend')['invitations']]
    assert tokens
    written = text + as_json.read_text(encoding='utf-8') + first.artifacts_text() + again.artifacts_text()
    assert [value for value in list(secrets.values()) + tokens if value in written] == []


def test_csv_roster_from_an_hr_export(run_playbook, sandbox_admin, tmp_path):
    sandbox_admin.seed_members('cybedefend', [{'email': 'cy@example.com', 'role': 'member', 'teams': [{'team': 'AppSec', 'role': 'developer'}]}])
    roster = tmp_path / 'hr-export.csv'
    roster.write_text('\ufeffEmail,Name,Department,STATE,cisco_xdr_role,snyk_role,cybedefend_role,cybedefend_teams\n'
                      'ada@example.com,"Lovelace, Ada",R&D,,admin,Org Admin,manager,Platform:team_manager;AppSec:read_only\n'
                      'bo@example.com,Bo,Sales,present,,Org Collaborator,,\n'
                      '\n'
                      'cy@example.com,Cy,R&D,,,,member,Platform:developer\n', encoding='utf-8')

    run = onboard(run_playbook, sandbox_admin, onboard_roster_file=str(roster), onboard_roster_ignore_columns=['department']).assert_ok()
    outcome = outcome_of(run)
    assert actions(outcome) == {'ada@example.com': everywhere('invited'), 'bo@example.com': {'snyk': 'invited'},
                                'cy@example.com': {'cybedefend': 'updated'}}
    assert [(person['name'], person['row']) for person in outcome['people']] == [
        ('Lovelace, Ada', 'hr-export.csv line 2'), ('Bo', 'hr-export.csv line 3'), ('Cy', 'hr-export.csv line 5')]
    assert teams_invited(sandbox_admin, 'ada@example.com') == sorted([(TEAM_IDS['Platform'], 'team_manager'), (TEAM_IDS['AppSec'], 'read_only')])
    assert pending_by_email(sandbox_admin, 'snyk') == {'ada@example.com': 1, 'bo@example.com': 1}
    # Cy's team memberships became exactly the roster's: into Platform, out of AppSec.
    cybedefend = sandbox_admin.state('cybedefend')
    cy_id = next(user['id'] for user in cybedefend['users'] if user['email'] == 'cy@example.com')
    assert dict((team['name'], [member['role'] for member in team['members'] if member['userId'] == cy_id]) for team in cybedefend['teams']) == {
        'Platform': ['developer'], 'AppSec': []}


def test_check_mode_writes_nothing_and_plans_exactly_the_real_run(run_playbook, sandbox_admin, tmp_path):
    seed_roster_state(sandbox_admin)
    sandbox_admin.seed_invites('cisco_xdr', [{'email': 'gus@example.com', 'role': 'user', 'status': 'expired',
                                              'expires_at': '2026-01-05T09:00:00Z'}])
    sandbox_admin.seed_invites('snyk', [{'email': 'bo@example.com', 'role': 'Org Auditor'}])
    # Fay was offboarded from Cisco XDR earlier (disabled); back in the roster, she is enabled again.
    sandbox_admin.seed_members('cisco_xdr', [{'email': 'fay@example.com', 'role': 'user', 'enabled': False}])
    roster = ROSTER + [{'email': 'gus@example.com', 'access': {'cisco_xdr': 'user'}}, {'email': 'fay@example.com', 'access': {'cisco_xdr': 'user'}}]
    plan_path, done_path = tmp_path / 'plan.json', tmp_path / 'done.json'

    planned = onboard(run_playbook, sandbox_admin, check=True, diff=True, onboard_people=roster, onboard_exclusive=True,
                      onboard_report_path=str(plan_path)).assert_ok()
    assert writes(sandbox_admin) == {'cisco_xdr': 0, 'snyk': 0, 'cybedefend': 0}
    plan = json.loads(plan_path.read_text(encoding='utf-8'))
    assert plan['check_mode'] is True
    assert summaries(plan)['cisco_xdr'] == counts(invited=1, renewed=1, updated=2, removed=1, unchanged=2)
    assert actions(plan)['fay@example.com'] == {'cisco_xdr': 'updated'}
    assert members(sandbox_admin, 'cisco_xdr')['fay@example.com'] == ('user', False)
    # --diff shows the plan's before and after.
    snyk_plan = next(result for result in planned.results(PLAN_USERS) if result.host == 'snyk')
    assert snyk_plan['diff']['before']['Dana@Example.com']['role'] == 'Org Collaborator'
    assert snyk_plan['diff']['after']['Dana@Example.com']['role'] == 'Org Admin'

    onboard(run_playbook, sandbox_admin, onboard_people=roster, onboard_exclusive=True, onboard_report_path=str(done_path)).assert_ok()
    done = json.loads(done_path.read_text(encoding='utf-8'))
    assert done['check_mode'] is False
    assert done['people'] == plan['people']
    assert done['organizations'] == plan['organizations']
    assert sum(writes(sandbox_admin).values()) > 0
    assert members(sandbox_admin, 'cisco_xdr')['fay@example.com'] == ('user', True)


def test_offboard_playbook_removes_people_everywhere(run_playbook, sandbox_admin):
    seed_everywhere(sandbox_admin, members_of=[('dana@example.com', 'basic'), ('keep@example.com', 'basic')],
                    invites_of=[('eli@example.com', 'basic')])

    # Each organisation loses 1 of 3 members and 1 of 1 invitation: 2 of 4, above the default cap of 25% (both tasks count
    # against one cap per organisation), so it is raised.
    run = onboard(run_playbook, sandbox_admin, playbook=os.path.join(PLAYBOOKS, 'offboard.yml'),
                  offboard_emails=' Dana@example.com, eli@example.com', onboard_max_removals=2).assert_ok()
    outcome = outcome_of(run)
    assert actions(outcome) == {'Dana@example.com': everywhere('removed'), 'eli@example.com': everywhere('removed')}
    assert summaries(outcome) == dict((platform, counts(removed=2)) for platform in PLATFORMS)
    for platform in PLATFORMS:
        assert 'eli@example.com' not in pending_by_email(sandbox_admin, platform)
        assert 'keep@example.com' in members(sandbox_admin, platform)
    assert members(sandbox_admin, 'cisco_xdr')['dana@example.com'] == ('user', False)
    assert 'dana@example.com' not in members(sandbox_admin, 'snyk')

    refused = onboard(run_playbook, sandbox_admin, playbook=os.path.join(PLAYBOOKS, 'offboard.yml'), offboard_emails=[],
                      onboard_people=ROSTER)
    assert not refused.ok
    assert 'Give offboard_emails' in refused.result('Check what to offboard')['msg']


def test_exclusive_mode_removes_whoever_the_roster_does_not_name(run_playbook, sandbox_admin):
    seed_everywhere(sandbox_admin, members_of=[('dana@example.com', 'basic'), ('zed@example.com', 'basic')],
                    invites_of=[('eli@example.com', 'basic'), ('yan@example.com', 'basic')])
    # Kim is a member of Snyk but the roster gives her Cisco XDR only.
    sandbox_admin.seed_members('snyk', [{'email': 'kim@example.com', 'role': 'Org Collaborator'}])
    roster = [{'email': 'dana@example.com', 'access': access('basic')}, {'email': 'eli@example.com', 'access': access('basic')},
              {'email': 'kim@example.com', 'access': {'cisco_xdr': 'user'}}]

    # Snyk loses 2 of 4 members (zed, kim) and 1 of 2 invitations: above the default cap of 25%, so it is raised.
    run = onboard(run_playbook, sandbox_admin, onboard_people=roster, onboard_exclusive=True, onboard_max_removals='50%').assert_ok()
    outcome = outcome_of(run)
    found = actions(outcome)
    assert found['zed@example.com'] == everywhere('removed')
    assert found['yan@example.com'] == everywhere('removed')
    assert found['kim@example.com'] == {'cisco_xdr': 'invited', 'snyk': 'removed'}
    # The credentials' own identity is kept, and said so.
    assert found[OWNER] == everywhere('unchanged')
    assert sorted(message['organization'] for message in outcome['messages'] if message['email'] == OWNER) == sorted(PLATFORMS)
    assert [person['in_roster'] for person in outcome['people'] if person['email'] in ('zed@example.com', OWNER)] == [False, False]
    assert summaries(outcome)['snyk'] == counts(removed=3, unchanged=3)
    assert members(sandbox_admin, 'cisco_xdr')['zed@example.com'] == ('user', False)
    assert sorted(members(sandbox_admin, 'snyk')) == ['dana@example.com', OWNER]
    assert set(pending_by_email(sandbox_admin, 'cybedefend')) == {'eli@example.com'}


def test_a_bad_roster_row_stops_the_run_before_any_request(run_playbook, sandbox_admin):
    roster = [{'email': 'ada@example.com', 'access': access('basic')},
              {'email': 'bo@example.com', 'access': {'snyk': {'teams': 'Platform:developer'}}}]

    run = onboard(run_playbook, sandbox_admin, onboard_people=roster)
    assert not run.ok
    assert run.result(VALIDATE)['msg'] == ('bad roster, nothing was changed: onboard_people[1] (bo@example.com): access.snyk.role: '
                                           'is required with teams')
    assert sandbox_admin.log() == []


def test_a_role_a_platform_refuses_stops_every_platform_before_any_write(run_playbook, sandbox_admin):
    roster = [{'email': 'ada@example.com', 'access': access('basic')},
              {'email': 'bo@example.com', 'access': {'cisco_xdr': 'user', 'snyk': 'Org Colaborator'}}]

    run = onboard(run_playbook, sandbox_admin, onboard_people=roster)
    assert not run.ok
    assert run.result(REFUSED)['msg'] == (
        "Nothing was changed on any organisation. snyk: onboard_people[1] (bo@example.com), field role: 'Org Colaborator' is not a role "
        'that can be assigned; choose one of: Org Admin, Org Auditor, Org Collaborator')
    assert writes(sandbox_admin) == {'cisco_xdr': 0, 'snyk': 0, 'cybedefend': 0}


def test_items_that_fail_are_reported_and_fail_the_run_at_the_end(run_playbook, sandbox_admin, tmp_path):
    # Every Snyk invitation is answered 500 (outcome unknown), so it is read back and sent again until the engine gives up.
    sandbox_admin.configure(fault_script=[{'match': {'platform': 'snyk', 'method': 'POST', 'path_regex': r'/invites\?'}, 'fault': '500',
                                           'times': 100}])
    report = tmp_path / 'report.json'

    run = onboard(run_playbook, sandbox_admin, onboard_people=[{'email': 'ada@example.com', 'access': access('basic')}],
                  onboard_report_path=str(report))
    assert not run.ok
    assert run.result(FAILED)['msg'].startswith('1 failure(s): snyk ada@example.com: the outcome of the invite stayed unknown')
    outcome = json.loads(report.read_text(encoding='utf-8'))
    assert summaries(outcome) == {'cisco_xdr': counts(invited=1), 'snyk': counts(failed=1), 'cybedefend': counts(invited=1)}
    # The other platforms went ahead.
    assert pending_by_email(sandbox_admin, 'cybedefend') == {'ada@example.com': 1}


def test_module_defaults_for_an_action_group_reach_the_role(run_playbook, sandbox_admin):
    snyk = dict(sandbox_admin.platform_urls()['snyk'], **CREDENTIALS['snyk'])
    # The migration of a play that ran the role on localhost: a play that makes the organisation hosts of
    # onboard_platforms first (tasks_from: platforms), then the role on them.
    platforms = {'onboard_platforms': {'snyk': {}}}
    playbook = [{
        'name': 'Make the organisation hosts',
        'hosts': 'localhost',
        'gather_facts': False,
        'tasks': [{'ansible.builtin.include_role': {'name': 'orgaccess.onboarding.onboard', 'tasks_from': 'platforms'}, 'vars': platforms}],
    }, {
        'name': 'Onboard with the Snyk connection from module_defaults',
        'hosts': 'orgaccess_orgs',
        'gather_facts': False,
        'module_defaults': {'group/orgaccess.onboarding.onboarding': snyk},
        'roles': [{'role': 'orgaccess.onboarding.onboard', 'vars': dict(platforms, onboard_people=[
            {'email': 'ada@example.com', 'access': {'snyk': 'Org Admin'}}])}],
    }]

    run = run_playbook(playbook, envvars=ENVIRONMENT).assert_ok()
    assert summaries(outcome_of(run)) == {'snyk': counts(invited=1)}
    assert pending_by_email(sandbox_admin, 'snyk') == {'ada@example.com': 1}

    playbook[1]['module_defaults'] = {}
    without = run_playbook(playbook, envvars=ENVIRONMENT)
    assert not without.ok
    assert 'api_token: is required (or set SNYK_TOKEN)' in without.result(REFUSED)['msg']


def test_audit_playbook_reports_members_and_invitations_and_changes_nothing(run_playbook, sandbox_admin, tmp_path):
    seed_roster_state(sandbox_admin)
    sandbox_admin.seed_members('cybedefend', [{'email': 'cy@example.com', 'role': 'member', 'teams': [{'team': 'AppSec', 'role': 'developer'}]}])
    report = tmp_path / 'audit.json'

    run = onboard(run_playbook, sandbox_admin, playbook=os.path.join(PLAYBOOKS, 'audit.yml'), onboard_report_path=str(report)).assert_ok()
    assert run.changed_tasks == []
    assert writes(sandbox_admin) == {'cisco_xdr': 0, 'snyk': 0, 'cybedefend': 0}
    audit = json.loads(report.read_text(encoding='utf-8'))['organizations']
    assert dict((platform, found['summary']) for platform, found in audit.items()) == {
        'cisco_xdr': {'members': 3, 'disabled': 0, 'pending_invites': 1},
        'snyk': {'members': 3, 'disabled': 0, 'pending_invites': 1},
        'cybedefend': {'members': 4, 'disabled': 0, 'pending_invites': 1},
    }
    cy = next(member for member in audit['cybedefend']['members'] if member['email'] == 'cy@example.com')
    assert [(team['team'], team['role']) for team in cy['teams']] == [('AppSec', 'developer')]
    assert [invite['email'] for invite in audit['snyk']['invites']] == ['eli@example.com']

    markdown, exported = tmp_path / 'audit.md', tmp_path / 'roster.yaml'
    onboard(run_playbook, sandbox_admin, playbook=os.path.join(PLAYBOOKS, 'audit.yml'), onboard_report_path=str(markdown),
            onboard_export_path=str(exported)).assert_ok()
    text = markdown.read_text(encoding='utf-8')
    assert '| cybedefend | cybedefend | cybedefend | 4 | 0 | 1 |' in text
    assert '| cy@example.com | cy | member |  | AppSec:developer |' in text
    # With onboard_platforms the organisations are named after their platforms, and so is the export's access.
    people = dict((person['email'], person['access']) for person in yaml.safe_load(exported.read_text(encoding='utf-8'))['onboard_people'])
    assert people['eli@example.com'] == access('basic')
    assert people['cy@example.com'] == {'cybedefend': {'role': 'member', 'teams': [{'team': 'AppSec', 'role': 'developer'}]}}
    plan = onboard(run_playbook, sandbox_admin, check=True, onboard_roster_file=str(exported)).assert_ok()
    assert summaries(outcome_of(plan)) == dict((platform, counts(unchanged=len([who for who in people.values() if platform in who])))
                                               for platform in PLATFORMS)
    assert writes(sandbox_admin) == {'cisco_xdr': 0, 'snyk': 0, 'cybedefend': 0}
