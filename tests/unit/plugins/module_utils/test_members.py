# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The member engine: on the in-memory platform, then on each real adapter over scripted HTTP."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import CAP_DISABLE_USERS, CAP_TEAMS
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError, OutcomeUnknown, ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._engine import MAX_CREATE_ROUNDS, MAX_ITEMS
from ansible_collections.orgaccess.onboarding.plugins.module_utils import _members as members_engine
from ansible_collections.orgaccess.onboarding.plugins.module_utils._members import (
    apply_members,
    desired_members,
    report_members,
)
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils import test_cisco_xdr as cisco
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils import test_cybedefend as cybedefend
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils import test_snyk as snyk
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_adapter import member
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_members import MemberFake, team
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.scripted_http import Call

NO_OPTIONS = {'email': None, 'user_id': None, 'role': None, 'state': 'present', 'enabled': None, 'teams': None, 'users': None,
              'exclusive': False, 'allow_self': False}
ZERO = {'updated': 0, 'removed': 0, 'disabled': 0, 'enabled': 0, 'unchanged': 0, 'not_found': 0, 'failed': 0}
DISABLE = [CAP_DISABLE_USERS]
TEAMS = [CAP_TEAMS]


def one(**options):
    return dict(NO_OPTIONS, **options)


def many(*users, **options):
    return dict(NO_OPTIONS, users=[dict({'email': None, 'user_id': None, 'role': None, 'state': 'present', 'enabled': None,
                                         'teams': None}, **user) for user in users], **options)


def people(*extra):
    return [member('u-me', 'me@example.com', 'Admin'), member('u-ann', 'ann@example.com', 'Viewer'),
            member('u-bob', 'Bob@Example.com', 'Developer')] + list(extra)


def actions(outcome):
    return [(item['email'], item['action']) for item in outcome.values['users']]


def summary(**counts):
    return dict(ZERO, **counts)


def reads_of_state(adapter):
    return [call for call in adapter.calls if call[0] in ('list_members', 'whoami', 'member_teams')]


# Validation: everything is checked before the members are read or anything is written.

@pytest.mark.parametrize('params, capabilities, field, words', [
    (many({'email': 'ann@example.com'}, {'email': 'bob@'}), (), 'users[1].email', 'not a valid email'),
    (many({'email': 'ann@example.com'}, {'email': 'bob@example.com', 'role': 'Owner'}), (), 'users[1].role', 'not a role that can be assigned'),
    (many({'email': 'ann@example.com', 'role': ' '}), (), 'users[0].role', 'is empty; leave it out to keep the current role'),
    (many({'email': 'ann@example.com', 'user_id': 'u-ann'}), (), 'users[0].user_id', 'give email or user_id, not both'),
    (many({'role': 'Admin'}), (), 'users[0].email', 'an email or a user_id is required'),
    (one(user_id=' '), (), 'email', 'an email or a user_id is required'),
    (one(email='ann@example.com', enabled=False), TEAMS, 'enabled', 'this platform cannot disable or enable users; leave enabled out'),
    (one(email='ann@example.com', teams=[]), DISABLE, 'teams', 'this platform has no teams; leave teams out'),
    (many({'email': 'ann@example.com', 'teams': [{'team': 'Nope', 'role': 'developer'}]}), TEAMS, 'users[0].teams[0].team', 'not a team'),
    (many({'email': 'ann@example.com', 'teams': [{'team': 'Payments', 'role': 'boss'}]}), TEAMS, 'users[0].teams[0].role', 'not a team role'),
    (one(email='ann@example.com', exclusive=True), (), 'exclusive', 'only applies to a list given in users'),
    (many({'email': 'ann@example.com', 'role': 'Admin'}, {'email': 'ANN@example.com', 'state': 'absent'}), (), 'users[1].email',
     'ANN@example.com is also given in users[0] with a different role, state, enabled or teams'),
    (many({'user_id': 'u-ann'}, {'user_id': 'u-ann', 'role': 'Admin'}), (), 'users[1].user_id', 'u-ann is also given in users[0]'),
])
def test_input_errors_name_the_item_and_field_before_any_read_or_write(params, capabilities, field, words):
    adapter = MemberFake(members=people(), capabilities=capabilities)
    with pytest.raises(ValidationError) as caught:
        apply_members(adapter, params)
    assert caught.value.field == field and caught.value.platform == 'fake'
    assert words in str(caught.value) and field in str(caught.value)
    assert reads_of_state(adapter) == [] and adapter.writes() == []


def test_every_problem_is_reported_at_once_and_long_lists_are_cut():
    params = many({'email': 'bad'}, {'email': 'ann@example.com', 'role': 'Nope'}, {'user_id': 'u-1', 'email': 'x@example.com'})
    with pytest.raises(ValidationError) as caught:
        desired_members(MemberFake(), params)
    text = str(caught.value)
    assert text.startswith('3 problems in the input, nothing was changed: fake: users[0].email')
    assert 'fake: users[1].role' in text and 'fake: users[2].user_id' in text
    with pytest.raises(ValidationError, match=r'^25 problems .*\(and 15 more\)$'):
        desired_members(MemberFake(), many(*[{'email': 'bad%d' % number} for number in range(25)]))


def test_too_many_items_are_refused():
    with pytest.raises(ValidationError) as caught:
        desired_members(MemberFake(), many(*[{'user_id': 'u-%d' % number} for number in range(MAX_ITEMS + 1)]))
    assert caught.value.field == 'users' and 'at most %d' % MAX_ITEMS in str(caught.value)


def test_exact_repeats_are_dropped_and_absent_ignores_the_rest():
    params = many({'email': 'ann@example.com', 'role': 'admin'}, {'email': ' ANN@example.com', 'role': 'Admin'},
                  {'user_id': 'u-bob', 'state': 'absent', 'role': 'Nope', 'enabled': True, 'teams': [{'team': 'Nope', 'role': 'x'}]})
    desired = desired_members(MemberFake(), params)
    assert [(item['index'], item['where'], item['email'], item['user_id']) for item in desired] == [
        (0, 'users[0]', 'ann@example.com', None), (2, 'users[2]', None, 'u-bob')]
    assert (desired[1]['role'], desired[1]['enabled'], desired[1]['teams']) == (None, None, None)


# Real runs

def test_real_run_updates_removes_and_reports_each_item():
    adapter = MemberFake(members=people(member('u-cy', 'cy@example.com')))
    params = many({'email': 'ann@example.com', 'role': 'admin'}, {'email': 'bob@example.com', 'state': 'absent'},
                  {'email': 'zed@example.com', 'role': 'Viewer'}, {'user_id': 'u-cy', 'role': 'Viewer'})
    outcome = apply_members(adapter, params)
    assert actions(outcome) == [('ann@example.com', 'updated'), ('bob@example.com', 'removed'), ('zed@example.com', 'not_found'),
                                ('cy@example.com', 'unchanged')]
    assert adapter.writes() == [('update', 'u-ann', 'r-admin', None), ('remove', 'u-bob')]
    assert outcome.values['users'][:3] == [
        {'email': 'ann@example.com', 'id': 'u-ann', 'action': 'updated', 'role': 'Admin', 'enabled': None, 'teams': None},
        {'email': 'bob@example.com', 'id': 'u-bob', 'action': 'removed', 'role': 'Developer', 'enabled': None, 'teams': None},
        {'email': 'zed@example.com', 'id': None, 'action': 'not_found', 'role': None, 'enabled': None, 'teams': None}]
    assert outcome.values['summary'] == summary(updated=1, removed=1, not_found=1, unchanged=1)
    assert outcome.changed is True and outcome.error is None
    assert outcome.diff == {'before': {'ann@example.com': {'id': 'u-ann', 'role': 'Viewer'}, 'bob@example.com': {'id': 'u-bob', 'role': 'Developer'}},
                            'after': {'ann@example.com': {'id': 'u-ann', 'role': 'Admin'}, 'bob@example.com': None}}
    assert ('member_teams',) not in adapter.calls


def test_second_run_changes_nothing_and_check_mode_predicts_the_real_run():
    params = many({'email': 'ann@example.com', 'role': 'Admin'}, {'email': 'bob@example.com', 'state': 'absent'},
                  {'email': 'cy@example.com', 'role': 'Viewer'}, exclusive=True,
                  max_removals='2')
    checked = MemberFake(members=people(member('u-cy', 'cy@example.com', 'Admin'), member('u-dee', 'dee@example.com')))
    real = MemberFake(members=checked.members)
    predicted = apply_members(checked, params, check_mode=True)
    assert checked.writes() == [] and [known['role'] for known in checked.members] == ['Admin', 'Viewer', 'Developer', 'Admin', 'Viewer']
    applied = apply_members(real, params)
    assert predicted.values == applied.values and predicted.diff == applied.diff and predicted.changed is applied.changed is True
    assert actions(applied) == [('ann@example.com', 'updated'), ('bob@example.com', 'removed'), ('cy@example.com', 'updated'),
                                ('me@example.com', 'unchanged'), ('dee@example.com', 'removed')]
    writes = len(real.writes())
    again = apply_members(real, params)
    assert again.changed is False and len(real.writes()) == writes == 4
    assert again.values['summary'] == summary(unchanged=3, not_found=1)


def test_exclusive_never_touches_the_own_identity_even_with_allow_self():
    adapter = MemberFake(members=people())
    outcome = apply_members(adapter, many({'email': 'ann@example.com'}, exclusive=True, allow_self=True))
    assert actions(outcome) == [('ann@example.com', 'unchanged'), ('me@example.com', 'unchanged'), ('Bob@Example.com', 'removed')]
    assert outcome.values['users'][1]['msg'].startswith('kept: it is the identity these credentials belong to')
    assert adapter.writes() == [('remove', 'u-bob')]


def test_absent_and_exclusive_disable_where_users_cannot_be_deleted():
    members = [member('u-me', 'me@example.com', 'Admin'), dict(member('u-ann', 'ann@example.com'), enabled=True),
               dict(member('u-bob', 'bob@example.com'), enabled=True), dict(member('u-cy', 'cy@example.com'), enabled=False)]
    adapter = MemberFake(members=members, capabilities=DISABLE)
    params = many({'email': 'ann@example.com', 'state': 'absent'}, {'email': 'cy@example.com', 'enabled': True, 'role': 'Admin'}, exclusive=True,
                  max_removals='2')
    outcome = apply_members(adapter, params)
    assert actions(outcome) == [('ann@example.com', 'disabled'), ('cy@example.com', 'enabled'), ('me@example.com', 'unchanged'),
                                ('bob@example.com', 'disabled')]
    assert adapter.writes() == [('update', 'u-cy', 'r-admin', True), ('update', 'u-ann', None, False), ('update', 'u-bob', None, False)]
    assert outcome.values['users'][1]['enabled'] is True and outcome.values['users'][1]['role'] == 'Admin'
    assert outcome.diff['after']['ann@example.com'] == {'id': 'u-ann', 'role': 'Viewer', 'enabled': False}
    params = many({'email': 'ann@example.com', 'state': 'absent'}, {'email': 'cy@example.com', 'role': 'Admin'}, exclusive=True)
    again = apply_members(adapter, params)
    assert actions(again) == [('ann@example.com', 'unchanged'), ('cy@example.com', 'unchanged'), ('me@example.com', 'unchanged')]
    assert again.changed is False and len(adapter.writes()) == 3


def test_the_own_identity_is_refused_before_any_write():
    adapter = MemberFake(members=people())
    with pytest.raises(ValidationError) as caught:
        apply_members(adapter, many({'email': 'ann@example.com', 'role': 'Admin'}, {'email': 'me@example.com', 'state': 'absent'}))
    assert caught.value.field == 'users[1].state'
    assert str(caught.value).startswith('fake: users[1].state: me@example.com is the identity these credentials belong to')
    assert adapter.writes() == []
    # The identity is the only administrator, so min_admins must be lowered as well.
    outcome = apply_members(adapter, one(email='me@example.com', role='Viewer', allow_self=True, min_admins=0))
    assert actions(outcome) == [('me@example.com', 'updated')]


def test_guard_rails_of_the_platform_refuse_the_whole_request_before_any_write():
    def last_admin_stays(before, after, me, projected):
        if before['role'] == 'Admin' and (after is None or after['role'] != 'Admin'):
            return 'role' if after else 'state', 'an Admin stays one (asked by %s)' % me['email']
        return None
    adapter = MemberFake(members=people(member('u-cy', 'cy@example.com', 'Admin')))
    adapter.member_change_refusal = last_admin_stays
    params = many({'email': 'ann@example.com', 'role': 'Admin'}, {'email': 'cy@example.com', 'role': 'Viewer'},
                  {'user_id': 'u-cy', 'state': 'absent'})
    with pytest.raises(ValidationError) as caught:
        apply_members(adapter, params)
    assert str(caught.value) == ('2 problems in the input, nothing was changed: fake: users[1].role: an Admin stays one (asked by '
                                 'me@example.com); fake: users[2].user_id: names the same member (cy@example.com) as users[1]; give each member once')
    assert adapter.writes() == []


# Teams

def test_teams_are_read_only_when_asked_for_and_made_exact_in_phases():
    adapter = MemberFake(members=people(), capabilities=TEAMS,
                         teams={'u-ann': [team('t-pay', 'team_manager'), team('t-web', 'read_only')], 'u-bob': [team('t-pay', 'developer')]})
    adapter.TEAM_MANAGER_ROLE = 'team_manager'
    params = many({'email': 'ann@example.com', 'role': 'Admin', 'teams': [{'team': 'payments', 'role': 'developer'}]},
                  {'email': 'bob@example.com', 'teams': [{'team': 'Payments', 'role': 'team_manager'}, {'team': 'Web', 'role': 'read_only'}]})
    outcome = apply_members(adapter, params, check_mode=True)
    assert adapter.writes() == [] and adapter.calls.count(('member_teams',)) == 1
    applied = apply_members(adapter, params)
    assert applied.values == outcome.values
    assert adapter.writes() == [('update', 'u-ann', 'r-admin', None), ('team', 't-web', 'u-bob', 'read_only', None),
                                ('team', 't-pay', 'u-bob', 'team_manager', 'developer'), ('team', 't-pay', 'u-ann', 'developer', 'team_manager'),
                                ('team', 't-web', 'u-ann', None, 'read_only')]
    assert applied.values['users'][0]['teams'] == [team('t-pay', 'developer')]
    assert applied.values['users'][1]['teams'] == [team('t-pay', 'team_manager'), team('t-web', 'read_only')]
    assert applied.diff['before']['ann@example.com']['teams'] == [{'team': 'Payments', 'role': 'team_manager'}, {'team': 'Web', 'role': 'read_only'}]
    assert apply_members(adapter, params).changed is False


def test_a_team_addition_whose_outcome_is_unknown_is_looked_up_not_sent_twice():
    lost = OutcomeUnknown('fake', 'POST', '/team/t-pay/member', 504)
    adapter = MemberFake(members=people(), capabilities=TEAMS, write_errors={('team', 'u-ann'): [lost]})
    outcome = apply_members(adapter, one(email='ann@example.com', teams=[{'team': 'Payments', 'role': 'developer'}]))
    assert actions(outcome) == [('ann@example.com', 'updated')] and outcome.error is None
    assert adapter.writes() == [('team', 't-pay', 'u-ann', 'developer', None)]
    assert adapter.calls.count(('member_teams',)) == 2


def test_a_team_addition_that_did_not_happen_is_sent_again_a_bounded_number_of_times():
    missing = OutcomeUnknown('fake', 'POST', '/team/t-pay/member', reason='timed out')
    adapter = MemberFake(members=people(), capabilities=TEAMS)
    sends = []

    def never_lands(team_id, user_id, role=None, current_role=None):
        sends.append(team_id)
        raise missing
    adapter.set_team_membership = never_lands
    outcome = apply_members(adapter, one(email='ann@example.com', teams=[{'team': 'Payments', 'role': 'developer'}]))
    assert len(sends) == MAX_CREATE_ROUNDS
    assert outcome.values['users'][0]['action'] == 'failed'
    assert outcome.values['users'][0]['msg'].startswith('could not change team Payments: the outcome stayed unknown after 6 attempts')


def test_failed_items_take_no_further_step_and_fail_at_the_end():
    error = ApiError('fake', 'PUT', '/member/role', 403, vendor_message='Forbidden resource')
    adapter = MemberFake(members=people(member('u-cy', 'cy@example.com')), capabilities=TEAMS, write_errors={('update', 'u-ann'): [error]})
    params = many({'email': 'ann@example.com', 'role': 'Admin', 'teams': [{'team': 'Web', 'role': 'developer'}]},
                  {'email': 'bob@example.com', 'role': 'Viewer'}, {'email': 'cy@example.com', 'state': 'absent'})
    outcome = apply_members(adapter, params)
    assert actions(outcome) == [('ann@example.com', 'failed'), ('bob@example.com', 'updated'), ('cy@example.com', 'removed')]
    assert outcome.values['users'][0]['msg'] == 'could not change the user: fake: PUT /member/role returned HTTP 403: Forbidden resource'
    assert outcome.error == '1 of 3 users failed (ann@example.com); see msg in each failed item of users'
    assert adapter.writes() == [('update', 'u-ann', 'r-admin', None), ('update', 'u-bob', 'r-viewer', None), ('remove', 'u-cy')]
    assert outcome.diff['after']['ann@example.com'] == outcome.diff['before']['ann@example.com']
    assert outcome.values['summary'] == summary(failed=1, updated=1, removed=1)


def test_a_bug_midway_stops_the_run_but_what_was_written_is_reported():
    adapter = MemberFake(members=people(member('u-cy', 'cy@example.com'), member('u-dee', 'dee@example.com')),
                         write_errors={('remove', 'u-ann'): [KeyError('oops')]})
    outcome = apply_members(adapter, many({'email': 'bob@example.com', 'role': 'Admin'}, {'email': 'ann@example.com', 'state': 'absent'},
                                          {'email': 'cy@example.com', 'state': 'absent'}, {'email': 'dee@example.com', 'role': 'Admin'},
                                          max_removals='2'))
    # The removals are one phase: Cy's removal went out beside Ann's bug and is reported as done.
    assert adapter.writes() == [('update', 'u-bob', 'r-admin', None), ('update', 'u-dee', 'r-admin', None), ('remove', 'u-ann'),
                                ('remove', 'u-cy')]
    assert outcome.changed is True
    assert actions(outcome) == [('bob@example.com', 'updated'), ('ann@example.com', 'failed'), ('cy@example.com', 'removed'),
                                ('dee@example.com', 'updated')]
    assert outcome.values['users'][0]['role'] == 'Admin'
    assert outcome.values['users'][1]['msg'] == "could not remove the user: 'oops'"
    assert outcome.error.startswith("the run stopped midway after writing to the platform (an unexpected error): KeyError: 'oops'")
    assert 'Traceback' in outcome.exception and 'KeyError' in outcome.exception


def test_an_api_error_raised_outside_an_item_midway_is_reported_with_what_was_written(monkeypatch):
    adapter = MemberFake(members=people(), capabilities=TEAMS)
    error = ApiError('fake', 'POST', '/team', 401, vendor_message='token revoked')
    original = members_engine.run_bounded

    def run_bounded(func, pairs, concurrency):
        if pairs and pairs[0][1]['kind'] == 'team':
            raise error
        return original(func, pairs, concurrency)
    monkeypatch.setattr(members_engine, 'run_bounded', run_bounded)
    outcome = apply_members(adapter, many({'email': 'bob@example.com', 'role': 'Admin'},
                                          {'email': 'ann@example.com', 'teams': [{'team': 'Web', 'role': 'developer'}]}))
    assert adapter.writes() == [('update', 'u-bob', 'r-admin', None)]
    assert actions(outcome) == [('bob@example.com', 'updated'), ('ann@example.com', 'failed')]
    assert outcome.values['users'][1]['msg'] == 'not done: the run stopped before this item was finished (ApiError)'
    assert outcome.changed is True and outcome.exception is None
    assert outcome.error.startswith('the run stopped midway after writing to the platform: fake: POST /team returned HTTP 401: token revoked')


# org_user_info

SECRET_MEMBER = dict(member('u-cy', 'cy@example.com', 'Admin'), secret='member-token-0001')


def test_report_every_member_with_public_keys_only():
    adapter = MemberFake(members=people(SECRET_MEMBER))
    users = report_members(adapter, {'include_teams': True}).values['users']
    assert [known['id'] for known in users] == ['u-me', 'u-ann', 'u-bob', 'u-cy']
    assert users[3] == {'id': 'u-cy', 'email': 'cy@example.com', 'name': None, 'role': 'Admin', 'role_id': 'Admin', 'enabled': None,
                        'teams': None, 'platform': 'fake'}
    assert adapter.writes() == [] and ('member_teams',) not in adapter.calls


def test_report_by_email_by_ids_and_by_role():
    adapter = MemberFake(members=people(SECRET_MEMBER), capabilities=TEAMS, teams={'u-bob': [team('t-web', 'developer')]})
    by_email = report_members(adapter, {'email': ' BOB@example.com', 'include_teams': True}).values['users']
    assert [(known['id'], known['teams']) for known in by_email] == [('u-bob', [team('t-web', 'developer')])]
    by_ids = report_members(adapter, {'user_ids': ['u-cy', 'u-zed', 'u-ann'], 'role': 'admin', 'include_teams': False}).values['users']
    assert [(known['id'], known['teams']) for known in by_ids] == [('u-cy', None)]
    assert report_members(adapter, {'user_ids': []}).values['users'] == []
    assert adapter.calls.count(('member_teams',)) == 1


@pytest.mark.parametrize('params, field', [
    ({'email': 'not-an-email'}, 'email'),
    ({'user_ids': ['u-1', ' ']}, 'user_ids[1]'),
    ({'role': 'Owner'}, 'role'),
])
def test_report_input_errors(params, field):
    adapter = MemberFake(members=people())
    with pytest.raises(ValidationError) as caught:
        report_members(adapter, params)
    assert caught.value.field == field and ('list_members',) not in adapter.calls


# On the real adapters, over scripted HTTP

def cisco_user(user_id, email, role='user', enabled=True):
    return {'user-id': user_id, 'user-email': email, 'user-name': email.split('@')[0], 'role': role, 'enabled?': enabled, 'org-id': 'org-1'}


def test_cisco_xdr_role_change_and_absent_disables_through_the_user_api():
    me, ann, bob = 'idb-amp:me', 'idb-amp:ann-01', 'idb-amp:bob-02'
    users = [cisco_user(me, 'me@example.com', 'admin'), cisco_user(ann, 'ann@example.com'), cisco_user(bob, 'bob@example.com')]
    adapter, session = cisco.make([
        cisco.token_call(),
        Call('GET', cisco.ROLES, body=['admin', 'user']),
        Call('POST', cisco.SEARCH_USERS, query=cisco.page_query(0), json={}, body=users),
        Call('POST', cisco.SEARCH_USERS, query=cisco.page_query(3), json={}, body=[]),
        Call('GET', '/iroh/profile/whoami', body={'user': {'user-id': me, 'user-email': 'me@example.com'}}),
        Call('POST', '/iroh/user-mgmt/users/idb-amp%3Aann-01', json={'role': 'admin'}, request_headers=cisco.BEARER1,
             body=cisco_user(ann, 'ann@example.com', 'admin')),
        Call('POST', '/iroh/user-mgmt/users/idb-amp%3Abob-02', json={'enabled?': False}, body=cisco_user(bob, 'bob@example.com', enabled=False)),
    ])
    outcome = apply_members(adapter, many({'email': 'ANN@example.com', 'role': 'admin'}, {'email': 'bob@example.com', 'state': 'absent'}))
    session.assert_done()
    assert [(item['action'], item['role'], item['enabled']) for item in outcome.values['users']] == [('updated', 'admin', True),
                                                                                                     ('disabled', 'user', False)]


def test_cisco_xdr_users_by_ids_in_one_batch():
    adapter, session = cisco.make([
        cisco.token_call(),
        Call('GET', '/iroh/user-mgmt/batch/users', query={'id': ['idb-amp:a', 'idb-amp:b']}, body=[cisco_user('idb-amp:b', 'b@example.com')]),
        Call('GET', cisco.ROLES, body=['admin', 'user']),
    ])
    users = report_members(adapter, {'user_ids': ['idb-amp:a', 'idb-amp:b'], 'include_teams': True}).values['users']
    session.assert_done()
    assert users == [{'id': 'idb-amp:b', 'email': 'b@example.com', 'name': 'b', 'role': 'user', 'role_id': 'user', 'enabled': True,
                      'teams': None, 'platform': 'cisco_xdr'}]


def snyk_memberships(*members):
    return snyk.page([snyk.membership(*known) for known in members])


def test_snyk_role_change_patches_and_removal_deletes_the_membership():
    adapter, session = snyk.make(snyk.role_calls() + [
        Call('GET', snyk.MEMBERSHIPS, query={'version': snyk.VERSION, 'limit': '100'},
             body=snyk_memberships(('m-1', 'u-1', 'me@example.com', snyk.ADMIN_ID, 'Org Admin'),
                                   ('m-2', 'u-2', 'Ann@Example.com', snyk.COLLAB_ID, 'Org Collaborator'),
                                   ('m-3', 'u-3', 'bob@example.com', snyk.COLLAB_ID, 'Org Collaborator'))),
        Call('GET', '/rest/self', query=snyk.V, body={'data': {'id': 'u-1', 'attributes': {'email': 'me@example.com'}}}),
        Call('PATCH', snyk.MEMBERSHIPS + '/m-2', status=204, query=snyk.V, json=snyk.patch_body('m-2', snyk.ADMIN_ID),
             request_headers=snyk.BODY_HEADERS),
        Call('DELETE', snyk.MEMBERSHIPS + '/m-3', status=204, query=snyk.V),
    ])
    outcome = apply_members(adapter, many({'email': 'ann@example.com', 'role': 'org admin'}, {'email': 'BOB@example.com', 'state': 'absent'}))
    session.assert_done()
    assert actions(outcome) == [('ann@example.com', 'updated'), ('BOB@example.com', 'removed')]
    assert outcome.values['users'][0]['role'] == 'Org Admin'


def test_snyk_members_by_email_use_the_email_filter_and_compare_without_case():
    filtered = {'version': snyk.VERSION, 'limit': '100', 'email': 'Ann@example.com'}
    adapter, session = snyk.make([
        Call('GET', snyk.MEMBERSHIPS, query=filtered,
             body=snyk_memberships(('m-2', 'u-2', 'ann@EXAMPLE.com', snyk.COLLAB_ID, 'Org Collaborator'),
                                   ('m-9', 'u-9', 'anna@example.com', snyk.COLLAB_ID, 'Org Collaborator'))),
    ])
    assert [known['membership_id'] for known in adapter.members_by_email(' Ann@example.com ')] == ['m-2']
    session.assert_done()


def test_snyk_members_by_email_read_the_whole_list_when_the_filter_finds_nobody():
    adapter, session = snyk.make([
        Call('GET', snyk.MEMBERSHIPS, query={'version': snyk.VERSION, 'limit': '100', 'email': 'Ann@example.com'}, body=snyk.page([])),
        Call('GET', snyk.MEMBERSHIPS, query={'version': snyk.VERSION, 'limit': '100'},
             body=snyk_memberships(('m-2', 'u-2', 'ann@example.com', snyk.COLLAB_ID, 'Org Collaborator'))),
    ])
    assert [known['id'] for known in adapter.members_by_email('Ann@example.com')] == ['u-2']
    session.assert_done()


def cybedefend_page(*users):
    return {'users': list(users), 'totalUsers': len(users), 'totalPages': 1}


def cybedefend_run():
    """Roles, teams and a removal on CybeDefend: ``(outcome, requests sent)``, every request scripted in order."""
    org, team_a, team_b = cybedefend.ORG_BASE, cybedefend.TEAM_A, cybedefend.TEAM_B
    me, ann, bob, cy = cybedefend.uid(1), cybedefend.uid(2), cybedefend.uid(3), cybedefend.uid(4)
    bearer = cybedefend.BEARER1
    adapter, session, sent = cybedefend.make(cybedefend.auth_calls() + [
        cybedefend.get(org + '/teams', {'teams': [{'id': team_a, 'name': 'Core'}, {'id': team_b, 'name': 'Platform'}]}),
        cybedefend.get(org + '/members', cybedefend_page(cybedefend.user(1, 'administrator'), cybedefend.user(2), cybedefend.user(3),
                                                         cybedefend.user(4)), query=cybedefend.page_query(1)),
        cybedefend.get('/user/profile', {'id': me, 'email': 'User1@Example.com'}),
        cybedefend.get('/team/%s/members' % team_a, cybedefend_page(cybedefend.user(2, 'developer'), cybedefend.user(3, 'team_manager')),
                       query=cybedefend.page_query(1)),
        cybedefend.get('/team/%s/members' % team_b, cybedefend_page(), query=cybedefend.page_query(1)),
        Call('PUT', org + '/member/role', json={'userId': ann, 'role': 'manager'}, body={'message': 'ok'}, request_headers=bearer),
        Call('POST', '/team/%s/member' % team_b, json={'userId': ann, 'role': 'read_only'}, body={'message': 'ok'}),
        Call('PUT', '/team/%s/member/role' % team_a, json={'userId': ann, 'role': 'team_manager'}, body={'success': True}),
        Call('PUT', '/team/%s/member/role' % team_a, json={'userId': bob, 'role': 'developer'}, body={'success': True}),
        Call('DELETE', org + '/member', json={'userId': cy}, body={'message': 'ok'}),
    ], concurrency=1)
    params = many({'email': 'user2@example.com', 'role': 'Manager', 'teams': [{'team': 'core', 'role': 'team_manager'},
                                                                              {'team': team_b, 'role': 'read_only'}]},
                  {'user_id': bob, 'teams': [{'team': 'Core', 'role': 'developer'}]}, {'email': 'user4@example.com', 'state': 'absent'})
    outcome = apply_members(adapter, params)
    session.assert_done()
    return outcome, sent


def test_cybedefend_roles_teams_and_removal_in_phases():
    outcome, dummy = cybedefend_run()
    assert actions(outcome) == [('user2@example.com', 'updated'), ('User3@Example.com', 'updated'), ('user4@example.com', 'removed')]
    assert outcome.values['users'][0]['teams'] == [{'team_id': cybedefend.TEAM_A, 'team': 'Core', 'role': 'team_manager'},
                                                   {'team_id': cybedefend.TEAM_B, 'team': 'Platform', 'role': 'read_only'}]


def test_cybedefend_member_requests_follow_the_vendor_document():
    dummy, sent = cybedefend_run()
    spec = cybedefend.vendor_spec(cybedefend.SPEC_FILE, cybedefend.SPEC_OPERATIONS, patch=cybedefend.fix_team_members_page)
    checked = cybedefend.api_requests(sent)
    assert len(checked) == 11
    for entry in checked:
        cybedefend.check_request(spec, entry)


@pytest.mark.parametrize('params, field, words', [
    (one(email='user2@example.com', role='member'), 'role', "CybeDefend does not let an administrator's role be changed, by anyone"),
    (one(email='user1@example.com', role='member', allow_self=True), 'role', 'CybeDefend does not let anyone change their own role'),
    (one(email='user1@example.com', state='absent', allow_self=True), 'state',
     'CybeDefend does not let anyone remove themselves from the organisation'),
    (many({'email': 'user3@example.com', 'role': 'manager'}, {'email': 'user2@example.com', 'state': 'absent'}),
     'users[1].state', 'the organisation must keep at least one administrator'),
    (one(email='user3@example.com', teams=[]), 'teams', 'team Core must keep at least one team_manager'),
    (one(email='user3@example.com', state='absent'), 'state', 'team Core must keep at least one team_manager'),
])
def test_cybedefend_guard_rails_are_refused_before_any_write(params, field, words):
    org = cybedefend.ORG_BASE
    calls = cybedefend.auth_calls() + [
        cybedefend.get(org + '/members', cybedefend_page(cybedefend.user(1, 'manager'), cybedefend.user(2, 'administrator'), cybedefend.user(3)),
                       query=cybedefend.page_query(1)),
        cybedefend.get('/user/profile', {'id': cybedefend.uid(1), 'email': 'user1@example.com'}),
    ]
    if params.get('teams') is not None or any(item.get('state') == 'absent' for item in params['users'] or [params]):
        calls += [cybedefend.get(org + '/teams', {'teams': [{'id': cybedefend.TEAM_A, 'name': 'Core'}]}),
                  cybedefend.get('/team/%s/members' % cybedefend.TEAM_A, cybedefend_page(cybedefend.user(3, 'team_manager')),
                                 query=cybedefend.page_query(1))]
    adapter, session, sent = cybedefend.make(calls, ordered=False)
    with pytest.raises(ValidationError) as caught:
        apply_members(adapter, params)
    assert caught.value.field == field and words in str(caught.value)
    assert [entry for entry in cybedefend.api_requests(sent) if entry['method'] != 'GET'] == [] and session.calls == []


def test_cybedefend_a_team_manager_does_not_change_another_team_managers_role():
    core = {'team_id': cybedefend.TEAM_A, 'team': 'Core'}
    me = {'id': 'u-me', 'role': 'manager', 'teams': [dict(core, role='team_manager')]}
    other = {'id': 'u-tm', 'role': 'member', 'teams': [dict(core, role='team_manager')]}
    demoted = dict(other, teams=[dict(core, role='developer')])
    adapter, dummy, sent = cybedefend.make([])
    assert adapter.member_change_refusal(other, demoted, me, [me, demoted]) == (
        'teams', 'CybeDefend does not let a team_manager of team Core change the role of a team_manager of that team')
    assert adapter.member_change_refusal(other, dict(other, teams=[]), me, [me]) is None
    assert adapter.member_change_refusal(other, demoted, None, [demoted, dict(me, teams=[dict(core, role='team_manager')], id='u-x')]) is None
    assert sent == []


def test_cybedefend_the_last_team_manager_of_a_team_is_not_removed_from_the_organisation():
    core = {'team_id': cybedefend.TEAM_A, 'team': 'Core'}
    manager = {'id': 'u-tm', 'role': 'member', 'teams': [dict(core, role='team_manager')]}
    developer = {'id': 'u-dev', 'role': 'member', 'teams': [dict(core, role='developer')]}
    adapter, dummy, sent = cybedefend.make([])
    assert adapter.member_change_refusal(manager, None, None, [developer]) == ('state', 'team Core must keep at least one team_manager')
    promoted = dict(developer, teams=[dict(core, role='team_manager')])
    assert adapter.member_change_refusal(manager, None, None, [promoted]) is None
    assert adapter.member_change_refusal(developer, None, None, [manager]) is None


def test_cybedefend_members_by_email_search_then_the_whole_list():
    org = cybedefend.ORG_BASE
    search = dict(cybedefend.page_query(1), search='user2@example.com')
    adapter, session, dummy = cybedefend.make(cybedefend.auth_calls() + [
        cybedefend.get(org + '/members', cybedefend_page(cybedefend.user(12), cybedefend.user(2)), query=search),
        cybedefend.get(org + '/members', cybedefend_page(), query=dict(search, search='nobody@example.com')),
        cybedefend.get(org + '/members', cybedefend_page(cybedefend.user(2), cybedefend.user(3)), query=cybedefend.page_query(1)),
    ])
    assert [known['id'] for known in adapter.members_by_email('user2@example.com')] == [cybedefend.uid(2)]
    assert adapter.members_by_email('nobody@example.com') == []
    session.assert_done()
