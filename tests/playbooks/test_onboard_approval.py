# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plan, approve, apply through the onboard role, on an inventory of one organisation per platform.

The plan job runs the onboard playbook in check mode; the role publishes every organisation's plans and the run's
fingerprint with set_stats, which ansible-runner hands over as AWX does (``artifact_data`` of ``playbook_on_stats``).
The apply job gets those artifacts as extra variables, as the next node of an AWX/AAP workflow does.
"""

from __future__ import annotations

import re

import pytest

from platforms import PLATFORMS, ROLES, assert_no_writes, last_seq, pending_by_email
from test_onboard_guards import HOSTS, environment, inventory
from test_onboard_orgs import ONBOARD, REFUSED
from test_org_user import members
from test_plan_approve_apply import BATCHED_CREATES, artifacts

SUMMARY = 'Show the summary'
APPROVAL_CHECK = 'Check that the approved plan given to this run is whole and covers every organisation of the play'


def everywhere(kind):
    return dict((platform, ROLES[platform][kind]) for platform in PLATFORMS)


ROSTER = [
    {'email': 'member@example.com', 'access': everywhere('elevated')},
    {'email': 'new1@example.com', 'access': everywhere('basic')},
    {'email': 'stale@example.com', 'state': 'absent'},
]


def seed(admin):
    for platform in PLATFORMS:
        admin.seed_members(platform, [{'email': 'member@example.com', 'role': ROLES[platform]['basic']}])
        admin.seed_invites(platform, [{'email': 'stale@example.com', 'role': ROLES[platform]['basic']}])


def onboard(run_playbook, admin, check=False, **variables):
    return run_playbook(ONBOARD, extravars=variables, check=check, envvars=environment(), inventory=inventory(admin))


def plan(run_playbook, admin):
    """The plan job: check mode, no write anywhere; returns the run and its artifacts."""
    since = last_seq(admin)
    run = onboard(run_playbook, admin, check=True, onboard_people=ROSTER).assert_ok()
    for platform in PLATFORMS:
        assert_no_writes(admin, platform, since=since)
    return run, artifacts(run)


def planned_writes(platform, plans):
    """The write requests a platform receives for its organisation's approved plans (invitations batched where it batches them)."""
    changes = [change for task in plans.values() for item in task['plan'] for change in item['changes']]
    creates = [change for change in changes if change.startswith('invite as')]
    return len(changes) - len(creates) + (min(1, len(creates)) if platform in BATCHED_CREATES else len(creates))


@pytest.mark.parametrize('platform', PLATFORMS)
def test_the_approved_plan_is_applied_exactly_and_a_roster_changed_on_one_organisation_writes_nowhere(run_playbook, sandbox_admin, platform):
    seed(sandbox_admin)
    planned, approved = plan(run_playbook, sandbox_admin)
    fingerprint = approved['onboard_approved_fingerprint']
    assert re.match('^[0-9a-f]{64}$', fingerprint)
    plans = approved['onboard_approved_plans']
    assert sorted(plans) == sorted(HOSTS.values())
    for host in HOSTS.values():
        assert [(item['email'], item['action']) for item in plans[host]['invites']['plan']] == [
            ('new1@example.com', 'created'), ('stale@example.com', 'cancelled')]
        assert [(item['email'], item['action']) for item in plans[host]['users']['plan']] == [('member@example.com', 'updated')]
    assert 'plan fingerprint: %s (approve it' % fingerprint in ' '.join(planned.result(SUMMARY)['msg'])

    # Someone adds a person on the organisation under test after the approval: refused there, nothing written anywhere.
    changed = ROSTER + [{'email': 'late@example.com', 'access': {platform: ROLES[platform]['basic']}}]
    since = last_seq(sandbox_admin)
    refused = onboard(run_playbook, sandbox_admin, onboard_people=changed, **approved)
    assert not refused.ok
    message = refused.result(REFUSED)['msg']
    assert message.startswith('Nothing was changed on any organisation. %s: the plan differs from the approved one' % HOSTS[platform]), message
    assert 'late@example.com: approved nothing, now created [invite as %s' % ROLES[platform]['basic'] in message
    assert [host for host in HOSTS.values() if host + ':' in message] == [HOSTS[platform]]
    for each in PLATFORMS:
        assert_no_writes(sandbox_admin, each, since=since)

    # The roster as approved: exactly the planned writes, on every organisation.
    since = last_seq(sandbox_admin)
    applied = onboard(run_playbook, sandbox_admin, onboard_people=ROSTER, **approved).assert_ok()
    for each in PLATFORMS:
        writes = sandbox_admin.log(platform=each, kind='write', since=since)
        assert len(writes) == planned_writes(each, plans[HOSTS[each]]), writes
        assert pending_by_email(sandbox_admin, each) == {'new1@example.com': 1}
        assert members(sandbox_admin, each)['member@example.com'][0] == ROLES[each]['elevated']
    assert 'approved plan: %s (every organisation' % fingerprint in ' '.join(applied.result(SUMMARY)['msg'])


def test_approved_plans_that_do_not_fit_the_run_are_refused_before_any_request(run_playbook, sandbox_admin):
    some = dict((host, {'users': {'fingerprint': 'a' * 64, 'plan': []}, 'invites': {'fingerprint': 'b' * 64, 'plan': []}})
                for host in (HOSTS['cisco_xdr'], HOSTS['snyk']))
    since = last_seq(sandbox_admin)
    run = onboard(run_playbook, sandbox_admin, onboard_people=ROSTER, onboard_approved_plans=some)
    assert not run.ok
    message = run.result(APPROVAL_CHECK)['msg']
    assert message.startswith('Nothing was changed on any organisation: onboard_approved_fingerprint is not set; no approved plan for the '
                              'organisation(s) %s.' % HOSTS['cybedefend']), message

    every = dict(some, **{HOSTS['cybedefend']: some[HOSTS['snyk']], 'retired_org': some[HOSTS['snyk']]})
    run = onboard(run_playbook, sandbox_admin, onboard_people=ROSTER, onboard_approved_plans=every, onboard_approved_fingerprint='c' * 64)
    assert 'approved plans for organisation(s) not in this run: retired_org.' in run.result(APPROVAL_CHECK)['msg']
    del every['retired_org']
    run = onboard(run_playbook, sandbox_admin, onboard_people=ROSTER, onboard_approved_plans=every, onboard_approved_fingerprint='c' * 64)
    assert ('onboard_approved_fingerprint %s is not the fingerprint of onboard_approved_plans.' % ('c' * 64)) in run.result(APPROVAL_CHECK)['msg']
    assert sandbox_admin.log(since=since) == []
