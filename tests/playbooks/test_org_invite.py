# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""org_invite through real playbooks (ansible-runner) against the sandbox, on every platform."""

from __future__ import annotations

import pytest

from platforms import PLATFORMS, ROLES, assert_no_writes, connection, invite_task, last_seq, pending_by_email, people, play, write_requests

# Every kind of fault the sandbox injects, at 10% of vendor requests, from a fixed seed.
FAULTS = {'fault_rate': 0.1, 'fault_seed': 20261124, 'retry_after': 1,
          'fault_kinds': ['429', '500', '502', '503', 'reset_before', 'reset_after']}


def run_invites(run_playbook, admin, platform, invites, check=False, diff=False, **args):
    run = run_playbook(play(invite_task('Apply the invites', platform, admin, invites=invites, **args)), check=check, diff=diff)
    return run, run.result('Apply the invites')


@pytest.mark.parametrize('platform', PLATFORMS)
def test_a_thousand_invites_in_one_task_then_nothing_to_do(run_playbook, sandbox_admin, platform):
    roster = people(1000, ROLES[platform]['basic'])

    run, first = run_invites(run_playbook, sandbox_admin, platform, roster)
    run.assert_ok()
    assert first['summary']['created'] == 1000
    pending = pending_by_email(sandbox_admin, platform)
    assert len(pending) == 1000 and set(pending.values()) == {1}
    writes = write_requests(sandbox_admin, platform)
    # Cisco sends batches of 100; the others one create each.
    assert writes == (10 if platform == 'cisco_xdr' else 1000)

    since = last_seq(sandbox_admin)
    run, predicted = run_invites(run_playbook, sandbox_admin, platform, roster, check=True)
    run.assert_ok()
    assert not predicted.changed and predicted['summary']['unchanged'] == 1000
    assert_no_writes(sandbox_admin, platform, since=since)

    run, second = run_invites(run_playbook, sandbox_admin, platform, roster)
    run.assert_ok()
    assert not second.changed and second['summary']['unchanged'] == 1000
    assert write_requests(sandbox_admin, platform) == writes


@pytest.mark.parametrize('platform', PLATFORMS)
def test_check_mode_predicts_exactly_what_the_real_run_does(run_playbook, sandbox_admin, platform):
    roles = ROLES[platform]
    sandbox_admin.seed_invites(platform, [
        {'email': 'Keep.Me@Example.com', 'role': roles['basic']},
        {'email': 'promote@example.com', 'role': roles['basic']},
        {'email': 'drop@example.com', 'role': roles['basic']},
        {'email': 'unlisted@example.com', 'role': roles['basic']},
        {'email': 'lapsed@example.com', 'role': roles['basic'], 'status': 'expired'},
    ])
    sandbox_admin.seed_members(platform, [{'email': 'member@example.com', 'name': 'A Member', 'role': roles['basic']}])
    invites = [
        {'email': 'keep.me@example.com', 'role': roles['basic']},
        {'email': 'promote@example.com', 'role': roles['elevated']},
        {'email': 'drop@example.com', 'state': 'absent'},
        {'email': 'lapsed@example.com', 'role': roles['basic']},
        {'email': 'MEMBER@example.com', 'role': roles['basic']},
        {'email': 'new@example.com', 'role': roles['elevated']},
    ]

    # Two of six people lose their invitation: above the default removal cap (25%), so the cap is raised (see test_guards.py).
    run, predicted = run_invites(run_playbook, sandbox_admin, platform, invites, check=True, diff=True, exclusive=True, max_removals=2)
    run.assert_ok()
    assert_no_writes(sandbox_admin, platform)
    assert predicted.changed

    run, applied = run_invites(run_playbook, sandbox_admin, platform, invites, diff=True, exclusive=True, max_removals=2)
    run.assert_ok()

    def outcome(result):
        return [(item['email'], item['action'], item['role']) for item in result['invites']]

    assert outcome(applied) == outcome(predicted)
    assert applied['summary'] == predicted['summary']
    assert sorted(applied['diff']['after']) == sorted(predicted['diff']['after'])
    actions = dict((email.lower(), action) for email, action, _role in outcome(applied))
    assert actions['keep.me@example.com'] == 'unchanged'
    assert actions['promote@example.com'] == 'replaced'
    assert actions['drop@example.com'] == 'cancelled'
    assert actions['member@example.com'] == 'skipped_member'
    assert actions['new@example.com'] == 'created'
    assert actions['unlisted@example.com'] == 'cancelled'
    # Only Cisco renews an expired invite natively; elsewhere a new one is sent.
    assert actions['lapsed@example.com'] == ('renewed' if platform == 'cisco_xdr' else 'created')
    expected = ['keep.me@example.com', 'lapsed@example.com', 'new@example.com', 'promote@example.com']
    assert sorted(pending_by_email(sandbox_admin, platform)) == expected

    writes = write_requests(sandbox_admin, platform)
    run, again = run_invites(run_playbook, sandbox_admin, platform, invites, exclusive=True)
    run.assert_ok()
    assert not again.changed
    assert write_requests(sandbox_admin, platform) == writes


@pytest.mark.parametrize('platform', PLATFORMS)
def test_three_hundred_people_converge_in_one_run_under_faults(run_playbook, sandbox_admin, platform):
    roster = people(300, ROLES[platform]['basic'], prefix='chaos')
    sandbox_admin.configure(**FAULTS)

    run, result = run_invites(run_playbook, sandbox_admin, platform, roster)
    run.assert_ok()
    faults = [entry for entry in sandbox_admin.log(platform=platform) if entry['fault']]
    assert faults, 'the sandbox injected no fault: the test would prove nothing'
    assert result['summary']['failed'] == 0

    pending = pending_by_email(sandbox_admin, platform)
    expected = set(item['email'] for item in roster)
    assert set(pending) == expected, 'missing: %s' % sorted(expected - set(pending))[:10]
    assert [email for email, count in pending.items() if count > 1] == []

    sandbox_admin.configure(fault_rate=0)
    writes = write_requests(sandbox_admin, platform)
    run, again = run_invites(run_playbook, sandbox_admin, platform, roster)
    run.assert_ok()
    assert not again.changed
    assert write_requests(sandbox_admin, platform) == writes


@pytest.mark.parametrize('platform', PLATFORMS)
def test_the_server_may_accept_duplicates_yet_nobody_is_invited_twice(run_playbook, sandbox_admin, platform):
    """Where the vendors are silent the sandbox rejects a second invite; here it creates one instead."""
    creates = r'(batch/invites|orgs/[^/]+/invites\?|/invite$)'
    sandbox_admin.configure(duplicate_invite='duplicate', fault_script=[
        {'match': {'platform': platform, 'method': 'POST', 'path_regex': creates}, 'fault': 'reset_after', 'times': 2}])
    roster = people(5, ROLES[platform]['basic'], prefix='dup')

    run, result = run_invites(run_playbook, sandbox_admin, platform, roster)
    run.assert_ok()
    # Cisco sends the five in one batch, so the second scripted fault never fires; the others send five creates.
    faults = [entry['fault'] for entry in sandbox_admin.log(platform=platform) if entry['fault']]
    assert faults == ['reset_after'] * (1 if platform == 'cisco_xdr' else 2)
    assert result['summary']['created'] == 5
    pending = pending_by_email(sandbox_admin, platform)
    assert sorted(pending) == sorted(item['email'] for item in roster)
    assert set(pending.values()) == {1}


def test_one_play_connects_two_platforms_through_module_defaults(run_playbook, sandbox_admin):
    """module_defaults for the umbrella group hold both platforms' connections; each task reaches its own
    organisation with its own credential (the sandbox refuses any other), the shared timeout applies to both."""
    tokens = {'snyk': 'snyk-only-token-7f3a', 'cybedefend': 'pat_cybedefend_only_51c2'}
    sandbox_admin.set_credentials('snyk', token=tokens['snyk'])
    sandbox_admin.set_credentials('cybedefend', pat=tokens['cybedefend'])
    connections = {}
    for platform in tokens:
        connections[platform] = dict(connection(platform, sandbox_admin), api_token=tokens[platform])
        del connections[platform]['platform']
    tasks = [{'name': 'Invite on %s' % platform, 'register': 'result', 'orgaccess.onboarding.org_invite': {
        'platform': platform, 'invites': [{'email': 'both@example.com', 'role': ROLES[platform]['basic']}]}} for platform in tokens]
    playbook = [{'name': 'Two platforms, one play', 'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks,
                 'module_defaults': {'group/orgaccess.onboarding.onboarding': {'timeout': 20, 'connections': connections}}}]

    run = run_playbook(playbook).assert_ok()
    for platform in tokens:
        assert run.result('Invite on %s' % platform)['summary']['created'] == 1
        assert pending_by_email(sandbox_admin, platform) == {'both@example.com': 1}
        own_org, other_org = connections[platform]['org_id'], connections['cybedefend' if platform == 'snyk' else 'snyk']['org_id']
        paths = [entry['path'] for entry in sandbox_admin.log(platform=platform, kind='write')]
        assert paths and all(own_org in path and other_org not in path for path in paths), paths
    assert 'snyk-only-token-7f3a' not in run.stdout and 'pat_cybedefend_only_51c2' not in run.stdout
