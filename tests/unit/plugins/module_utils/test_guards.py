# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The safety guards: pure, on the planners' plans, then through both engines on the in-memory platform."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import CAP_DISABLE_USERS, email_key, member_record
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._guards import (
    DEFAULT_MAX_REMOVALS,
    Guards,
    guard_invites,
    guard_members,
    is_admin,
    parse_cap,
)
from ansible_collections.orgaccess.onboarding.plugins.module_utils._invites import apply_invites
from ansible_collections.orgaccess.onboarding.plugins.module_utils._members import apply_members
from ansible_collections.orgaccess.onboarding.plugins.module_utils._planner import plan_invites, plan_members
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_adapter import ROLES, FakeAdapter, member, pending
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_members import MemberFake
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.test_invites import many as invite_params
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.test_members import many as user_params

ROLE = dict((role['name'], role) for role in ROLES)
ME = {'id': 'u-me', 'email': 'me@example.com'}
ORG = 'fake organisation org-1'
ADMINS = ('Admin',)


def guards(max_removals=DEFAULT_MAX_REMOVALS, protect=(), min_admins=1):
    return Guards('fake', ORG, max_removals, list(protect), min_admins)


def person(user_id, email, role='Viewer', enabled=None):
    return member_record('fake', user_id, email, role, role_id=ROLE[role]['id'], enabled=enabled)


def staff(count, role='Viewer'):
    return [person('u-%02d' % number, 'p%02d@example.com' % number, role) for number in range(count)]


def want(email, role=None, state='present', index=0, enabled=None):
    return {'index': index, 'where': 'users[%d]' % index, 'email': email, 'user_id': None, 'key': ('email', email_key(email)),
            'state': state, 'role': ROLE[role] if role else None, 'enabled': enabled, 'teams': None}


def where(index):
    return 'users[%d]' % index


def no_reads():
    raise AssertionError('the cap needed no population for this count')


# The cap's value

@pytest.mark.parametrize('value, parsed', [('25%', (25, True)), ('10', (10, False)), (' 0 ', (0, False)), ('100%', (100, True))])
def test_a_cap_is_a_number_or_a_percentage(value, parsed):
    assert parse_cap(value, 'fake') == parsed


@pytest.mark.parametrize('value', ['', 'ten', '-1', '2.5', '101%', '25 %%', None])
def test_a_bad_cap_is_refused_naming_max_removals(value):
    with pytest.raises(ValidationError) as caught:
        parse_cap(value, 'fake')
    assert caught.value.field == 'max_removals'


@pytest.mark.parametrize('max_removals, population, cap', [('25%', 40, 10), ('25%', 7, 1), ('25%', 0, 1), ('50%', 9, 4), ('3', 1000, 3),
                                                           ('0', 10, 0), ('100%', 10, 10)])
def test_a_percentage_rounds_down_but_never_below_one_person(max_removals, population, cap):
    assert guards(max_removals).cap(population) == cap


# Removal cap (pure)

def test_members_above_the_cap_are_refused_naming_org_count_cap_and_option():
    members = [person('u-me', 'me@example.com', 'Admin')] + staff(7)
    plans = plan_members([want('p00@example.com')], members, ME, exclusive=True)
    problems = guard_members(guards(), plans, members, lambda: 0, ADMINS, where)
    assert len(problems) == 1 and problems[0].field == 'max_removals'
    message = str(problems[0])
    assert 'remove or disable 6 people in %s, more than the cap of 2 (25%% of 8 members' % ORG in message
    assert 'raise max_removals' in message


def test_pending_invitations_count_toward_the_population_and_a_raised_cap_applies():
    members = [person('u-me', 'me@example.com', 'Admin')] + staff(3)
    plans = plan_members([want('p00@example.com', state='absent'), want('p01@example.com', state='absent', index=1)], members, ME)
    assert len(guard_members(guards(), plans, members, lambda: 0, ADMINS, where)) == 1  # 25% of 4: 1
    assert guard_members(guards(), plans, members, lambda: 4, ADMINS, where) == []  # 25% of 8: 2
    assert guard_members(guards('2'), plans, members, no_reads, ADMINS, where) == []


def test_one_removal_never_reads_the_population_and_disabling_counts():
    members = [person('u-me', 'me@example.com', 'Admin'), person('u-a', 'a@example.com', enabled=True),
               person('u-b', 'b@example.com', enabled=True)]
    plans = plan_members([want('a@example.com', enabled=False)], members, ME, capabilities=frozenset((CAP_DISABLE_USERS,)))
    assert guard_members(guards(), plans, members, no_reads, ADMINS, where) == []
    plans = plan_members([want('a@example.com', state='absent'), want('b@example.com', enabled=False, index=1)], members, ME,
                         capabilities=frozenset((CAP_DISABLE_USERS,)))
    assert [problem.field for problem in guard_members(guards(), plans, members, lambda: 0, ADMINS, where)] == ['max_removals']


def test_invitations_above_the_cap_are_refused_and_members_count():
    invites = [pending('i%d' % number, 'x%d@example.com' % number) for number in range(4)]
    plans = plan_invites([], invites, [], exclusive=True)
    problems = guard_invites(guards(), plans, invites, lambda: 0, where)
    assert [problem.field for problem in problems] == ['max_removals']
    assert 'cancel the invitations of 4 people in %s, more than the cap of 1' % ORG in str(problems[0])
    assert guard_invites(guards(), plans, invites, lambda: 12, where) == []  # 25% of 16: 4
    assert guard_invites(guards('4'), plans, invites, no_reads, where) == []


# Protected people (pure)

def test_exclusive_keeps_protected_members_with_a_note_and_they_do_not_count():
    members = [person('u-me', 'me@example.com', 'Admin'), person('u-bot', 'CI-Bot@Service.example.com'), person('u-ann', 'ann@example.com')]
    plans = plan_members([], members, ME, exclusive=True)
    assert guard_members(guards(protect=['*@service.example.com']), plans, members, no_reads, ADMINS, where) == []
    bot = next(plan for plan in plans if plan['id'] == 'u-bot')
    assert bot['action'] == 'unchanged' and bot['steps'] == [] and "protect entry '*@service.example.com'" in bot['note']
    assert [plan['action'] for plan in plans if plan['id'] == 'u-ann'] == ['removed']


@pytest.mark.parametrize('item, field', [(want('root@example.com', state='absent', index=2), 'users[2].state'),
                                         (want('root@example.com', role='Viewer', index=1), 'users[1].role'),
                                         (want('root@example.com', enabled=False, index=0), 'users[0].enabled')])
def test_an_item_that_takes_access_from_a_protected_member_is_refused_naming_item_and_field(item, field):
    members = [person('u-me', 'me@example.com', 'Admin'), person('u-root', 'root@example.com', 'Admin', enabled=True),
               person('u-x', 'x@example.com', 'Admin')]
    plans = plan_members([item], members, ME, capabilities=frozenset((CAP_DISABLE_USERS,)))
    problems = guard_members(guards(protect=['ROOT@example.com'], max_removals='0'), plans, members, no_reads, ADMINS, where)
    # Only the protection: a refused removal does not count toward the cap too.
    assert [problem.field for problem in problems] == [field]
    assert 'root@example.com is protected' in str(problems[0])


def test_protect_matches_user_ids_and_leaves_harmless_changes_alone():
    members = [person('u-me', 'me@example.com', 'Admin'), person('svc-1', None)]
    plans = plan_members([], members, ME, exclusive=True)
    guard_members(guards(protect=['svc-*']), plans, members, no_reads, ADMINS, where)
    assert plans[1]['action'] == 'unchanged' and plans[1]['note']
    plans = plan_members([want('me@example.com', role='Admin')], members, ME)
    assert guard_members(guards(protect=['*']), plans, members, no_reads, ADMINS, where) == []


def test_protected_invitations_are_kept_by_exclusive_and_refused_for_an_absent_item():
    invites = [pending('i1', 'breakglass@example.com'), pending('i2', 'old@example.com')]
    plans = plan_invites([], invites, [], exclusive=True)
    assert guard_invites(guards(protect=['BREAKGLASS@*']), plans, invites, no_reads, where) == []
    assert [(plan['email'], plan['action'], plan['cancel'], plan['kept'] and plan['kept']['id']) for plan in plans] == [
        ('breakglass@example.com', 'unchanged', [], 'i1'), ('old@example.com', 'cancelled', [invites[1]], None)]
    assert plans[0]['note'].startswith('kept: protected')
    absent = [{'index': 3, 'email': 'breakglass@example.com', 'key': 'breakglass@example.com', 'state': 'absent', 'role': None,
               'teams': None}]
    plans = plan_invites(absent, invites, [])
    problems = guard_invites(guards(protect=['breakglass@*']), plans, invites, no_reads, lambda index: 'invites[%d]' % index)
    assert [problem.field for problem in problems] == ['invites[3].state']


# Minimum administrators (pure)

def test_a_plan_leaving_fewer_administrators_than_min_admins_is_refused_naming_the_organisation():
    members = [person('u-me', 'me@example.com', 'Viewer'), person('u-a', 'a@example.com', 'Admin'), person('u-b', 'b@example.com', 'Admin')]
    plans = plan_members([want('a@example.com', state='absent'), want('b@example.com', role='Viewer', index=1)], members, ME)
    problems = guard_members(guards(max_removals='5'), plans, members, no_reads, ADMINS, where)
    assert [problem.field for problem in problems] == ['min_admins']
    assert 'leave 0 enabled administrators (role Admin) in %s, fewer than min_admins (1)' % ORG in str(problems[0])
    assert guard_members(guards(max_removals='5', min_admins=0), plans, members, no_reads, ADMINS, where) == []
    one = plan_members([want('a@example.com', state='absent')], members, ME)
    assert guard_members(guards(), one, members, no_reads, ADMINS, where) == []
    assert [problem.field for problem in guard_members(guards(min_admins=2), one, members, no_reads, ADMINS, where)] == ['min_admins']


def test_an_organisation_already_below_min_admins_is_not_blocked_by_unrelated_changes():
    members = [person('u-me', 'me@example.com', 'Admin'), person('u-a', 'a@example.com')]
    plans = plan_members([want('a@example.com', role='Developer')], members, ME)
    assert guard_members(guards(min_admins=3), plans, members, no_reads, ADMINS, where) == []


def test_disabled_members_are_no_administrators_and_roles_match_by_name_or_id():
    assert is_admin(person('u', 'u@example.com', 'Admin'), ('admin',))
    assert is_admin(person('u', 'u@example.com', 'Admin'), ('r-admin',))
    assert not is_admin(person('u', 'u@example.com', 'Admin', enabled=False), ('Admin',))
    assert not is_admin(None, ('Admin',))


# Through the engines, on the in-memory platform: every refusal writes nothing, in check mode and real runs alike.

def test_member_engine_refuses_above_the_cap_with_zero_writes_and_applies_a_raised_cap():
    members = [member('u-me', 'me@example.com', 'Admin')] + [member('u-%d' % n, 'p%d@example.com' % n) for n in range(5)]
    for check_mode in (True, False):
        adapter = MemberFake(members=members, invites=[pending('i1', 'new@example.com')])
        with pytest.raises(ValidationError) as caught:
            apply_members(adapter, user_params({'email': 'p0@example.com'}, exclusive=True), check_mode=check_mode)
        assert caught.value.field == 'max_removals' and 'remove or disable 4 people' in str(caught.value)
        assert '(25% of 7 members and pending invitations)' in str(caught.value)
        assert adapter.writes() == []
    adapter = MemberFake(members=members)
    outcome = apply_members(adapter, user_params({'email': 'p0@example.com'}, exclusive=True, max_removals='4'))
    assert outcome.values['summary']['removed'] == 4 and len(adapter.writes()) == 4


def test_member_engine_keeps_protected_members_and_refuses_an_item_that_removes_one():
    adapter = MemberFake(members=[member('u-me', 'me@example.com', 'Admin'), member('u-bot', 'bot@svc.example.com'),
                                  member('u-ann', 'ann@example.com')])
    outcome = apply_members(adapter, user_params({'email': 'me@example.com'}, exclusive=True, protect=['*@svc.example.com']))
    assert [(item['email'], item['action']) for item in outcome.values['users']] == [
        ('me@example.com', 'unchanged'), ('bot@svc.example.com', 'unchanged'), ('ann@example.com', 'removed')]
    assert outcome.values['users'][1]['msg'].startswith('kept: protected')
    assert adapter.writes() == [('remove', 'u-ann')]
    with pytest.raises(ValidationError) as caught:
        apply_members(adapter, user_params({'email': 'ann@example.com'}, {'email': 'BOT@svc.example.com', 'state': 'absent'},
                                           protect=['*@svc.example.com']))
    assert caught.value.field == 'users[1].state'
    assert adapter.writes() == [('remove', 'u-ann')]


def test_member_engine_refuses_losing_the_last_administrator_and_an_empty_exclusive_list():
    adapter = MemberFake(members=[member('u-me', 'me@example.com', 'Viewer'), member('u-boss', 'boss@example.com', 'Admin')])
    with pytest.raises(ValidationError) as caught:
        apply_members(adapter, user_params({'email': 'boss@example.com', 'state': 'absent'}), check_mode=True)
    assert caught.value.field == 'min_admins'
    empty = MemberFake(members=adapter.members)
    with pytest.raises(ValidationError) as caught:
        apply_members(empty, user_params(exclusive=True))
    assert caught.value.field == 'users' and 'allow_empty_exclusive' in str(caught.value)
    assert empty.calls == [] and adapter.writes() == []
    outcome = apply_members(adapter, user_params(exclusive=True, allow_empty_exclusive=True, min_admins=0))
    assert adapter.writes() == [('remove', 'u-boss')] and outcome.values['summary']['removed'] == 1


def test_invite_engine_refuses_above_the_cap_with_zero_writes_and_applies_a_raised_cap():
    invites = [pending('i%d' % number, 'x%d@example.com' % number) for number in range(3)]
    for check_mode in (True, False):
        adapter = FakeAdapter(invites=invites, members=[member('u-me', 'me@example.com', 'Admin')])
        with pytest.raises(ValidationError) as caught:
            apply_invites(adapter, invite_params(('new@example.com', 'Admin'), exclusive=True), check_mode=check_mode)
        assert caught.value.field == 'max_removals' and 'cancel the invitations of 3 people' in str(caught.value)
        assert adapter.writes() == []
    adapter = FakeAdapter(invites=invites)
    outcome = apply_invites(adapter, invite_params(('new@example.com', 'Admin'), exclusive=True, max_removals='3'))
    assert outcome.values['summary']['cancelled'] == 3 and outcome.values['summary']['created'] == 1


def test_invite_engine_keeps_protected_invitations_and_refuses_an_empty_exclusive_list():
    adapter = FakeAdapter(invites=[pending('i1', 'bot@svc.example.com'), pending('i2', 'old@example.com')])
    outcome = apply_invites(adapter, invite_params(('new@example.com', 'Viewer'), exclusive=True, protect=['*@SVC.example.com']))
    kept = outcome.values['invites'][1]
    assert (kept['email'], kept['action'], kept['id'], kept['role']) == ('bot@svc.example.com', 'unchanged', 'i1', 'Admin')
    assert kept['msg'].startswith('kept: protected')
    assert [call for call in adapter.writes() if call[0] == 'cancel'] == [('cancel', 'i2')]
    with pytest.raises(ValidationError) as caught:
        apply_invites(adapter, invite_params(exclusive=True))
    assert caught.value.field == 'invites'
    with pytest.raises(ValidationError) as caught:
        apply_invites(adapter, invite_params(('bot@svc.example.com', None, 'absent'), protect=['*@svc.example.com']))
    assert caught.value.field == 'invites[0].state'
    with pytest.raises(ValidationError) as caught:
        apply_invites(adapter, invite_params(('a@example.com', 'Viewer'), max_removals='lots'))
    assert caught.value.field == 'max_removals'


# What the removal cap measured: returned as removals, so that the role can add up both tasks of an organisation.

def test_member_engine_returns_what_the_cap_measured_in_check_mode_and_real_runs_and_when_nothing_is_removed():
    members = [member('u-me', 'me@example.com', 'Admin')] + [member('u-%d' % n, 'p%d@example.com' % n) for n in range(5)]
    invites = [pending('i1', 'new@example.com'), pending('i2', 'NEW@example.com'), pending('i3', 'other@example.com')]
    for check_mode in (True, False):
        adapter = MemberFake(members=members, invites=invites)
        removing = user_params({'email': 'p0@example.com', 'state': 'absent'}, {'email': 'p1@example.com', 'state': 'absent'},
                               max_removals='50%')
        outcome = apply_members(adapter, removing, check_mode=check_mode)
        # Two removals need the population: 6 members and 2 people with a pending invitation.
        assert outcome.values['removals'] == {'count': 2, 'max_removals': '50%', 'cap': 4, 'members': 6, 'pending_invitations': 2}
    adapter = MemberFake(members=members, invites=invites)
    outcome = apply_members(adapter, user_params({'email': 'p0@example.com', 'role': 'Viewer'}), check_mode=True)
    # Nothing removed under a percentage: the invitations are not read for it, so the cap is unknown.
    assert outcome.values['removals'] == {'count': 0, 'max_removals': '25%', 'cap': None, 'members': 6, 'pending_invitations': None}
    assert ('list_invites',) not in adapter.calls
    adapter = MemberFake(members=members, invites=invites)
    outcome = apply_members(adapter, user_params({'email': 'p0@example.com', 'state': 'absent'}, max_removals='3'), check_mode=True)
    assert outcome.values['removals'] == {'count': 1, 'max_removals': '3', 'cap': 3, 'members': 6, 'pending_invitations': None}
    assert ('list_invites',) not in adapter.calls


def test_invite_engine_returns_what_the_cap_measured_reading_nothing_more_for_a_number():
    invites = [pending('i%d' % number, 'x%d@example.com' % number) for number in range(4)]
    members = [member('u-me', 'me@example.com', 'Admin'), member('u-a', 'a@example.com')]
    for check_mode in (True, False):
        adapter = FakeAdapter(invites=invites, members=members)
        params = invite_params(('x0@example.com', None, 'absent'), ('x1@example.com', None, 'absent'), max_removals='2')
        outcome = apply_invites(adapter, params, check_mode=check_mode)
        # Only absent items: the members are not read for a number cap.
        assert outcome.values['removals'] == {'count': 2, 'max_removals': '2', 'cap': 2, 'members': None, 'pending_invitations': 4}
        assert ('list_members',) not in adapter.calls
    adapter = FakeAdapter(invites=invites, members=members)
    outcome = apply_invites(adapter, invite_params(('x0@example.com', 'Admin')), check_mode=True)
    # Items that invite read the members anyway, so the cap is known even with nothing cancelled: 25% of 2 + 4.
    assert outcome.values['removals'] == {'count': 0, 'max_removals': '25%', 'cap': 1, 'members': 2, 'pending_invitations': 4}
