# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Approved plans: the fingerprint's stability, and a run whose plan is not the approved one writes nothing."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import CAP_RENEW, CAP_TEAMS
from ansible_collections.orgaccess.onboarding.plugins.module_utils._approval import fingerprint
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._invites import apply_invites
from ansible_collections.orgaccess.onboarding.plugins.module_utils._members import apply_members
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_adapter import FakeAdapter, member, pending
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_members import MemberFake, team

# These tests are about fingerprints: the removal cap is raised so that the exclusive plans reach the approval check.
INVITE_OPTIONS = {'max_removals': '100%', 'email': None, 'role': None, 'state': 'present', 'teams': None, 'exclusive': False, 'renew_within_days': None,
                  'approved_fingerprint': None, 'approved_plan': None}
USER_OPTIONS = {'max_removals': '100%', 'email': None, 'user_id': None, 'role': None, 'state': 'present', 'enabled': None, 'teams': None, 'users': None,
                'exclusive': False, 'allow_self': False, 'approved_fingerprint': None, 'approved_plan': None}


def invite_params(items, **options):
    invites = [dict({'role': None, 'state': 'present', 'teams': None}, **item) for item in items]
    return dict(INVITE_OPTIONS, invites=invites, **options)


def user_params(items, **options):
    users = [dict({'email': None, 'user_id': None, 'role': None, 'state': 'present', 'enabled': None, 'teams': None}, **item)
             for item in items]
    return dict(USER_OPTIONS, users=users, **options)


DESIRED_INVITES = [
    {'email': 'alice@example.com', 'role': 'Admin'},
    {'email': 'bob@example.com', 'role': 'Viewer'},
    {'email': 'carol@example.com', 'state': 'absent'},
    {'email': 'lapsed@example.com', 'role': 'Viewer'},
]


def invite_platform(**options):
    state = dict(invites=[pending('i-bob', 'bob@example.com', 'Admin'), pending('i-carol', 'carol@example.com'),
                          pending('i-dup', 'carol@example.com', 'Viewer'), pending('i-old', 'lapsed@example.com', 'Viewer', status='expired'),
                          pending('i-stray', 'stray@example.com')],
                 members=[member('u-zed', 'zed@example.com')], capabilities=[CAP_RENEW])
    state.update(options)
    return FakeAdapter(**state)


def planned(adapter, params):
    outcome = apply_invites(adapter, params, check_mode=True)
    assert adapter.writes() == []
    return outcome.values


def test_an_invite_plan_names_each_write_with_its_ids_and_leaves_out_what_writes_nothing():
    values = planned(invite_platform(), invite_params(DESIRED_INVITES + [{'email': 'zed@example.com', 'role': 'Admin'}]))
    assert values['plan'] == [
        {'email': 'alice@example.com', 'id': None, 'action': 'created', 'changes': ['invite as Admin (r-admin)']},
        {'email': 'bob@example.com', 'id': None, 'action': 'replaced',
         'changes': ['cancel invite i-bob (Admin (r-admin))', 'invite as Viewer (r-viewer)']},
        {'email': 'carol@example.com', 'id': None, 'action': 'cancelled',
         'changes': ['cancel invite i-carol (Admin (r-admin))', 'cancel invite i-dup (Viewer (r-viewer))']},
        {'email': 'lapsed@example.com', 'id': None, 'action': 'renewed', 'changes': ['renew invite i-old']},
    ]
    assert len(values['plan_fingerprint']) == 64 and int(values['plan_fingerprint'], 16) >= 0


def test_the_fingerprint_ignores_list_order_email_case_concurrency_and_expiry_times():
    base = planned(invite_platform(), invite_params(DESIRED_INVITES))['plan_fingerprint']
    shuffled = [dict(item, email=item['email'].upper()) for item in reversed(DESIRED_INVITES)]
    platform = invite_platform(concurrency=8)
    platform.invites = [dict(invite, expires_at='2031-05-05T00:00:00Z', email=invite['email'].title()) for invite in reversed(platform.invites)]
    assert planned(platform, invite_params(shuffled))['plan_fingerprint'] == base
    # A real run returns the fingerprint of the plan it carries out: the same.
    assert apply_invites(invite_platform(), invite_params(DESIRED_INVITES)).values['plan_fingerprint'] == base


@pytest.mark.parametrize('change', ['desired role', 'desired person', 'desired state', 'someone invited', 'invite cancelled',
                                    'became a member', 'other organisation', 'exclusive'])
def test_one_change_in_the_desired_or_the_current_state_changes_the_fingerprint(change):
    base = planned(invite_platform(), invite_params(DESIRED_INVITES))['plan_fingerprint']
    desired, adapter, options = [dict(item) for item in DESIRED_INVITES], invite_platform(), {}
    if change == 'desired role':
        desired[0]['role'] = 'Developer'
    elif change == 'desired person':
        desired.append({'email': 'dave@example.com', 'role': 'Viewer'})
    elif change == 'desired state':
        desired[1]['state'] = 'absent'
    elif change == 'someone invited':
        adapter.invites.append(pending('i-alice', 'alice@example.com', 'Admin'))
    elif change == 'invite cancelled':
        adapter.invites = [invite for invite in adapter.invites if invite['id'] != 'i-dup']
    elif change == 'became a member':
        adapter.members.append(member('u-alice', 'alice@example.com'))
    elif change == 'other organisation':
        adapter.connection = {'org_id': 'another'}
    else:
        options['exclusive'] = True
    assert planned(adapter, invite_params(desired, **options))['plan_fingerprint'] != base


def test_the_approved_plan_is_applied_exactly():
    values = planned(invite_platform(), invite_params(DESIRED_INVITES))
    adapter = invite_platform()
    outcome = apply_invites(adapter, invite_params(DESIRED_INVITES, approved_fingerprint=values['plan_fingerprint'].upper(),
                                                   approved_plan=values['plan']))
    assert outcome.error is None and outcome.changed
    assert sorted(adapter.writes()) == [('cancel', 'i-bob'), ('cancel', 'i-carol'), ('cancel', 'i-dup'), ('create', 'alice@example.com', 'r-admin'),
                                        ('create', 'bob@example.com', 'r-viewer'), ('renew', 'i-old')]
    assert outcome.values['plan_fingerprint'] == values['plan_fingerprint']


def test_a_changed_list_is_refused_with_no_write_naming_who_and_what_differs():
    approved = planned(invite_platform(), invite_params(DESIRED_INVITES))
    adapter = invite_platform()
    changed = DESIRED_INVITES[:1] + [{'email': 'bob@example.com', 'role': 'Admin'}] + DESIRED_INVITES[2:]
    outcome = apply_invites(adapter, invite_params(changed, approved_fingerprint=approved['plan_fingerprint'], approved_plan=approved['plan']))
    assert adapter.writes() == [] and not outcome.changed
    assert 'nothing was changed' in outcome.error and 'approved_fingerprint' in outcome.error
    assert ('bob@example.com: approved replaced [cancel invite i-bob (Admin (r-admin)), invite as Viewer (r-viewer)], now nothing'
            in outcome.error)
    assert 'alice@example.com' not in outcome.error
    assert outcome.values['plan_fingerprint'] != approved['plan_fingerprint'] and 'invites' not in outcome.values


def test_a_changed_platform_is_refused_with_no_write_even_without_the_approved_plan():
    approved = planned(invite_platform(), invite_params(DESIRED_INVITES))
    adapter = invite_platform()
    adapter.invites.append(pending('i-alice', 'alice@example.com', 'Admin'))  # someone else invited Alice meanwhile
    params = invite_params(DESIRED_INVITES, approved_fingerprint=approved['plan_fingerprint'])
    checked = apply_invites(adapter, params, check_mode=True)
    outcome = apply_invites(adapter, params)
    assert adapter.writes() == [] and not outcome.changed
    assert 'The plan now: bob@example.com: replaced' in outcome.error and 'alice@example.com' not in outcome.error
    # A check run given the fingerprint compares too, so a plan can be re-checked before the apply.
    assert checked.error == outcome.error


def test_an_approved_plan_that_is_not_the_fingerprints_own_is_not_trusted():
    approved = planned(invite_platform(), invite_params(DESIRED_INVITES))
    forged = [dict(item, action='unchanged') for item in approved['plan']]
    adapter = invite_platform()
    adapter.invites.append(pending('i-alice', 'alice@example.com', 'Admin'))
    outcome = apply_invites(adapter, invite_params(DESIRED_INVITES, approved_fingerprint=approved['plan_fingerprint'], approved_plan=forged))
    assert adapter.writes() == []
    assert 'approved_plan is not the plan approved_fingerprint was computed from' in outcome.error


@pytest.mark.parametrize('options, field', [
    ({'approved_fingerprint': 'abc'}, 'approved_fingerprint'),
    ({'approved_plan': []}, 'approved_plan'),
])
def test_malformed_approval_options_are_refused_before_any_read(options, field):
    adapter = invite_platform()
    with pytest.raises(ValidationError) as raised:
        apply_invites(adapter, invite_params(DESIRED_INVITES, **options))
    assert raised.value.field == field
    assert [call for call in adapter.calls if call[0] in ('list_invites', 'list_members')] == []


def member_platform():
    return MemberFake(members=[member('u-me', 'me@example.com', 'Admin'), member('u-ann', 'ann@example.com', 'Viewer'),
                               member('u-bob', 'bob@example.com', 'Developer'), member('u-cy', 'cy@example.com')],
                      teams={'u-ann': [team('t-pay', 'developer')]}, capabilities=[CAP_TEAMS])


DESIRED_USERS = [
    {'email': 'ann@example.com', 'role': 'Admin', 'teams': [{'team': 'Web', 'role': 'read_only'}, {'team': 'Payments', 'role': 'team_manager'}]},
    {'email': 'bob@example.com', 'state': 'absent'},
    {'email': 'me@example.com'},
]


def test_a_member_plan_is_stable_and_a_changed_member_is_refused_with_no_write():
    checked = apply_members(member_platform(), user_params(DESIRED_USERS), check_mode=True).values
    assert checked['plan'] == [
        {'email': 'ann@example.com', 'id': 'u-ann', 'action': 'updated',
         'changes': ['join team Web (t-web) as read_only', 'role Viewer -> Admin (r-admin)',
                     'team Payments (t-pay) role developer -> team_manager']},
        {'email': 'bob@example.com', 'id': 'u-bob', 'action': 'removed', 'changes': ['remove from the organisation (role Developer)']},
    ]
    reordered = [dict(item, email=item['email'].upper(), teams=list(reversed(item['teams'])) if item.get('teams') else None)
                 for item in reversed(DESIRED_USERS)]
    assert apply_members(member_platform(), user_params(reordered), check_mode=True).values['plan_fingerprint'] == checked['plan_fingerprint']
    assert apply_members(member_platform(), user_params(DESIRED_USERS, exclusive=True),
                         check_mode=True).values['plan_fingerprint'] != checked['plan_fingerprint']

    adapter = member_platform()
    adapter.members[1]['role'], adapter.members[1]['role_id'] = 'Developer', 'r-dev'  # someone changed Ann's role meanwhile
    outcome = apply_members(adapter, user_params(DESIRED_USERS, approved_fingerprint=checked['plan_fingerprint'], approved_plan=checked['plan']))
    assert adapter.writes() == [] and not outcome.changed
    assert 'ann@example.com (user u-ann): approved updated [' in outcome.error and 'role Developer (r-dev) -> Admin (r-admin)' in outcome.error
    assert 'bob@example.com' not in outcome.error

    adapter = member_platform()
    outcome = apply_members(adapter, user_params(DESIRED_USERS, approved_fingerprint=checked['plan_fingerprint']))
    assert outcome.error is None and len(adapter.writes()) == 4


def test_the_fingerprint_depends_on_the_scope():
    items = [{'email': 'a@example.com', 'id': None, 'action': 'created', 'changes': ['invite as x']}]
    scope = {'module': 'org_invite', 'platform': 'snyk', 'org_id': 'o1'}
    assert fingerprint(scope, items) == fingerprint(dict(scope), list(items))
    assert fingerprint(scope, items) != fingerprint(dict(scope, module='org_user'), items)
    assert fingerprint(scope, items) != fingerprint(scope, [])
