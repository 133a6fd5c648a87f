# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dated access through the onboard playbook, on every platform, at a fixed onboard_now (never the wall clock).

One roster holds a person per case (before, on and after a from or an until, on the person, an access entry and a profile
grant); a first run at one now and a second a day later prove each case and the expiring-soon listing in the summary and
both reports.
"""

from __future__ import annotations

import json

import pytest

from platforms import CREDENTIALS, PLATFORMS, ROLES, pending_by_email
from test_onboard_role import ONBOARD, actions, onboard, outcome_of
from test_org_user import members

FIRST_NOW = '2027-01-15T12:00:00Z'
SECOND_NOW = '2027-01-16T12:00:00Z'
# Enough members that the two removals of the first run stay within the default removal cap (25%).
BYSTANDERS = ['bystander%d@example.com' % number for number in range(6)]


def roster(platform):
    role = ROLES[platform]['basic']
    return [
        {'email': 'future@example.com', 'access': {platform: {'role': role, 'from': '2027-01-16'}}},
        {'email': 'today@example.com', 'from': '2027-01-15', 'access': {platform: role}},
        {'email': 'lastday@example.com', 'name': 'Last Day', 'access': {platform: {'role': role, 'until': '2027-01-15'}}},
        {'email': 'ended@example.com', 'until': '2027-01-14', 'access': {platform: role}},
        {'email': 'ended-invite@example.com', 'access': {platform: {'role': role, 'until': '2027-01-14T17:00:00+01:00'}}},
        # The grant's end is narrower than the person's.
        {'email': 'grant@example.com', 'until': '2027-02-28', 'profiles': [{'name': 'contractor', 'until': '2027-01-20'}]},
    ]


def run(run_playbook, admin, platform, now, report):
    settings = {platform: dict(admin.platform_urls()[platform], **CREDENTIALS[platform])}
    return onboard(run_playbook, admin, playbook=ONBOARD, onboard_platforms=settings, onboard_people=roster(platform),
                   onboard_profiles={'contractor': {platform: ROLES[platform]['basic']}}, onboard_now=now,
                   onboard_report_path=str(report)).assert_ok()


@pytest.mark.parametrize('platform', PLATFORMS)
def test_access_starts_at_from_ends_after_until_and_what_ends_soon_is_listed(run_playbook, sandbox_admin, tmp_path, platform):
    role = ROLES[platform]['basic']
    sandbox_admin.seed_members(platform, [{'email': email, 'role': role} for email in BYSTANDERS + ['ended@example.com']])
    sandbox_admin.seed_invites(platform, [{'email': 'ended-invite@example.com', 'role': role}])
    markdown, as_json = tmp_path / 'first.md', tmp_path / 'second.json'

    first = run(run_playbook, sandbox_admin, platform, FIRST_NOW, markdown)
    outcome = outcome_of(first)
    assert dict((email, found[platform]) for email, found in actions(outcome).items()) == {
        'future@example.com': 'unchanged',      # before its from: not invited, and nothing to remove
        'today@example.com': 'invited',         # on its from
        'lastday@example.com': 'invited',       # on its until: the last day of access
        'ended@example.com': 'removed',         # after its until: removed (Cisco XDR: disabled)
        'ended-invite@example.com': 'removed',  # after its until: invitation cancelled
        'grant@example.com': 'invited',
    }
    pending = pending_by_email(sandbox_admin, platform)
    assert sorted(pending) == ['grant@example.com', 'lastday@example.com', 'today@example.com']
    current = members(sandbox_admin, platform)
    if platform == 'cisco_xdr':
        assert current['ended@example.com'] == (role, False)
    else:
        assert 'ended@example.com' not in current
    assert set(BYSTANDERS) <= set(current)
    assert outcome['now'] == '2027-01-15T12:00:00+00:00' and outcome['expiring_within_days'] == 14
    assert [(entry['email'], entry['organization'], entry['platform'], entry['until']) for entry in outcome['expiring']] == [
        ('lastday@example.com', platform, platform, '2027-01-15'), ('grant@example.com', platform, platform, '2027-01-20')]
    summary = first.result('Show the summary')['msg']
    listing = summary.index('access ending within 14 day(s) of 2027-01-15T12:00:00+00:00:')
    assert summary[listing + 1:listing + 3] == ['  lastday@example.com on %s (%s): until 2027-01-15' % (platform, platform),
                                                '  grant@example.com on %s (%s): until 2027-01-20' % (platform, platform)]
    text = markdown.read_text(encoding='utf-8')
    assert '## Access ending within 14 days' in text
    assert '| lastday@example.com | Last Day | %s | %s | %s | 2027-01-15 |' % (platform, platform, role) in text
    assert '| grant@example.com |  | %s | %s | %s | 2027-01-20 |' % (platform, platform, role) in text

    # A day later: the person whose from has come is invited, the one whose until has passed loses the invitation.
    second = run(run_playbook, sandbox_admin, platform, SECOND_NOW, as_json)
    found = dict((email, result[platform]) for email, result in actions(outcome_of(second)).items())
    assert (found['future@example.com'], found['lastday@example.com'], found['today@example.com']) == ('invited', 'removed', 'unchanged')
    assert sorted(pending_by_email(sandbox_admin, platform)) == ['future@example.com', 'grant@example.com', 'today@example.com']
    report = json.loads(as_json.read_text(encoding='utf-8'))
    assert report == outcome_of(second)
    assert [(entry['email'], entry['until'], entry['role']) for entry in report['expiring']] == [('grant@example.com', '2027-01-20', role)]
    assert second.result('Show the summary')['msg'][-2:] == ['  grant@example.com on %s (%s): until 2027-01-20' % (platform, platform),
                                                             'report: %s' % as_json]
