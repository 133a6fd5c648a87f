# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The safety guards of org_user and org_invite through real playbooks against the sandbox, on every platform: every
refusal names the option or item, writes nothing (check mode and real runs alike), and a raised limit applies."""

from __future__ import annotations

import pytest

from platforms import CREDENTIALS, PLATFORMS, ROLES, assert_no_writes, last_seq, pending_by_email, people, write_requests
from test_org_invite import run_invites
from test_org_user import OWNER, OWNER_ROLE, RETIRED, members, run_users, seed

# How the refusals name each sandbox organisation.
ORGANISATION = {
    'cisco_xdr': 'cisco_xdr organisation of API client %s' % CREDENTIALS['cisco_xdr']['client_id'],
    'snyk': 'snyk organisation %s' % CREDENTIALS['snyk']['org_id'],
    'cybedefend': 'cybedefend organisation %s' % CREDENTIALS['cybedefend']['org_id'],
}


def enabled_emails(admin, platform):
    """The members that still have access (Cisco XDR disables instead of removing)."""
    return sorted(email for email, (_role, enabled) in members(admin, platform).items() if enabled is not False)


def refused(run, result, platform, field):
    """The task failed before any write with a message naming the platform and ``field``; returns the message."""
    assert not run.ok and result.failed
    assert result['msg'].startswith('%s: %s: ' % (platform, field)), result['msg']
    return result['msg']


@pytest.mark.parametrize('platform', PLATFORMS)
def test_removals_above_the_cap_are_refused_with_zero_writes_until_the_cap_is_raised(run_playbook, sandbox_admin, platform):
    emails = seed(sandbox_admin, platform, 8)
    users = [{'email': emails[0]}]
    for check in (True, False):
        since = last_seq(sandbox_admin)
        run, result = run_users(run_playbook, sandbox_admin, platform, check=check, users=users, exclusive=True)
        message = refused(run, result, platform, 'max_removals')
        # 7 of 9 members; 25% of 9 is 2.
        assert 'would remove or disable 7 people in %s, more than the cap of 2 (25%% of 9 members' % ORGANISATION[platform] in message
        assert 'raise max_removals' in message
        assert_no_writes(sandbox_admin, platform, since=since)
    assert write_requests(sandbox_admin, platform) == 0

    run, result = run_users(run_playbook, sandbox_admin, platform, users=users, exclusive=True, max_removals=7)
    run.assert_ok()
    assert result['summary'][RETIRED[platform]] == 7
    assert enabled_emails(sandbox_admin, platform) == sorted([OWNER, emails[0]])


@pytest.mark.parametrize('platform', PLATFORMS)
def test_cancelled_invitations_above_the_cap_are_refused_with_zero_writes_until_the_cap_is_raised(run_playbook, sandbox_admin, platform):
    sandbox_admin.seed_invites(platform, people(6, ROLES[platform]['basic']))
    keep = [{'email': 'person0000@example.com', 'role': ROLES[platform]['basic']}]
    for check in (True, False):
        since = last_seq(sandbox_admin)
        run, result = run_invites(run_playbook, sandbox_admin, platform, keep, check=check, exclusive=True, max_removals='50%')
        message = refused(run, result, platform, 'max_removals')
        # 5 of 6 pending plus the owner: 50% of 7 is 3.
        assert 'cancel the invitations of 5 people in %s, more than the cap of 3 (50%% of 7' % ORGANISATION[platform] in message
        assert_no_writes(sandbox_admin, platform, since=since)
    assert write_requests(sandbox_admin, platform) == 0

    run, result = run_invites(run_playbook, sandbox_admin, platform, keep, exclusive=True, max_removals=5)
    run.assert_ok()
    assert result['summary']['cancelled'] == 5 and sorted(pending_by_email(sandbox_admin, platform)) == ['person0000@example.com']


@pytest.mark.parametrize('platform', PLATFORMS)
def test_protected_members_are_kept_by_exclusive_and_refused_for_an_explicit_absent(run_playbook, sandbox_admin, platform):
    emails = seed(sandbox_admin, platform, 2)
    seed(sandbox_admin, platform, 1, prefix='breakglass')
    protect = ['BREAKGLASS*@example.com']

    leavers = [{'email': emails[0], 'state': 'absent'}, {'email': 'breakglass0000@example.com', 'state': 'absent'}]
    run, result = run_users(run_playbook, sandbox_admin, platform, users=leavers, protect=protect)
    message = refused(run, result, platform, 'users[1].state')
    assert "breakglass0000@example.com is protected (protect entry 'BREAKGLASS*@example.com')" in message
    assert write_requests(sandbox_admin, platform) == 0

    run, result = run_users(run_playbook, sandbox_admin, platform, users=[{'email': emails[0]}], exclusive=True, protect=protect)
    run.assert_ok()
    outcome = dict((item['email'], (item['action'], item.get('msg', ''))) for item in result['users'])
    assert outcome['breakglass0000@example.com'][0] == 'unchanged'
    assert outcome['breakglass0000@example.com'][1].startswith("kept: protected (protect entry 'BREAKGLASS*@example.com')")
    assert outcome[emails[1]][0] == RETIRED[platform]
    assert enabled_emails(sandbox_admin, platform) == sorted([OWNER, emails[0], 'breakglass0000@example.com'])


@pytest.mark.parametrize('platform', PLATFORMS)
def test_protected_invitations_are_kept_by_exclusive_and_refused_for_an_explicit_absent(run_playbook, sandbox_admin, platform):
    basic = ROLES[platform]['basic']
    sandbox_admin.seed_invites(platform, [{'email': 'svc-scanner@example.com', 'role': basic}, {'email': 'gone@example.com', 'role': basic}])

    run, result = run_invites(run_playbook, sandbox_admin, platform, [{'email': 'svc-scanner@example.com', 'state': 'absent'}],
                              protect=['svc-*'])
    refused(run, result, platform, 'invites[0].state')
    assert write_requests(sandbox_admin, platform) == 0

    run, result = run_invites(run_playbook, sandbox_admin, platform, [{'email': 'new@example.com', 'role': basic}], exclusive=True,
                              protect=['svc-*'])
    run.assert_ok()
    outcome = dict((item['email'], item) for item in result['invites'])
    assert outcome['svc-scanner@example.com']['action'] == 'unchanged' and outcome['svc-scanner@example.com']['msg'].startswith('kept: protected')
    assert outcome['gone@example.com']['action'] == 'cancelled'
    assert sorted(pending_by_email(sandbox_admin, platform)) == ['new@example.com', 'svc-scanner@example.com']


@pytest.mark.parametrize('platform', PLATFORMS)
def test_min_admins_refuses_a_plan_that_leaves_too_few_administrators(run_playbook, sandbox_admin, platform):
    sandbox_admin.seed_members(platform, [{'email': 'deputy@example.com', 'role': OWNER_ROLE[platform]}])
    for check in (True, False):
        since = last_seq(sandbox_admin)
        run, result = run_users(run_playbook, sandbox_admin, platform, check=check, email='deputy@example.com', state='absent', min_admins=2)
        message = refused(run, result, platform, 'min_admins')
        assert 'would leave 1 enabled administrators (role %s) in %s, fewer than min_admins (2)' % (
            OWNER_ROLE[platform], ORGANISATION[platform]) in message
        assert_no_writes(sandbox_admin, platform, since=since)
    assert write_requests(sandbox_admin, platform) == 0

    run, result = run_users(run_playbook, sandbox_admin, platform, email='deputy@example.com', state='absent')
    run.assert_ok()
    assert [item['action'] for item in result['users']] == [RETIRED[platform]]


@pytest.mark.parametrize('platform', PLATFORMS)
def test_an_empty_exclusive_list_is_refused_before_any_request_unless_allowed(run_playbook, sandbox_admin, platform):
    emails = seed(sandbox_admin, platform, 1)
    run, result = run_users(run_playbook, sandbox_admin, platform, users=[], exclusive=True)
    assert 'allow_empty_exclusive' in refused(run, result, platform, 'users')
    run, result = run_invites(run_playbook, sandbox_admin, platform, [], exclusive=True)
    assert 'allow_empty_exclusive' in refused(run, result, platform, 'invites')
    assert sandbox_admin.log(platform=platform) == []

    run, result = run_users(run_playbook, sandbox_admin, platform, users=[], exclusive=True, allow_empty_exclusive=True)
    run.assert_ok()
    assert result['summary'][RETIRED[platform]] == 1 and enabled_emails(sandbox_admin, platform) == [OWNER] != emails
