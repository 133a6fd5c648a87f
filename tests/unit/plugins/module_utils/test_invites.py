# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import CAP_PARALLEL_INVITES, CAP_RENEW, CAP_TEAMS
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError, ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._engine import MAX_CREATE_ROUNDS, MAX_ITEMS
from ansible_collections.orgaccess.onboarding.plugins.module_utils._invites import apply_invites, desired_invites, report_invites
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_adapter import FakeAdapter, member, pending

NO_ITEM_OPTIONS = {'email': None, 'role': None, 'state': 'present', 'teams': None, 'exclusive': False}


def many(*items, **options):
    """org_invite parameters for a list of items, each ``(email, role[, state[, teams]])``."""
    invites = []
    for item in items:
        email, role = item[0], item[1]
        state = item[2] if len(item) > 2 else 'present'
        teams = item[3] if len(item) > 3 else None
        invites.append({'email': email, 'role': role, 'state': state, 'teams': teams})
    return dict(NO_ITEM_OPTIONS, invites=invites, **options)


def one(email, role=None, state='present', teams=None):
    return dict(NO_ITEM_OPTIONS, email=email, role=role, state=state, teams=teams, invites=None)


def actions(outcome):
    return [(item['email'], item['action']) for item in outcome.values['invites']]


def reads_of_state(adapter):
    return [call for call in adapter.calls if call[0] in ('list_invites', 'list_members')]


# Validation: everything is checked before anything is read (but roles and teams) or written.

@pytest.mark.parametrize('params, field, words', [
    (many(('alice@example.com', 'Admin'), ('bob@example.com', 'Viewer'), ('carol@', 'Viewer'), ('dan@example.com', 'Admin')),
     'invites[2].email', 'not a valid email'),
    (many(('alice@example.com', 'Admin'), ('bob@example.com', 'Owner')), 'invites[1].role', 'not a role that can be assigned'),
    (many(('alice@example.com', None)), 'invites[0].role', 'is required when state is present'),
    (many(('alice@example.com', ' ', 'renewed')), 'invites[0].role', 'is required when state is renewed'),
    (one('not an email', 'Admin'), 'email', 'not a valid email'),
    (one('alice@example.com'), 'role', 'is required'),
    (one('alice@example.com', 'Admin', teams=[{'team': 'Payments', 'role': 'developer'}]), 'teams',
     'this platform has no teams'),
    (dict(one('alice@example.com', 'Admin'), exclusive=True), 'exclusive', 'only applies to a list'),
])
def test_input_errors_name_the_item_and_field_before_any_read_or_write(params, field, words):
    adapter = FakeAdapter(invites=[pending('i1', 'alice@example.com')])
    with pytest.raises(ValidationError) as caught:
        apply_invites(adapter, params)
    assert caught.value.field == field
    assert words in str(caught.value) and field in str(caught.value)
    assert reads_of_state(adapter) == [] and adapter.writes() == []


def test_same_email_twice_with_different_roles_names_both_items():
    params = many(('alice@example.com', 'Admin'), ('bob@example.com', 'Viewer'), (' ALICE@example.com', 'Viewer'))
    with pytest.raises(ValidationError) as caught:
        desired_invites(FakeAdapter(), params)
    assert caught.value.field == 'invites[2].email'
    assert 'invites[0]' in str(caught.value)


def test_same_email_twice_with_different_states_is_an_error():
    params = many(('alice@example.com', 'Admin'), ('Alice@example.com', 'Admin', 'renewed'))
    with pytest.raises(ValidationError, match=r'invites\[1\]\.email: .*also given in invites\[0\]'):
        desired_invites(FakeAdapter(), params)


def test_exact_repeats_are_dropped_even_when_spelled_differently():
    params = many(('alice@example.com', 'Admin'), ('  Alice@Example.com ', 'admin'), ('eve@example.com', 'Admin', 'absent'),
                  ('EVE@example.com', 'Viewer', 'absent'))
    desired = desired_invites(FakeAdapter(), params)
    assert [(item['index'], item['email'], item['state']) for item in desired] == [
        (0, 'alice@example.com', 'present'), (2, 'eve@example.com', 'absent')]
    assert desired[1]['role'] is None


def test_every_problem_is_reported_at_once():
    params = many(('bad', 'Admin'), ('ok@example.com', 'Admin'), ('also bad', 'Admin'), ('x@example.com', 'Nope'))
    with pytest.raises(ValidationError) as caught:
        desired_invites(FakeAdapter(), params)
    text = str(caught.value)
    assert text.startswith('3 problems in the input, nothing was changed')
    for field in ('invites[0].email', 'invites[2].email', 'invites[3].role'):
        assert field in text


def test_long_problem_lists_are_cut():
    params = many(*[('bad%d' % number, 'Admin') for number in range(25)])
    with pytest.raises(ValidationError, match=r'25 problems .*\(and 15 more\)$'):
        desired_invites(FakeAdapter(), params)


def test_too_many_items_are_refused():
    params = many(*[('user%d@example.com' % number, 'Admin') for number in range(MAX_ITEMS + 1)])
    with pytest.raises(ValidationError) as caught:
        desired_invites(FakeAdapter(), params)
    assert caught.value.field == 'invites' and 'at most %d' % MAX_ITEMS in str(caught.value)


def test_teams_are_resolved_where_the_platform_has_them():
    adapter = FakeAdapter(capabilities=[CAP_TEAMS])
    params = many(('alice@example.com', 'Admin', 'present', [{'team': 'payments', 'role': 'developer'}, {'team': 't-web', 'role': 'read_only'}]))
    [item] = desired_invites(adapter, params)
    assert item['teams'] == [{'team_id': 't-pay', 'team': 'Payments', 'role': 'developer'},
                             {'team_id': 't-web', 'team': 'Web', 'role': 'read_only'}]


@pytest.mark.parametrize('teams, field', [
    ([{'team': 'Nope', 'role': 'developer'}], 'invites[0].teams[0].team'),
    ([{'team': 'Payments', 'role': 'developer'}, {'team': 'Web', 'role': 'boss'}], 'invites[0].teams[1].role'),
    ([{'team': 'Payments', 'role': 'developer'}, {'team': 't-pay', 'role': 'read_only'}], 'invites[0].teams[1].team'),
])
def test_team_errors_name_the_team_entry(teams, field):
    adapter = FakeAdapter(capabilities=[CAP_TEAMS])
    with pytest.raises(ValidationError) as caught:
        desired_invites(adapter, many(('alice@example.com', 'Admin', 'present', teams)))
    assert caught.value.field == field


def test_absent_items_need_no_role_and_ignore_teams():
    [item] = desired_invites(FakeAdapter(), many(('eve@example.com', None, 'absent', [{'team': 'Nope', 'role': 'x'}])))
    assert item['role'] is None and item['teams'] is None


# Real runs

def test_real_run_orders_writes_and_reports_each_item():
    adapter = FakeAdapter(invites=[pending('i1', 'bob@example.com', 'Viewer'), pending('i2', 'eve@example.com'),
                                   pending('i3', 'dan@example.com')],
                          members=[member('u1', 'mia@example.com')])
    params = many(('alice@example.com', 'Admin'), ('bob@example.com', 'Admin'), ('eve@example.com', None, 'absent'),
                  ('dan@example.com', 'Admin'), ('mia@example.com', 'Viewer'))
    outcome = apply_invites(adapter, params)
    assert actions(outcome) == [('alice@example.com', 'created'), ('bob@example.com', 'replaced'), ('eve@example.com', 'cancelled'),
                                ('dan@example.com', 'unchanged'), ('mia@example.com', 'skipped_member')]
    assert adapter.writes() == [('cancel', 'i1'), ('cancel', 'i2'), ('create', 'alice@example.com', 'r-admin'),
                                ('create', 'bob@example.com', 'r-admin')]
    assert outcome.changed is True and outcome.error is None
    items = outcome.values['invites']
    assert items[0] == {'email': 'alice@example.com', 'action': 'created', 'id': 'new-1', 'role': 'Admin', 'teams': None,
                        'cancelled_ids': []}
    assert items[1]['id'] == 'new-2' and items[1]['cancelled_ids'] == ['i1']
    assert items[2] == {'email': 'eve@example.com', 'action': 'cancelled', 'id': 'i2', 'role': 'Admin', 'teams': None,
                        'cancelled_ids': ['i2']}
    assert items[3]['id'] == 'i3' and items[4]['id'] is None
    assert outcome.values['summary'] == {'created': 1, 'renewed': 0, 'replaced': 1, 'cancelled': 1, 'unchanged': 1,
                                         'skipped_member': 1, 'failed': 0}


def test_creates_go_in_one_call():
    adapter = FakeAdapter()
    seen = []
    original = adapter.create_invites

    def create_invites(items):
        seen.append([item['email'] for item in items])
        return original(items)
    adapter.create_invites = create_invites
    apply_invites(adapter, many(*[('user%d@example.com' % number, 'Viewer') for number in range(30)]))
    assert len(seen) == 1 and len(seen[0]) == 30


def test_second_run_changes_nothing():
    adapter = FakeAdapter(invites=[pending('i1', 'bob@example.com', 'Viewer')])
    params = many(('alice@example.com', 'Admin'), ('bob@example.com', 'Admin'), ('eve@example.com', None, 'absent'))
    apply_invites(adapter, params)
    writes = len(adapter.writes())
    again = apply_invites(adapter, params)
    assert again.changed is False and len(adapter.writes()) == writes
    assert [action for _email, action in actions(again)] == ['unchanged', 'unchanged', 'unchanged']


def test_native_renew_goes_in_one_call():
    adapter = FakeAdapter(capabilities=[CAP_RENEW],
                          invites=[pending('i1', 'a@example.com'), pending('i2', 'b@example.com', status='expired')])
    outcome = apply_invites(adapter, many(('a@example.com', 'Admin', 'renewed'), ('b@example.com', 'Admin')))
    assert actions(outcome) == [('a@example.com', 'renewed'), ('b@example.com', 'renewed')]
    assert adapter.writes() == [('renew', 'i1'), ('renew', 'i2')]
    assert [item['id'] for item in outcome.values['invites']] == ['i1', 'i2']


def soon(days):
    return (datetime.now(timezone.utc) + timedelta(days=days)).strftime('%Y-%m-%dT%H:%M:%SZ')


@pytest.mark.parametrize('capabilities, renew_writes', [([CAP_RENEW], [('renew', 'i1')]), ([], [('cancel', 'i1'), ('create', 'a@example.com', 'r-admin')])])
def test_renew_within_days_renews_what_runs_out_once_and_check_mode_agrees(capabilities, renew_writes):
    invites = [pending('i1', 'a@example.com', expires_at=soon(2)), pending('i2', 'b@example.com', expires_at=soon(20)),
               pending('i3', 'c@example.com')]
    params = many(('a@example.com', 'Admin', 'renewed'), ('b@example.com', 'Admin', 'renewed'), ('c@example.com', 'Admin', 'renewed'),
                  renew_within_days=7)
    checked = FakeAdapter(capabilities=capabilities, invites=invites)
    predicted = apply_invites(checked, params, check_mode=True)
    adapter = FakeAdapter(capabilities=capabilities, invites=invites)
    outcome = apply_invites(adapter, params)
    assert actions(predicted) == actions(outcome) == [('a@example.com', 'renewed'), ('b@example.com', 'unchanged'),
                                                      ('c@example.com', 'unchanged')]
    assert checked.writes() == [] and adapter.writes() == renew_writes
    # The renewed invite now runs for longer than 7 days (the fake gives 2030 or later): the next run changes nothing.
    again = apply_invites(adapter, params)
    assert again.changed is False and adapter.writes() == renew_writes


def test_renew_within_days_must_not_be_negative():
    adapter = FakeAdapter()
    with pytest.raises(ValidationError) as caught:
        apply_invites(adapter, dict(one('a@example.com', 'Admin', 'renewed'), renew_within_days=-1))
    assert caught.value.field == 'renew_within_days' and adapter.calls == []


def test_a_renewed_invite_with_a_new_id_takes_the_old_ones_place_in_the_diff():
    adapter = FakeAdapter(capabilities=[CAP_RENEW], invites=[pending('i1', 'a@example.com')])
    adapter.renew_invites = lambda invites: [(invite, dict(invite, id='i1-renewed')) for invite in invites]
    outcome = apply_invites(adapter, one('a@example.com', 'Admin', 'renewed'))
    assert actions(outcome) == [('a@example.com', 'renewed')] and outcome.values['invites'][0]['id'] == 'i1-renewed'
    assert [entry['id'] for entry in outcome.diff['after']['a@example.com']] == ['i1-renewed']


def test_renew_without_native_renew_cancels_and_invites_again():
    adapter = FakeAdapter(invites=[pending('i1', 'a@example.com')])
    outcome = apply_invites(adapter, one('a@example.com', 'Admin', 'renewed'))
    assert actions(outcome) == [('a@example.com', 'renewed')]
    assert adapter.writes() == [('cancel', 'i1'), ('create', 'a@example.com', 'r-admin')]
    assert outcome.values['invites'][0]['id'] == 'new-1' and outcome.values['invites'][0]['cancelled_ids'] == ['i1']


def test_role_change_cancels_and_invites_again():
    adapter = FakeAdapter(invites=[pending('i1', 'a@example.com')])
    outcome = apply_invites(adapter, one('a@example.com', 'Viewer'))
    assert actions(outcome) == [('a@example.com', 'replaced')]
    assert adapter.writes() == [('cancel', 'i1'), ('create', 'a@example.com', 'r-viewer')]
    assert outcome.values['invites'][0]['id'] == 'new-1' and outcome.values['invites'][0]['cancelled_ids'] == ['i1']


@pytest.mark.parametrize('capabilities, order', [
    ([], [('cancel', 'i1'), ('cancel', 'i2'), ('cancel', 'i3'), ('create', 'a@example.com', 'r-admin'), ('create', 'b@example.com', 'r-admin')]),
    # Where two pending invitations may live side by side, the replacement comes first, then what it supersedes goes.
    ([CAP_PARALLEL_INVITES], [('cancel', 'i3'), ('create', 'a@example.com', 'r-admin'), ('create', 'b@example.com', 'r-admin'),
                              ('cancel', 'i1'), ('cancel', 'i2')]),
])
def test_a_replacement_is_created_first_where_the_platform_keeps_two_pending_invitations(capabilities, order):
    invites = [pending('i1', 'a@example.com', 'Viewer'), pending('i2', 'b@example.com', 'Admin'), pending('i3', 'gone@example.com')]
    adapter = FakeAdapter(capabilities=capabilities, invites=invites)
    outcome = apply_invites(adapter, many(('a@example.com', 'Admin'), ('b@example.com', 'Admin', 'renewed'), ('gone@example.com', None, 'absent')))
    assert actions(outcome) == [('a@example.com', 'replaced'), ('b@example.com', 'renewed'), ('gone@example.com', 'cancelled')]
    assert adapter.writes() == order
    assert [item['cancelled_ids'] for item in outcome.values['invites']] == [['i1'], ['i2'], ['i3']]
    assert sorted((invite['email'], invite['id']) for invite in adapter.invites) == [('a@example.com', 'new-1'), ('b@example.com', 'new-2')]


@pytest.mark.parametrize('capabilities, left', [([], []), ([CAP_PARALLEL_INVITES], ['i1'])])
def test_a_failed_replacement_keeps_the_old_invitation_only_where_it_was_created_first(capabilities, left):
    error = ApiError('fake', 'POST', '/invites', 422, vendor_message='seat limit reached')
    adapter = FakeAdapter(capabilities=capabilities, invites=[pending('i1', 'a@example.com', 'Viewer')],
                          create_behaviour={'a@example.com': [error]})
    outcome = apply_invites(adapter, one('a@example.com', 'Admin'))
    assert actions(outcome) == [('a@example.com', 'failed')] and 'seat limit reached' in outcome.values['invites'][0]['msg']
    assert [invite['id'] for invite in adapter.invites] == left
    assert outcome.changed is (not left)


def test_exclusive_cancels_unnamed_pending_invites():
    adapter = FakeAdapter(invites=[pending('i1', 'a@example.com'), pending('i2', 'zed@example.com', 'Viewer')])
    outcome = apply_invites(adapter, many(('a@example.com', 'Admin'), exclusive=True))
    assert actions(outcome) == [('a@example.com', 'unchanged'), ('zed@example.com', 'cancelled')]
    assert outcome.values['invites'][1]['role'] == 'Viewer'
    assert adapter.writes() == [('cancel', 'i2')]


def test_duplicates_on_the_platform_are_cleaned_up():
    adapter = FakeAdapter(invites=[pending('i1', 'a@example.com', 'Viewer'), pending('i2', 'A@example.com')])
    outcome = apply_invites(adapter, one('a@example.com', 'Admin'))
    assert actions(outcome) == [('a@example.com', 'unchanged')]
    assert outcome.changed is True and outcome.values['invites'][0]['cancelled_ids'] == ['i1']
    assert [invite['id'] for invite in adapter.invites] == ['i2']
    assert [entry['id'] for entry in outcome.diff['before']['a@example.com']] == ['i1', 'i2']
    assert [entry['id'] for entry in outcome.diff['after']['a@example.com']] == ['i2']


def test_members_are_not_read_when_only_cancelling():
    adapter = FakeAdapter(invites=[pending('i1', 'a@example.com')])
    apply_invites(adapter, one('a@example.com', state='absent'))
    assert ('list_members',) not in adapter.calls


# Unknown outcomes

def test_unknown_outcome_is_looked_up_before_any_retry():
    adapter = FakeAdapter(create_behaviour={'a@example.com': ['unknown_after_write']})
    outcome = apply_invites(adapter, many(('a@example.com', 'Admin'), ('b@example.com', 'Admin')))
    assert actions(outcome) == [('a@example.com', 'created'), ('b@example.com', 'created')]
    assert [call for call in adapter.calls if call[0] == 'create'] == [('create', 'a@example.com', 'r-admin'),
                                                                       ('create', 'b@example.com', 'r-admin')]
    assert adapter.calls.count(('list_invites',)) == 2
    assert outcome.values['invites'][0]['id'] == 'new-1'
    assert sorted(invite['email'] for invite in adapter.invites) == ['a@example.com', 'b@example.com']


def test_unknown_outcome_not_found_is_sent_again_and_nobody_is_invited_twice():
    adapter = FakeAdapter(create_behaviour={'a@example.com': ['unknown', 'unknown_after_write'], 'b@example.com': ['unknown']})
    outcome = apply_invites(adapter, many(('a@example.com', 'Admin'), ('b@example.com', 'Admin'), ('c@example.com', 'Admin')))
    assert actions(outcome) == [('a@example.com', 'created'), ('b@example.com', 'created'), ('c@example.com', 'created')]
    creates = [call[1] for call in adapter.calls if call[0] == 'create']
    assert creates == ['a@example.com', 'b@example.com', 'c@example.com', 'a@example.com', 'b@example.com']
    assert sorted(invite['email'] for invite in adapter.invites) == ['a@example.com', 'b@example.com', 'c@example.com']


def test_unknown_outcome_ignores_invites_that_were_there_before():
    # The replaced invite has the wanted role's email but is being cancelled: only a new one counts.
    adapter = FakeAdapter(invites=[pending('i1', 'a@example.com')], create_behaviour={'a@example.com': ['unknown']})
    original = adapter.cancel_invite
    adapter.cancel_invite = lambda invite: None  # the cancel "succeeds" but the platform still lists it
    outcome = apply_invites(adapter, one('a@example.com', 'Admin', 'renewed'))
    adapter.cancel_invite = original
    assert actions(outcome) == [('a@example.com', 'renewed')]
    assert [call[1] for call in adapter.calls if call[0] == 'create'] == ['a@example.com', 'a@example.com']


def test_unknown_outcome_accepts_an_expired_invite_the_platform_revived():
    adapter = FakeAdapter(invites=[pending('i1', 'a@example.com', status='expired')], create_behaviour={'a@example.com': ['unknown']})
    original = adapter.create_invites

    def create_invites(items):
        answers = original(items)
        adapter.invites = [dict(invite, status='pending') for invite in adapter.invites]  # renewed instead of created
        return answers
    adapter.create_invites = create_invites
    outcome = apply_invites(adapter, one('a@example.com', 'Admin'))
    assert actions(outcome) == [('a@example.com', 'created')]
    assert outcome.values['invites'][0]['id'] == 'i1'
    assert len([call for call in adapter.calls if call[0] == 'create']) == 1
    assert [entry['status'] for entry in outcome.diff['after']['a@example.com']] == ['pending']


def test_unknown_outcome_gives_up_after_the_last_round():
    adapter = FakeAdapter(create_behaviour={'a@example.com': ['unknown'] * MAX_CREATE_ROUNDS})
    outcome = apply_invites(adapter, many(('a@example.com', 'Admin'), ('b@example.com', 'Admin')))
    assert actions(outcome) == [('a@example.com', 'failed'), ('b@example.com', 'created')]
    assert len([call for call in adapter.calls if call[0] == 'create' and call[1] == 'a@example.com']) == MAX_CREATE_ROUNDS
    assert 'stayed unknown after %d attempts' % MAX_CREATE_ROUNDS in outcome.values['invites'][0]['msg']
    assert outcome.error.startswith('1 of 2 invites failed (a@example.com)')


def test_unknown_outcome_when_the_read_back_fails():
    adapter = FakeAdapter(create_behaviour={'a@example.com': ['unknown']})
    reads = []
    original = adapter.list_invites

    def list_invites():
        reads.append(1)
        if len(reads) > 1:
            raise ApiError('fake', 'GET', '/invites', 503)
        return original()
    adapter.list_invites = list_invites
    outcome = apply_invites(adapter, one('a@example.com', 'Admin'))
    assert actions(outcome) == [('a@example.com', 'failed')]
    assert 'could not be read back' in outcome.values['invites'][0]['msg']


# Per-item failures

def test_per_item_failures_do_not_stop_the_others():
    adapter = FakeAdapter(create_behaviour={'b@example.com': [ApiError('fake', 'POST', '/invites', 422, vendor_message='bad domain')]})
    outcome = apply_invites(adapter, many(('a@example.com', 'Admin'), ('b@example.com', 'Admin'), ('c@example.com', 'Admin')))
    assert actions(outcome) == [('a@example.com', 'created'), ('b@example.com', 'failed'), ('c@example.com', 'created')]
    failed = outcome.values['invites'][1]
    assert failed['id'] is None and 'bad domain' in failed['msg'] and failed['msg'].startswith('could not create the invite')
    assert outcome.values['summary']['failed'] == 1 and outcome.values['summary']['created'] == 2
    assert outcome.changed is True
    assert '1 of 3 invites failed (b@example.com)' in outcome.error


def test_a_failed_cancel_stops_the_replacement_of_that_item_only():
    adapter = FakeAdapter(invites=[pending('i1', 'a@example.com', 'Viewer'), pending('i2', 'b@example.com', 'Viewer')])
    original = adapter.cancel_invite

    def cancel_invite(invite):
        if invite['id'] == 'i1':
            raise ApiError('fake', 'DELETE', '/invites/i1', 403, vendor_message='forbidden')
        return original(invite)
    adapter.cancel_invite = cancel_invite
    outcome = apply_invites(adapter, many(('a@example.com', 'Admin'), ('b@example.com', 'Admin')))
    assert actions(outcome) == [('a@example.com', 'failed'), ('b@example.com', 'replaced')]
    assert [call for call in adapter.calls if call[0] == 'create'] == [('create', 'b@example.com', 'r-admin')]
    assert 'could not cancel invite i1' in outcome.values['invites'][0]['msg']


def test_an_unexpected_exception_stops_the_run_but_what_was_written_is_reported():
    adapter = FakeAdapter(invites=[pending('i1', 'a@example.com', 'Viewer'), pending('i2', 'gone@example.com'),
                                   pending('i3', 'c@example.com', status='expired')],
                          create_behaviour={'a@example.com': [KeyError('bug')]}, capabilities=[CAP_RENEW])
    outcome = apply_invites(adapter, many(('a@example.com', 'Admin'), ('b@example.com', 'Admin'), ('gone@example.com', None, 'absent'),
                                          ('c@example.com', 'Admin')))
    # The cancels ran, the creates went out together, then the bug stopped the run before the renewal.
    assert adapter.writes() == [('cancel', 'i1'), ('cancel', 'i2'), ('create', 'a@example.com', 'r-admin'),
                                ('create', 'b@example.com', 'r-admin')]
    assert outcome.changed is True
    assert actions(outcome) == [('a@example.com', 'failed'), ('b@example.com', 'created'), ('gone@example.com', 'cancelled'),
                                ('c@example.com', 'failed')]
    assert outcome.values['invites'][0]['cancelled_ids'] == ['i1']
    assert outcome.values['invites'][0]['msg'] == "could not create the invite: 'bug'"
    assert outcome.values['invites'][3]['msg'] == 'not done: the run stopped before this item was finished (KeyError)'
    assert outcome.error.startswith("the run stopped midway after writing to the platform (an unexpected error): KeyError: 'bug'")
    assert 'Traceback' in outcome.exception and 'KeyError' in outcome.exception
    assert outcome.diff['after']['a@example.com'] == [] and outcome.diff['after']['gone@example.com'] == []


def test_an_api_error_raised_midway_is_reported_with_what_was_written():
    adapter = FakeAdapter(invites=[pending('i1', 'a@example.com', 'Viewer')], capabilities=[CAP_RENEW])
    error = ApiError('fake', 'POST', '/renew', 503, vendor_message='down')

    def renew_invites(invites):
        raise error
    adapter.renew_invites = renew_invites
    adapter.invites.append(pending('i3', 'c@example.com', status='expired'))
    outcome = apply_invites(adapter, many(('b@example.com', 'Admin'), ('c@example.com', 'Admin')))
    assert actions(outcome) == [('b@example.com', 'created'), ('c@example.com', 'failed')]
    assert outcome.changed is True and outcome.exception is None
    assert outcome.error.startswith('the run stopped midway after writing to the platform: fake: POST /renew returned HTTP 503: down')


def test_many_failures_are_listed_up_to_a_limit():
    error = ApiError('fake', 'POST', '/invites', 500)
    emails = ['user%02d@example.com' % number for number in range(60)]
    adapter = FakeAdapter(create_behaviour=dict((email, [error]) for email in emails))
    outcome = apply_invites(adapter, many(*[(email, 'Admin') for email in emails]))
    assert outcome.error.startswith('60 of 60 invites failed (user00@example.com, ')
    assert 'user49@example.com and 10 more)' in outcome.error


# Check mode

SCENARIO_INVITES = [pending('i1', 'bob@example.com', 'Viewer'), pending('i2', 'eve@example.com'),
                    pending('i3', 'dan@example.com'), pending('i4', 'zed@example.com'),
                    pending('i5', 'ren@example.com', expires_at='2026-01-01T00:00:00Z')]
SCENARIO = many(('alice@example.com', 'Admin'), ('bob@example.com', 'Admin'), ('eve@example.com', None, 'absent'),
                ('dan@example.com', 'Admin'), ('mia@example.com', 'Viewer'), ('ren@example.com', 'Admin', 'renewed'),
                exclusive=True, max_removals='10')  # cancels more than the default cap allows in an org this small


@pytest.mark.parametrize('capabilities', [(), (CAP_RENEW,)])
def test_check_mode_predicts_the_real_run_with_zero_writes(capabilities):
    checked = FakeAdapter(invites=SCENARIO_INVITES, members=[member('u1', 'mia@example.com')], capabilities=capabilities)
    prediction = apply_invites(checked, SCENARIO, check_mode=True)
    assert checked.writes() == []
    assert checked.invites == FakeAdapter(invites=SCENARIO_INVITES).invites

    real = FakeAdapter(invites=SCENARIO_INVITES, members=[member('u1', 'mia@example.com')], capabilities=capabilities)
    result = apply_invites(real, SCENARIO)
    assert prediction.changed is True and result.changed is True
    assert prediction.values['summary'] == result.values['summary']
    for predicted, done in zip(prediction.values['invites'], result.values['invites']):
        if predicted['id'] is None and predicted['action'] in ('created', 'replaced', 'renewed'):
            done = dict(done, id=None)  # ids of would-be-created invites are only known to a real run
        assert predicted == done
    assert sorted(prediction.diff['before']) == sorted(result.diff['before']) == sorted(prediction.diff['after'])
    assert prediction.diff['before'] == result.diff['before']

    # A real run after the check run makes exactly the predicted changes; then only state=renewed, which
    # renews on every run by design, is left to do.
    cancelled = sorted(cancelled_id for item in prediction.values['invites'] for cancelled_id in item['cancelled_ids'])
    assert sorted(call[1] for call in real.writes() if call[0] == 'cancel') == cancelled
    assert len([call for call in real.writes() if call[0] == 'create']) == len(
        [plan for plan in prediction.values['invites'] if plan['action'] in ('created', 'replaced')]) + (0 if capabilities else 1)
    follow_up = apply_invites(real, SCENARIO, check_mode=True).values['summary']
    assert follow_up == {'created': 0, 'renewed': 1, 'replaced': 0, 'cancelled': 0, 'unchanged': 4, 'skipped_member': 1, 'failed': 0}


def test_check_mode_ids_of_new_invites_are_none():
    outcome = apply_invites(FakeAdapter(), one('a@example.com', 'Admin'), check_mode=True)
    assert outcome.values['invites'] == [{'email': 'a@example.com', 'action': 'created', 'id': None, 'role': 'Admin',
                                          'teams': None, 'cancelled_ids': []}]
    assert outcome.changed is True and outcome.error is None


def test_check_mode_with_nothing_to_do():
    adapter = FakeAdapter(invites=[pending('i1', 'a@example.com')])
    outcome = apply_invites(adapter, one('a@example.com', 'Admin'), check_mode=True)
    assert outcome.changed is False and outcome.diff == {'before': {}, 'after': {}}


# Diff

def test_diff_shows_each_changed_email_before_and_after():
    adapter = FakeAdapter(invites=[pending('i1', 'bob@example.com', 'Viewer', expires_at='2026-01-01T00:00:00Z'),
                                   pending('i2', 'dan@example.com'), pending('i3', 'eve@example.com', status='expired')])
    outcome = apply_invites(adapter, many(('alice@example.com', 'Admin'), ('bob@example.com', 'Admin'), ('dan@example.com', 'Admin'),
                                          ('eve@example.com', None, 'absent')))
    assert outcome.diff == {
        'before': {
            'alice@example.com': [],
            'bob@example.com': [{'id': 'i1', 'role': 'Viewer', 'status': 'pending', 'expires_at': '2026-01-01T00:00:00Z'}],
        },
        'after': {
            'alice@example.com': [{'id': 'new-1', 'role': 'Admin', 'status': 'pending', 'expires_at': '2030-01-01T00:00:00Z'}],
            'bob@example.com': [{'id': 'new-2', 'role': 'Admin', 'status': 'pending', 'expires_at': '2030-01-01T00:00:00Z'}],
        },
    }


def test_diff_of_a_native_renewal_in_check_mode_and_for_real():
    invites = [pending('i1', 'a@example.com', expires_at='2026-01-01T00:00:00Z')]
    params = one('a@example.com', 'Admin', 'renewed')
    checked = apply_invites(FakeAdapter(invites=invites, capabilities=[CAP_RENEW]), params, check_mode=True)
    done = apply_invites(FakeAdapter(invites=invites, capabilities=[CAP_RENEW]), params)
    before = [{'id': 'i1', 'role': 'Admin', 'status': 'pending', 'expires_at': '2026-01-01T00:00:00Z'}]
    assert checked.diff == {'before': {'a@example.com': before},
                            'after': {'a@example.com': [dict(before[0], expires_at=None)]}}
    assert done.diff == {'before': {'a@example.com': before},
                         'after': {'a@example.com': [dict(before[0], expires_at='2031-01-01T00:00:00Z')]}}


def test_diff_lists_teams_where_the_platform_reports_them():
    adapter = FakeAdapter(capabilities=[CAP_TEAMS])
    outcome = apply_invites(adapter, one('a@example.com', 'Admin', teams=[{'team': 'Payments', 'role': 'developer'}]))
    assert outcome.diff['after']['a@example.com'][0]['teams'] == [{'team': 'Payments', 'role': 'developer'}]
    assert outcome.values['invites'][0]['teams'] == [{'team_id': 't-pay', 'team': 'Payments', 'role': 'developer'}]


def test_diff_of_a_failed_item_shows_what_really_happened():
    adapter = FakeAdapter(invites=[pending('i1', 'a@example.com', 'Viewer')],
                          create_behaviour={'a@example.com': [ApiError('fake', 'POST', '/invites', 422)]})
    outcome = apply_invites(adapter, one('a@example.com', 'Admin'))
    assert outcome.diff['before']['a@example.com'][0]['id'] == 'i1'
    assert outcome.diff['after'] == {'a@example.com': []}


# invite_info

INFO_INVITES = [
    dict(pending('i1', 'Alice@Example.com', 'Admin', expires_at='2026-12-01T00:00:00Z'), token='secret-token'),
    pending('i2', 'bob@example.com', 'Viewer'),
    pending('i3', 'alice@example.com', 'Viewer', status='expired'),
]


def info(**options):
    return dict({'email': None, 'role': None, 'include_inactive': False, 'include_roles': False}, **options)


def test_report_pending_invites_without_tokens():
    outcome = report_invites(FakeAdapter(invites=INFO_INVITES), info())
    assert outcome.changed is False and 'roles' not in outcome.values
    assert outcome.values['invites'] == [
        {'id': 'i1', 'email': 'Alice@Example.com', 'role': 'Admin', 'role_id': 'r-admin', 'status': 'pending',
         'expires_at': '2026-12-01T00:00:00Z', 'teams': None, 'platform': 'fake'},
        {'id': 'i2', 'email': 'bob@example.com', 'role': 'Viewer', 'role_id': 'r-viewer', 'status': 'pending',
         'expires_at': None, 'teams': None, 'platform': 'fake'},
    ]


@pytest.mark.parametrize('options, ids', [
    ({'include_inactive': True}, ['i1', 'i2', 'i3']),
    ({'email': ' ALICE@example.com'}, ['i1']),
    ({'email': 'alice@example.com', 'include_inactive': True}, ['i1', 'i3']),
    ({'role': 'viewer'}, ['i2']),
    ({'role': 'r-viewer', 'include_inactive': True}, ['i2', 'i3']),
])
def test_report_filters(options, ids):
    outcome = report_invites(FakeAdapter(invites=INFO_INVITES), info(**options))
    assert [invite['id'] for invite in outcome.values['invites']] == ids


def test_report_roles_on_request():
    outcome = report_invites(FakeAdapter(), info(include_roles=True))
    assert outcome.values['roles'] == [{'id': 'r-admin', 'name': 'Admin'}, {'id': 'r-viewer', 'name': 'Viewer'},
                                       {'id': 'r-dev', 'name': 'Developer'}]


def test_report_refuses_an_unknown_role_filter():
    with pytest.raises(ValidationError) as caught:
        report_invites(FakeAdapter(), info(role='Owner'))
    assert caught.value.field == 'role'


@pytest.mark.parametrize('email, words', [('not an email', "'not an email' is not a valid email address"), ('  ', 'an email is required')])
def test_report_refuses_a_bad_email_filter_before_any_read(email, words):
    adapter = FakeAdapter(invites=INFO_INVITES)
    with pytest.raises(ValidationError) as caught:
        report_invites(adapter, info(email=email))
    assert caught.value.field == 'email' and words in str(caught.value)
    assert adapter.calls == []
