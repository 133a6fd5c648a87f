# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""org_user and org_user_info through real playbooks (ansible-runner) against the sandbox, on every platform."""

from __future__ import annotations

import pytest

from platforms import PLATFORMS, ROLES, assert_no_writes, connection, play, write_requests
from test_org_invite import FAULTS

TASK = 'Apply the users'
INFO = 'Read the users'
OWNER = 'owner@example.com'  # the identity the sandbox's credentials belong to, on every platform
OWNER_ROLE = {'cisco_xdr': 'admin', 'snyk': 'Org Admin', 'cybedefend': 'administrator'}
# Members per page as the sandbox serves them: Cisco caps the adapter's 100 at 50 (cisco_search_limit_cap).
PAGE = {'cisco_xdr': 50, 'snyk': 100, 'cybedefend': 20}
# What state: absent does to a member: Cisco XDR cannot delete users, it disables them.
RETIRED = {'cisco_xdr': 'disabled', 'snyk': 'removed', 'cybedefend': 'removed'}


def run_users(run_playbook, admin, platform, check=False, diff=False, **args):
    """One org_user task; returns the run and the task's result."""
    task = {'name': TASK, 'orgaccess.onboarding.org_user': dict(connection(platform, admin), **args), 'register': 'result'}
    run = run_playbook(play(task), check=check, diff=diff)
    return run, run.result(TASK)


def read_users(run_playbook, admin, platform, **args):
    task = {'name': INFO, 'orgaccess.onboarding.org_user_info': dict(connection(platform, admin), **args), 'register': 'result'}
    run = run_playbook(play(task)).assert_ok()
    return run.result(INFO)['users']


def seed(admin, platform, count, role_kind='basic', prefix='member'):
    """``count`` members with distinct emails and one role; returns their emails."""
    emails = ['%s%04d@example.com' % (prefix, number) for number in range(count)]
    admin.seed_members(platform, [{'email': email, 'role': ROLES[platform][role_kind]} for email in emails])
    return emails


def members(admin, platform):
    """``{email (lower case): (role name, enabled)}`` from the sandbox's own state; ``enabled`` None where there is no flag."""
    state = admin.state(platform)
    if platform == 'snyk':
        return dict((item['relationships']['user']['data']['attributes']['email'].lower(),
                     (item['relationships']['role']['data']['attributes']['name'], None)) for item in state['memberships'])
    if platform == 'cisco_xdr':
        return dict((user['user-email'].lower(), (user['role'], user['enabled?'])) for user in state['users'])
    return dict((user['email'].lower(), (user['role'], None)) for user in state['users'])


def outline(result):
    return [(item['email'], item['action'], item['role']) for item in result['users']]


@pytest.mark.parametrize('platform', PLATFORMS)
def test_role_change_then_nothing_to_do(run_playbook, sandbox_admin, platform):
    roles = ROLES[platform]
    emails = seed(sandbox_admin, platform, 3)
    users = [{'email': emails[0].upper(), 'role': roles['elevated']}, {'email': emails[1], 'role': roles['basic']}]

    run, first = run_users(run_playbook, sandbox_admin, platform, users=users)
    run.assert_ok()
    assert first.changed and outline(first) == [(emails[0].upper(), 'updated', roles['elevated']), (emails[1], 'unchanged', roles['basic'])]
    assert members(sandbox_admin, platform)[emails[0]][0] == roles['elevated']
    writes = write_requests(sandbox_admin, platform)
    assert writes == 1

    run, second = run_users(run_playbook, sandbox_admin, platform, users=users)
    run.assert_ok()
    assert not second.changed and second['summary']['unchanged'] == 2
    assert write_requests(sandbox_admin, platform) == writes


@pytest.mark.parametrize('platform', PLATFORMS)
def test_check_mode_predicts_exactly_what_the_real_run_does(run_playbook, sandbox_admin, platform):
    roles = ROLES[platform]
    keep, promote, drop, unlisted = seed(sandbox_admin, platform, 4)
    users = [{'email': keep, 'role': roles['basic']}, {'email': promote, 'role': roles['elevated']}, {'email': drop, 'state': 'absent'},
             {'email': 'nobody@example.com', 'role': roles['basic']}]

    # Two of five people go: above the default removal cap (25%), so the cap is raised (tests/playbooks/test_guards.py tests the cap).
    run, predicted = run_users(run_playbook, sandbox_admin, platform, check=True, diff=True, users=users, exclusive=True, max_removals=2)
    run.assert_ok()
    assert_no_writes(sandbox_admin, platform)
    assert predicted.changed

    run, applied = run_users(run_playbook, sandbox_admin, platform, diff=True, users=users, exclusive=True, max_removals=2)
    run.assert_ok()
    assert applied['users'] == predicted['users'] and applied['summary'] == predicted['summary']
    assert applied['diff'] == predicted['diff']
    retired = RETIRED[platform]
    assert [(item['email'], item['action']) for item in applied['users']] == [
        (keep, 'unchanged'), (promote, 'updated'), (drop, retired), ('nobody@example.com', 'not_found'), (OWNER, 'unchanged'),
        (unlisted, retired)]
    assert sorted(applied['diff']['after']) == sorted([promote, drop, unlisted])
    state = members(sandbox_admin, platform)
    assert state[promote][0] == roles['elevated'] and state[OWNER][0] == OWNER_ROLE[platform]
    if platform == 'cisco_xdr':
        assert (state[drop][1], state[unlisted][1], state[keep][1]) == (False, False, True)
    else:
        assert sorted(state) == sorted([OWNER, keep, promote])


@pytest.mark.parametrize('platform', PLATFORMS)
def test_remove_and_on_cisco_disable(run_playbook, sandbox_admin, platform):
    [leaver, stayer] = seed(sandbox_admin, platform, 2)

    run, removed = run_users(run_playbook, sandbox_admin, platform, email=leaver, state='absent')
    run.assert_ok()
    assert removed.changed and [item['action'] for item in removed['users']] == [RETIRED[platform]]
    state = members(sandbox_admin, platform)
    assert stayer in state
    if platform == 'cisco_xdr':
        assert state[leaver][1] is False
    else:
        assert leaver not in state
    writes = write_requests(sandbox_admin, platform)

    run, again = run_users(run_playbook, sandbox_admin, platform, email=leaver, state='absent')
    run.assert_ok()
    assert not again.changed and write_requests(sandbox_admin, platform) == writes
    assert [item['action'] for item in again['users']] == ['unchanged' if platform == 'cisco_xdr' else 'not_found']


@pytest.mark.parametrize('platform', PLATFORMS)
def test_exclusive_never_touches_the_credentials_own_identity(run_playbook, sandbox_admin, platform):
    emails = seed(sandbox_admin, platform, 5)

    run, result = run_users(run_playbook, sandbox_admin, platform, users=[{'email': emails[2]}], exclusive=True, allow_self=True,
                            max_removals='100%')
    run.assert_ok()
    kept = [item for item in result['users'] if item['email'] == OWNER]
    assert [(item['action'], item['msg'].startswith('kept: it is the identity')) for item in kept] == [('unchanged', True)]
    assert result['summary'][RETIRED[platform]] == 4
    state = members(sandbox_admin, platform)
    if platform == 'cisco_xdr':
        assert sorted(email for email, (role, enabled) in state.items() if enabled) == sorted([OWNER, emails[2]])
    else:
        assert sorted(state) == sorted([OWNER, emails[2]])
    assert state[OWNER][0] == OWNER_ROLE[platform]


@pytest.mark.parametrize('platform', PLATFORMS)
def test_the_credentials_own_identity_is_not_demoted(run_playbook, sandbox_admin, platform):
    emails = seed(sandbox_admin, platform, 2)
    users = [{'email': emails[0], 'role': ROLES[platform]['elevated']}, {'email': 'Owner@Example.com', 'role': ROLES[platform]['basic']}]

    run, refused = run_users(run_playbook, sandbox_admin, platform, users=users)
    assert not run.ok and refused.failed
    assert refused['msg'].startswith('%s: users[1].role: owner@example.com is the identity these credentials belong to' % platform)
    assert write_requests(sandbox_admin, platform) == 0


@pytest.mark.parametrize('owner_role, users, message', [
    ('administrator', [{'email': 'boss@example.com', 'role': 'member'}],
     "cybedefend: users[0].role: CybeDefend does not let an administrator's role be changed, by anyone"),
    ('manager', [{'email': 'dev@example.com', 'role': 'manager'}, {'email': 'boss@example.com', 'state': 'absent'}],
     'cybedefend: users[1].state: the organisation must keep at least one administrator'),
    ('administrator', [{'email': 'dev@example.com', 'teams': []}], 'cybedefend: users[0].teams: team Platform must keep at least one team_manager'),
])
def test_cybedefend_guard_rails_are_refused_with_zero_writes(run_playbook, sandbox_admin, owner_role, users, message):
    sandbox_admin.seed_members('cybedefend', [
        {'email': OWNER, 'role': owner_role}, {'email': 'boss@example.com', 'role': 'administrator'},
        {'email': 'dev@example.com', 'role': 'member', 'teams': [{'team': 'Platform', 'role': 'team_manager'}]}])

    run, refused = run_users(run_playbook, sandbox_admin, 'cybedefend', users=users, allow_self=True)
    assert not run.ok and refused['msg'] == message
    assert write_requests(sandbox_admin, 'cybedefend') == 0


def test_cybedefend_team_manager_hand_over_and_teams_read_back(run_playbook, sandbox_admin):
    sandbox_admin.seed_members('cybedefend', [
        {'email': 'old@example.com', 'role': 'member', 'teams': [{'team': 'Platform', 'role': 'team_manager'}]},
        {'email': 'new@example.com', 'role': 'member', 'teams': [{'team': 'Platform', 'role': 'developer'}]}])
    users = [{'email': 'old@example.com', 'teams': [{'team': 'platform', 'role': 'read_only'}]},
             {'email': 'new@example.com', 'role': 'manager', 'teams': [{'team': 'Platform', 'role': 'team_manager'},
                                                                       {'team': 'AppSec', 'role': 'developer'}]}]

    run, result = run_users(run_playbook, sandbox_admin, 'cybedefend', users=users)
    run.assert_ok()
    assert [item['action'] for item in result['users']] == ['updated', 'updated']
    listed = dict((user['email'], user) for user in read_users(run_playbook, sandbox_admin, 'cybedefend'))
    assert [(team['team'], team['role']) for team in listed['old@example.com']['teams']] == [('Platform', 'read_only')]
    assert sorted((team['team'], team['role']) for team in listed['new@example.com']['teams']) == [('AppSec', 'developer'),
                                                                                                   ('Platform', 'team_manager')]
    assert listed['new@example.com']['role'] == 'manager' and listed[OWNER]['teams'] == []


@pytest.mark.parametrize('platform', PLATFORMS)
def test_five_hundred_members_are_read_across_pages(run_playbook, sandbox_admin, platform):
    emails = seed(sandbox_admin, platform, 500, prefix='many')
    sandbox_admin.seed_members(platform, [{'email': 'lead@example.com', 'role': OWNER_ROLE[platform]}])

    everyone = read_users(run_playbook, sandbox_admin, platform)
    assert len(everyone) == 502 and len(set(user['id'] for user in everyone)) == 502
    assert set(user['email'] for user in everyone) == set(emails + [OWNER, 'lead@example.com'])
    assert set(user['platform'] for user in everyone) == {platform}
    reads = len(sandbox_admin.log(platform=platform, kind='read'))

    leads = read_users(run_playbook, sandbox_admin, platform, role=OWNER_ROLE[platform].upper(), include_teams=False)
    assert sorted(user['email'] for user in leads) == ['lead@example.com', OWNER]
    [found] = read_users(run_playbook, sandbox_admin, platform, email='MANY0499@example.com')
    assert found['email'] == 'many0499@example.com' and found['role'] == ROLES[platform]['basic']
    if platform == 'cisco_xdr':
        [by_id] = read_users(run_playbook, sandbox_admin, platform, user_ids=[found['id'], 'idb-amp:nobody'])
        assert by_id == found
    assert reads >= -(-502 // PAGE[platform]) and write_requests(sandbox_admin, platform) == 0


@pytest.mark.parametrize('platform', PLATFORMS)
def test_two_hundred_role_changes_converge_in_one_run_under_faults(run_playbook, sandbox_admin, platform):
    emails = seed(sandbox_admin, platform, 200, prefix='chaos')
    elevated = ROLES[platform]['elevated']
    users = [{'email': email, 'role': elevated} for email in emails]
    sandbox_admin.configure(**FAULTS)

    run, result = run_users(run_playbook, sandbox_admin, platform, users=users)
    run.assert_ok()
    assert [entry for entry in sandbox_admin.log(platform=platform) if entry['fault']], 'no fault injected: the test would prove nothing'
    assert result['summary']['failed'] == 0 and result['summary']['updated'] == 200
    state = members(sandbox_admin, platform)
    assert [email for email in emails if state[email][0] != elevated] == []

    sandbox_admin.configure(fault_rate=0)
    writes = write_requests(sandbox_admin, platform)
    run, again = run_users(run_playbook, sandbox_admin, platform, users=users)
    run.assert_ok()
    assert not again.changed and again['summary']['unchanged'] == 200
    assert write_requests(sandbox_admin, platform) == writes
