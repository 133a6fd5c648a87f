# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import CAP_DISABLE_USERS, email_key, member_record
from ansible_collections.orgaccess.onboarding.plugins.module_utils._planner import (
    KEPT_SELF,
    PHASES,
    apply_team_step,
    plan_members,
    team_steps,
)
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_adapter import ROLES

ROLE = dict((role['name'], role) for role in ROLES)
DISABLE = frozenset((CAP_DISABLE_USERS,))
ME = {'id': 'u-me', 'email': 'me@example.com'}
PAY, WEB = 't-pay', 't-web'
NAMES = {PAY: 'Payments', WEB: 'Web'}


def person(user_id, email, role='Viewer', enabled=None, teams=None):
    return member_record('fake', user_id, email, role, role_id=ROLE[role]['id'], enabled=enabled, teams=teams)


def team(team_id, role):
    return {'team_id': team_id, 'team': NAMES[team_id], 'role': role}


def want(email=None, role=None, state='present', enabled=None, teams=None, user_id=None, index=0, where=None):
    return {'index': index, 'where': where, 'email': email.strip() if email else None, 'user_id': user_id,
            'key': ('email', email_key(email)) if email else ('user_id', user_id), 'state': state,
            'role': ROLE[role] if role else None, 'enabled': enabled, 'teams': teams}


def listed(*items):
    return [dict(item, index=index, where='users[%d]' % index) for index, item in enumerate(items)]


def outline(plan):
    """A plan reduced to what matters: (email, id, action, [(kind, phase, details)])."""
    steps = []
    for step in plan['steps']:
        if step['kind'] == 'update':
            steps.append(('update', step['phase'], step['role']['id'] if step['role'] else None, step['enabled']))
        elif step['kind'] == 'team':
            steps.append(('team', step['phase'], step['team_id'], step['role'], step['current_role']))
        else:
            steps.append(('remove', step['phase']))
    return plan['email'], plan['id'], plan['action'], steps


MEMBERS = [person('u-me', 'me@example.com', 'Admin'), person('u-ann', 'Ann@Example.com', 'Viewer'),
           person('u-bob', 'bob@example.com', 'Developer')]

# (case id, desired items, members, capabilities, expected outline of each plan)
CASES = [
    ('a new role is an update',
     [want('ann@example.com', 'Admin')], MEMBERS, frozenset(),
     [('ann@example.com', 'u-ann', 'updated', [('update', 'update', 'r-admin', None)])]),
    ('the same role, any case of the email, is unchanged',
     [want('  ANN@example.COM ', 'Viewer')], MEMBERS, frozenset(),
     [('ANN@example.COM', 'u-ann', 'unchanged', [])]),
    ('no role given leaves the role alone',
     [want('bob@example.com')], MEMBERS, frozenset(),
     [('bob@example.com', 'u-bob', 'unchanged', [])]),
    ('a member given by user id',
     [want(user_id='u-bob', role='Viewer')], MEMBERS, frozenset(),
     [('bob@example.com', 'u-bob', 'updated', [('update', 'update', 'r-viewer', None)])]),
    ('somebody who is not a member is not found, by email',
     [want('zed@example.com', 'Admin')], MEMBERS, frozenset(),
     [('zed@example.com', None, 'not_found', [])]),
    ('somebody who is not a member is not found, by user id',
     [want(user_id='u-zed', state='absent')], MEMBERS, frozenset(),
     [(None, 'u-zed', 'not_found', [])]),
    ('absent removes',
     [want('bob@example.com', state='absent')], MEMBERS, frozenset(),
     [('bob@example.com', 'u-bob', 'removed', [('remove', 'retire')])]),
    ('absent disables where users cannot be deleted',
     [want('bob@example.com', state='absent')], [person('u-bob', 'bob@example.com', enabled=True)], DISABLE,
     [('bob@example.com', 'u-bob', 'disabled', [('update', 'retire', None, False)])]),
    ('absent on a disabled user is unchanged',
     [want('bob@example.com', state='absent')], [person('u-bob', 'bob@example.com', enabled=False)], DISABLE,
     [('bob@example.com', 'u-bob', 'unchanged', [])]),
    ('a member whose platform gives no flag counts as enabled',
     [want('bob@example.com', state='absent'), want('ann@example.com', enabled=True)],
     [person('u-bob', 'bob@example.com'), person('u-ann', 'ann@example.com')], DISABLE,
     [('bob@example.com', 'u-bob', 'disabled', [('update', 'retire', None, False)]), ('ann@example.com', 'u-ann', 'unchanged', [])]),
    ('enabling a disabled user, with a new role, is one update',
     [want('bob@example.com', 'Admin', enabled=True)], [person('u-bob', 'bob@example.com', enabled=False)], DISABLE,
     [('bob@example.com', 'u-bob', 'enabled', [('update', 'update', 'r-admin', True)])]),
    ('disabling through enabled false comes with the removals',
     [want('bob@example.com', enabled=False)], [person('u-bob', 'bob@example.com', enabled=True)], DISABLE,
     [('bob@example.com', 'u-bob', 'disabled', [('update', 'retire', None, False)])]),
]


@pytest.mark.parametrize('desired, members, capabilities, expected', [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_plans(desired, members, capabilities, expected):
    if not any(member['id'] == ME['id'] for member in members):
        members = members + [person('u-me', 'me@example.com', 'Admin')]  # the credentials' own identity is a member
    plans = plan_members(desired, members, ME, capabilities=capabilities)
    assert [outline(plan) for plan in plans] == expected
    assert [plan['refused'] for plan in plans] == [None] * len(expected)


def test_after_is_the_member_as_the_plan_leaves_it():
    [update, removal] = plan_members([want('ann@example.com', 'Admin'), want('bob@example.com', state='absent', index=1)], MEMBERS, ME)
    assert update['before'] is MEMBERS[1]
    assert (update['after']['role'], update['after']['role_id'], update['after']['email']) == ('Admin', 'r-admin', 'Ann@Example.com')
    assert MEMBERS[1]['role'] == 'Viewer'
    assert removal['after'] is None


# Teams

def test_teams_become_exactly_the_ones_given():
    members = [person('u-ann', 'ann@example.com', teams=[team(PAY, 'developer'), team(WEB, 'read_only')])]
    [plan] = plan_members([want('ann@example.com', teams=[team(PAY, 'read_only')])], members, ME)
    assert outline(plan) == ('ann@example.com', 'u-ann', 'updated', [('team', 'team_change', PAY, 'read_only', 'developer'),
                                                                     ('team', 'team_remove', WEB, None, 'read_only')])
    assert plan['after']['teams'] == [team(PAY, 'read_only')]


def test_no_teams_takes_the_member_out_of_every_team_and_same_teams_change_nothing():
    members = [person('u-ann', 'ann@example.com', teams=[team(PAY, 'developer')]),
               person('u-bob', 'bob@example.com', teams=[team(WEB, 'developer'), team(PAY, 'read_only')])]
    plans = plan_members(listed(want('ann@example.com', teams=[]), want('bob@example.com', teams=[team(PAY, 'read_only'), team(WEB, 'developer')])),
                         members, ME)
    assert [outline(plan) for plan in plans] == [('ann@example.com', 'u-ann', 'updated', [('team', 'team_remove', PAY, None, 'developer')]),
                                                 ('bob@example.com', 'u-bob', 'unchanged', [])]


def test_giving_the_role_a_team_must_keep_comes_before_other_changes():
    members = [person('u-ann', 'ann@example.com', teams=[team(PAY, 'team_manager')]), person('u-bob', 'bob@example.com', teams=[team(PAY, 'developer')])]
    plans = plan_members(listed(want('ann@example.com', teams=[team(PAY, 'developer'), team(WEB, 'team_manager')]),
                                want('bob@example.com', teams=[team(PAY, 'team_manager')])),
                         members, ME, team_manager_role='team_manager')
    assert [outline(plan)[3] for plan in plans] == [
        [('team', 'team_change', PAY, 'developer', 'team_manager'), ('team', 'team_add', WEB, 'team_manager', None)],
        [('team', 'team_promote', PAY, 'team_manager', 'developer')]]
    phases = [step['phase'] for plan in plans for step in plan['steps']]
    assert sorted(phases, key=PHASES.index) == ['team_add', 'team_promote', 'team_change']


def test_team_steps_and_their_application():
    current = [team(PAY, 'developer'), team(WEB, 'read_only')]
    steps = team_steps(current, [team(WEB, 'developer'), {'team_id': 't-new', 'team': 'New', 'role': 'read_only'}])
    assert [(step['phase'], step['team_id'], step['role'], step['current_role']) for step in steps] == [
        ('team_change', WEB, 'developer', 'read_only'), ('team_add', 't-new', 'read_only', None), ('team_remove', PAY, None, 'developer')]
    teams = current
    for step in steps:
        teams = apply_team_step(teams, step)
    assert teams == [team(WEB, 'developer'), {'team_id': 't-new', 'team': 'New', 'role': 'read_only'}]
    assert current == [team(PAY, 'developer'), team(WEB, 'read_only')]


# The credentials' own identity

@pytest.mark.parametrize('item, field', [
    (want('me@example.com', 'Viewer'), 'users[0].role'),
    (want('ME@example.com', state='absent'), 'users[0].state'),
    (want(user_id='u-me', enabled=False), 'users[0].enabled'),
])
def test_the_own_identity_is_protected(item, field):
    members = [person('u-me', 'me@example.com', 'Admin', enabled=True)]
    [plan] = plan_members(listed(item), members, ME, capabilities=DISABLE)
    assert plan['refused'][0] == field
    assert plan['refused'][1].startswith('me@example.com is the identity these credentials belong to;')
    [allowed] = plan_members(listed(item), members, ME, capabilities=DISABLE, allow_self=True)
    assert allowed['refused'] is None and allowed['steps']


def test_the_own_identity_may_be_enabled_or_left_as_it_is():
    members = [person('u-me', 'me@example.com', 'Admin', enabled=False)]
    plans = plan_members([want('me@example.com', enabled=True)], members, ME, capabilities=DISABLE)
    assert plans[0]['refused'] is None and plans[0]['action'] == 'enabled'
    plans = plan_members([want('me@example.com', 'Admin', teams=[team(PAY, 'developer')])], members, ME)
    assert plans[0]['refused'] is None and plans[0]['action'] == 'updated'


def test_the_own_identity_is_found_by_email_when_whoami_gives_no_id():
    [plan] = plan_members([want('ann@example.com', 'Admin')], MEMBERS, {'id': None, 'email': 'ANN@example.com'})
    assert plan['refused'][0] == 'role'


def test_the_own_identity_is_found_by_email_when_the_ids_differ_in_shape():
    me = {'id': 'auth0|u-me', 'email': 'Me@Example.com'}
    plans = plan_members([], MEMBERS, me, exclusive=True, allow_self=True)
    assert [(plan['email'], plan['action'], plan['note']) for plan in plans] == [
        ('me@example.com', 'unchanged', KEPT_SELF), ('Ann@Example.com', 'removed', None), ('bob@example.com', 'removed', None)]
    [plan] = plan_members([want('me@example.com', state='absent')], MEMBERS, me)
    assert plan['refused'][0] == 'state' and 'is the identity these credentials belong to' in plan['refused'][1]


@pytest.mark.parametrize('me, named', [
    ({'id': 'auth0|u-zed', 'email': 'zed@example.com'}, 'email zed@example.com, id auth0|u-zed'),
    ({'id': 'auth0|u-zed', 'email': None}, 'id auth0|u-zed'),
    ({'id': None, 'email': None}, 'whoami gave neither an id nor an email'),
])
def test_taking_access_away_is_refused_when_the_own_identity_is_not_among_the_members(me, named):
    plans = plan_members(listed(want('ann@example.com', state='absent'), want('bob@example.com', 'Viewer'),
                                want('me@example.com', 'Admin', teams=[])), MEMBERS, me)
    assert [plan['refused'] and plan['refused'][0] for plan in plans] == ['users[0].state', 'users[1].role', None]
    assert '(%s) was not found among the members by id or email' % named in plans[0]['refused'][1]
    plans = plan_members([], MEMBERS, me, exclusive=True)
    assert [plan['refused'] for plan in plans][1:] == [None, None]
    assert plans[0]['refused'][0] == 'exclusive' and plans[0]['refused'][1].startswith('would remove or disable 3 members, but ')
    # allow_self: the operator says the credentials belong to no member.
    plans = plan_members([], MEMBERS, me, exclusive=True, allow_self=True)
    assert [(plan['action'], plan['refused']) for plan in plans] == [('removed', None)] * 3


def test_one_member_named_twice_is_refused():
    plans = plan_members(listed(want('bob@example.com', 'Admin'), want(user_id='u-bob', role='Admin')), MEMBERS, ME)
    assert plans[0]['refused'] is None
    assert plans[1]['refused'] == ('users[1].user_id', 'names the same member (bob@example.com) as users[0]; give each member once')


# Guard rails

def keep_an_admin(before, after, me, projected):
    """A platform that keeps an Admin, and lets no Admin be demoted; checks what the callers hand over."""
    assert me is None or me['id'] == 'u-me'
    if after is None and before['role'] == 'Admin' and not any(known['role'] == 'Admin' for known in projected):
        return 'state', 'the last Admin stays'
    if after is not None and before['role'] == 'Admin' and after['role'] != 'Admin':
        return 'role', 'an Admin stays one'
    return None


def test_guard_rails_see_the_whole_plan():
    members = [person('u-ann', 'ann@example.com', 'Admin'), person('u-bob', 'bob@example.com', 'Viewer'), person('u-me', 'me@example.com')]
    # Bob becomes an Admin in the same run, so Ann may go.
    plans = plan_members(listed(want('ann@example.com', state='absent'), want('bob@example.com', 'Admin')), members, ME, refusal=keep_an_admin)
    assert [plan['refused'] for plan in plans] == [None, None]
    plans = plan_members(listed(want('bob@example.com', 'Developer'), want('ann@example.com', state='absent')), members, ME,
                         refusal=keep_an_admin)
    assert [plan['refused'] for plan in plans] == [None, ('users[1].state', 'the last Admin stays')]
    [plan] = plan_members([want('ann@example.com', 'Viewer')], members, ME, refusal=keep_an_admin)
    assert plan['refused'] == ('role', 'an Admin stays one')


def test_guard_rails_are_not_asked_about_items_that_change_nothing():
    def refuse_everything(before, after, me, projected):
        raise AssertionError('asked about %s' % before['email'])
    plans = plan_members([want('ann@example.com', 'Viewer'), want('zed@example.com', 'Admin')], MEMBERS, ME, refusal=refuse_everything)
    assert [plan['action'] for plan in plans] == ['unchanged', 'not_found']


# Exclusive

def test_exclusive_removes_the_others_but_never_the_own_identity():
    plans = plan_members([want('bob@example.com')], MEMBERS, ME, exclusive=True)
    assert [outline(plan) for plan in plans] == [('bob@example.com', 'u-bob', 'unchanged', []),
                                                 ('me@example.com', 'u-me', 'unchanged', []),
                                                 ('Ann@Example.com', 'u-ann', 'removed', [('remove', 'retire')])]
    assert plans[1]['note'] == KEPT_SELF and plans[1]['state'] == 'absent' and plans[1]['index'] is None


def test_exclusive_disables_where_users_cannot_be_deleted_and_skips_the_disabled():
    members = [person('u-me', 'me@example.com', enabled=True), person('u-ann', 'ann@example.com', enabled=False),
               person('u-bob', 'bob@example.com', enabled=True)]
    plans = plan_members([], members, {'id': 'u-me', 'email': None}, exclusive=True, allow_self=True, capabilities=DISABLE)
    assert [outline(plan) for plan in plans] == [('me@example.com', 'u-me', 'unchanged', []),
                                                 ('bob@example.com', 'u-bob', 'disabled', [('update', 'retire', None, False)])]


def test_exclusive_keeps_what_the_guard_rails_keep_one_by_one():
    members = [person('u-ann', 'ann@example.com', 'Admin'), person('u-bob', 'bob@example.com', 'Admin'),
               person('u-cy', 'cy@example.com', 'Viewer')]
    plans = plan_members([], members, ME, exclusive=True, refusal=keep_an_admin)
    assert [(plan['email'], plan['action'], plan['note']) for plan in plans] == [
        ('ann@example.com', 'removed', None), ('bob@example.com', 'unchanged', 'kept: the last Admin stays'),
        ('cy@example.com', 'removed', None)]
    assert plans[1]['after'] == members[1] and plans[1]['steps'] == []
