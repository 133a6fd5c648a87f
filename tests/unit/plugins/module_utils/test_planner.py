# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from datetime import datetime, timezone

import pytest

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import (
    CAP_RENEW,
    email_key,
    role_record,
)
from ansible_collections.orgaccess.onboarding.plugins.module_utils._planner import (
    is_change,
    newest,
    plan_invites,
    same_role,
    same_teams,
)
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_adapter import ROLES, member, pending

ROLE = dict((role['name'], role) for role in ROLES)
RENEW = frozenset((CAP_RENEW,))
PAYMENTS_DEV = [{'team_id': 't-pay', 'team': 'Payments', 'role': 'developer'}]
PAYMENTS_READ = [{'team_id': 't-pay', 'team': 'Payments', 'role': 'read_only'}]


def want(email, role='Admin', state='present', teams=None, index=0):
    return {'index': index, 'email': email.strip(), 'key': email_key(email), 'state': state,
            'role': ROLE[role] if role and state != 'absent' else None, 'teams': teams}


def steps(plan):
    """The plan reduced to what the executor acts on: (email, action, cancelled ids, create, renew id, kept id)."""
    return (plan['email'], plan['action'], sorted(invite['id'] for invite in plan['cancel']), plan['create'],
            plan['renew']['id'] if plan['renew'] else None,
            plan['kept']['id'] if plan['kept'] else None)


# (case id, desired items, current invites, members, exclusive, capabilities, expected steps of each plan)
CASES = [
    ('new person is invited',
     [want('alice@example.com')], [], [], False, frozenset(),
     [('alice@example.com', 'created', [], True, None, None)]),
    ('pending with same role is left alone',
     [want('alice@example.com')], [pending('i1', 'alice@example.com', 'Admin')], [], False, frozenset(),
     [('alice@example.com', 'unchanged', [], False, None, 'i1')]),
    ('emails compare trimmed and case-insensitively',
     [want('  Alice@Example.COM ')], [pending('i1', 'alice@EXAMPLE.com', 'Admin')], [], False, frozenset(),
     [('Alice@Example.COM', 'unchanged', [], False, None, 'i1')]),
    ('role compared by id even when the names differ in case',
     [want('alice@example.com')], [pending('i1', 'alice@example.com', 'ADMIN', role_id='r-admin')], [], False, frozenset(),
     [('alice@example.com', 'unchanged', [], False, None, 'i1')]),
    ('an invite listing the role by name only still matches',
     [want('alice@example.com', 'Viewer')], [pending('i1', 'alice@example.com', 'viewer', role_id='viewer')], [], False, frozenset(),
     [('alice@example.com', 'unchanged', [], False, None, 'i1')]),
    ('member is not invited',
     [want('bob@example.com')], [], [member('u1', 'BOB@example.com')], False, frozenset(),
     [('bob@example.com', 'skipped_member', [], False, None, None)]),
    ('member with a stale pending invite is still only skipped',
     [want('bob@example.com')], [pending('i1', 'bob@example.com', 'Viewer')], [member('u1', 'bob@example.com')], False, frozenset(),
     [('bob@example.com', 'skipped_member', [], False, None, None)]),
    ('pending with another role is cancelled and sent again',
     [want('alice@example.com', 'Viewer')], [pending('i1', 'alice@example.com', 'Admin')], [], False, frozenset(),
     [('alice@example.com', 'replaced', ['i1'], True, None, None)]),
    ('expired only, no native renew: invited anew',
     [want('carol@example.com')], [pending('i1', 'carol@example.com', status='expired')], [], False, frozenset(),
     [('carol@example.com', 'created', [], True, None, None)]),
    ('expired only, native renew: renewed',
     [want('carol@example.com')], [pending('i1', 'carol@example.com', status='expired')], [], False, RENEW,
     [('carol@example.com', 'renewed', [], False, 'i1', None)]),
    ('expired with another role, native renew: invited anew',
     [want('carol@example.com', 'Viewer')], [pending('i1', 'carol@example.com', 'Admin', status='expired')], [], False, RENEW,
     [('carol@example.com', 'created', [], True, None, None)]),
    ('the newest expired invite is the one renewed',
     [want('carol@example.com')],
     [pending('i1', 'carol@example.com', status='expired', expires_at='2026-02-01T00:00:00Z'),
      pending('i2', 'carol@example.com', status='expired', expires_at='2026-03-01T00:00:00Z')], [], False, RENEW,
     [('carol@example.com', 'renewed', [], False, 'i2', None)]),
    ('inactive (not expired) is never renewed natively',
     [want('carol@example.com')], [pending('i1', 'carol@example.com', status='inactive')], [], False, RENEW,
     [('carol@example.com', 'created', [], True, None, None)]),
    ('renewed: native renew of the pending invite',
     [want('dave@example.com', state='renewed')], [pending('i1', 'dave@example.com')], [], False, RENEW,
     [('dave@example.com', 'renewed', [], False, 'i1', None)]),
    ('renewed: cancel and invite again without native renew',
     [want('dave@example.com', state='renewed')], [pending('i1', 'dave@example.com')], [], False, frozenset(),
     [('dave@example.com', 'renewed', ['i1'], True, None, None)]),
    ('renewed: nobody pending, so invited',
     [want('dave@example.com', state='renewed')], [], [], False, RENEW,
     [('dave@example.com', 'created', [], True, None, None)]),
    ('renewed with another role is a replacement, even with native renew',
     [want('dave@example.com', 'Viewer', state='renewed')], [pending('i1', 'dave@example.com', 'Admin')], [], False, RENEW,
     [('dave@example.com', 'replaced', ['i1'], True, None, None)]),
    ('renewed member is skipped',
     [want('dave@example.com', state='renewed')], [], [member('u1', 'Dave@Example.com')], False, RENEW,
     [('dave@example.com', 'skipped_member', [], False, None, None)]),
    ('absent cancels the pending invite',
     [want('eve@example.com', state='absent')], [pending('i1', 'EVE@example.com')], [], False, frozenset(),
     [('eve@example.com', 'cancelled', ['i1'], False, None, None)]),
    ('absent with nothing pending is unchanged, expired invites are left',
     [want('eve@example.com', state='absent')], [pending('i1', 'eve@example.com', status='expired')], [], False, frozenset(),
     [('eve@example.com', 'unchanged', [], False, None, None)]),
    ('absent cancels every pending invite of the email',
     [want('eve@example.com', state='absent')],
     [pending('i1', 'eve@example.com'), pending('i2', 'Eve@example.com', 'Viewer')], [], False, frozenset(),
     [('eve@example.com', 'cancelled', ['i1', 'i2'], False, None, None)]),
    ('absent cancels a member\'s pending invite but leaves the member',
     [want('eve@example.com', state='absent')], [pending('i1', 'eve@example.com')], [member('u1', 'eve@example.com')], False,
     frozenset(),
     [('eve@example.com', 'cancelled', ['i1'], False, None, None)]),
    ('server duplicates: the one with the wanted role is kept, the other cancelled',
     [want('fay@example.com', 'Viewer')],
     [pending('i1', 'fay@example.com', 'Admin'), pending('i2', 'FAY@example.com', 'Viewer')], [], False, frozenset(),
     [('fay@example.com', 'unchanged', ['i1'], False, None, 'i2')]),
    ('server duplicates with the same role: the newest is kept',
     [want('fay@example.com')],
     [pending('i1', 'fay@example.com', expires_at='2026-05-01T00:00:00Z'),
      pending('i2', 'fay@example.com', expires_at='2026-04-01T00:00:00Z')], [], False, frozenset(),
     [('fay@example.com', 'unchanged', ['i2'], False, None, 'i1')]),
    ('server duplicates, none with the wanted role: all cancelled, one invite sent',
     [want('fay@example.com', 'Developer')],
     [pending('i1', 'fay@example.com', 'Admin'), pending('i2', 'fay@example.com', 'Viewer')], [], False, frozenset(),
     [('fay@example.com', 'replaced', ['i1', 'i2'], True, None, None)]),
    ('server duplicates with native renew: one renewed, the other cancelled',
     [want('fay@example.com', state='renewed')],
     [pending('i1', 'fay@example.com'), pending('i2', 'fay@example.com')], [], False, RENEW,
     [('fay@example.com', 'renewed', ['i1'], False, 'i2', None)]),
    ('exclusive cancels the pending invites nobody named, in email order',
     [want('alice@example.com', index=0), want('eve@example.com', state='absent', index=1)],
     [pending('i1', 'alice@example.com'), pending('i2', 'zed@example.com'), pending('i3', 'Eve@example.com'),
      pending('i4', 'kim@example.com', status='expired'), pending('i5', 'BEN@example.com'), pending('i6', 'ben@example.com')],
     [], True, frozenset(),
     [('alice@example.com', 'unchanged', [], False, None, 'i1'),
      ('eve@example.com', 'cancelled', ['i3'], False, None, None),
      ('ben@example.com', 'cancelled', ['i5', 'i6'], False, None, None),
      ('zed@example.com', 'cancelled', ['i2'], False, None, None)]),
    ('without exclusive, unnamed invites stay',
     [want('alice@example.com')], [pending('i2', 'zed@example.com')], [], False, frozenset(),
     [('alice@example.com', 'created', [], True, None, None)]),
    ('exclusive with an empty list cancels everything pending',
     [], [pending('i1', 'a@example.com'), pending('i2', 'b@example.com', status='expired')], [], True, frozenset(),
     [('a@example.com', 'cancelled', ['i1'], False, None, None)]),
    ('reported teams that differ mean a replacement',
     [want('gus@example.com', teams=PAYMENTS_DEV)], [pending('i1', 'gus@example.com', teams=PAYMENTS_READ)], [], False, frozenset(),
     [('gus@example.com', 'replaced', ['i1'], True, None, None)]),
    ('unreported teams cannot differ',
     [want('gus@example.com', teams=PAYMENTS_DEV)], [pending('i1', 'gus@example.com')], [], False, frozenset(),
     [('gus@example.com', 'unchanged', [], False, None, 'i1')]),
    ('several items keep their input order',
     [want('b@example.com', index=0), want('a@example.com', 'Viewer', index=1)], [pending('i1', 'a@example.com')], [], False,
     frozenset(),
     [('b@example.com', 'created', [], True, None, None), ('a@example.com', 'replaced', ['i1'], True, None, None)]),
]


@pytest.mark.parametrize('desired, current, members, exclusive, capabilities, expected',
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_plan_table(desired, current, members, exclusive, capabilities, expected):
    plans = plan_invites(desired, current, members, exclusive=exclusive, capabilities=capabilities)
    assert [steps(plan) for plan in plans] == expected


@pytest.mark.parametrize('desired, current, members, exclusive, capabilities, expected',
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_plan_is_pure(desired, current, members, exclusive, capabilities, expected):
    """Planning twice gives the same plan and leaves its inputs untouched (check mode and real runs share it)."""
    snapshot = [dict(invite) for invite in current]
    first = plan_invites(desired, current, members, exclusive=exclusive, capabilities=capabilities)
    second = plan_invites(desired, current, members, exclusive=exclusive, capabilities=capabilities)
    assert [steps(plan) for plan in first] == [steps(plan) for plan in second]
    assert current == snapshot


def test_plan_carries_the_item_and_every_current_invite():
    expired = pending('i1', 'carol@example.com', status='expired')
    live = pending('i2', 'Carol@example.com', 'Viewer')
    [plan] = plan_invites([want('carol@example.com', index=7)], [expired, live], [], capabilities=RENEW)
    assert plan['index'] == 7 and plan['state'] == 'present' and plan['role'] == ROLE['Admin']
    assert plan['current'] == [expired, live] and plan['member'] is False
    assert plan['action'] == 'replaced' and plan['cancel'] == [live]


def test_exclusive_item_shape():
    invite = pending('i9', ' Zed@Example.com ', 'Viewer')
    [plan] = plan_invites([], [invite], [], exclusive=True)
    assert (plan['index'], plan['email'], plan['key'], plan['state'], plan['role']) == (None, 'Zed@Example.com', 'zed@example.com',
                                                                                        'absent', None)


@pytest.mark.parametrize('action_steps, changes', [
    ({}, False),
    ({'cancel': [pending('i1', 'a@example.com')]}, True),
    ({'create': True}, True),
    ({'renew': pending('i1', 'a@example.com')}, True),
])
def test_is_change(action_steps, changes):
    plan = dict({'cancel': [], 'create': False, 'renew': None}, **action_steps)
    assert is_change(plan) is changes


def test_same_role_needs_a_name_to_match_by_name():
    assert not same_role({'role': None, 'role_id': None}, role_record('x', ''))
    assert same_role({'role': 'admin', 'role_id': 'other'}, ROLE['Admin'])
    assert not same_role({'role': 'Viewer', 'role_id': 'r-viewer'}, ROLE['Admin'])


def test_same_teams_ignores_order():
    both = PAYMENTS_DEV + [{'team_id': 't-web', 'team': 'Web', 'role': 'read_only'}]
    assert same_teams({'teams': list(reversed(both))}, both)
    assert not same_teams({'teams': PAYMENTS_DEV}, both)
    assert same_teams({'teams': None}, both) and same_teams({'teams': PAYMENTS_DEV}, None)


def test_newest_prefers_the_latest_expiry_then_the_last_listed():
    undated = [pending('i1', 'a@example.com'), pending('i2', 'a@example.com')]
    assert newest(undated)['id'] == 'i2'
    dated = [pending('i1', 'a@example.com', expires_at='2026-02-01T00:00:00Z'), pending('i2', 'a@example.com')]
    assert newest(dated)['id'] == 'i1'


# state: renewed with renew_within_days

NOW = datetime(2030, 1, 10, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize('expires_at, within_days, capabilities, expected', [
    ('2030-01-15T12:00:00Z', None, RENEW, ('renewed', [], False, 'i1', None)),                 # unset: always renew
    ('2030-01-15T12:00:00Z', 5, RENEW, ('renewed', [], False, 'i1', None)),                    # exactly 5 days left
    ('2030-01-15T12:00:01Z', 5, RENEW, ('unchanged', [], False, None, 'i1')),                  # a second more: not yet
    ('2030-01-15T13:00:00+02:00', 5, RENEW, ('renewed', [], False, 'i1', None)),               # offsets count
    ('2030-01-01 00:00:00', 0, RENEW, ('renewed', [], False, 'i1', None)),                     # already past, no zone: UTC
    ('2030-01-20T00:00:00.123Z', 5, frozenset(), ('unchanged', [], False, None, 'i1')),
    ('2030-01-12T00:00:00.123Z', 5, frozenset(), ('renewed', ['i1'], True, None, None)),      # cancel and invite again
    (None, 5, RENEW, ('unchanged', [], False, None, 'i1')),                                    # unknown expiry: left alone
    ('next tuesday', 5, RENEW, ('unchanged', [], False, None, 'i1')),
    (None, None, frozenset(), ('renewed', ['i1'], True, None, None)),
])
def test_renewed_with_renew_within_days_renews_only_what_runs_out(expires_at, within_days, capabilities, expected):
    current = [pending('i1', 'dave@example.com', expires_at=expires_at)]
    [plan] = plan_invites([want('dave@example.com', state='renewed')], current, [], capabilities=capabilities,
                          renew_within_days=within_days, now=NOW)
    assert steps(plan)[1:] == expected


def test_renewed_not_due_still_cleans_up_duplicates():
    current = [pending('i1', 'dave@example.com', expires_at='2030-03-01T00:00:00Z'),
               pending('i2', 'dave@example.com', expires_at='2030-02-01T00:00:00Z')]
    [plan] = plan_invites([want('dave@example.com', state='renewed')], current, [], capabilities=RENEW, renew_within_days=7, now=NOW)
    assert steps(plan)[1:] == ('unchanged', ['i2'], False, None, 'i1')
