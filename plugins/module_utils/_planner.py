# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Pure planning: (current state, desired state) -> ordered actions, with no I/O.

Private module. Check mode and real runs use the same plan, so what check mode predicts is what a
real run does. The executor (``_invites.py``) only carries out the write steps of each plan.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import (
    CAP_RENEW,
    PENDING,
    email_key,
)

STATE_PRESENT = 'present'
STATE_ABSENT = 'absent'
STATE_RENEWED = 'renewed'
STATES = (STATE_PRESENT, STATE_ABSENT, STATE_RENEWED)

# Only an invite that ran out can be renewed natively; cancelled or otherwise inactive ones are invited anew.
EXPIRED = 'expired'

CREATED = 'created'
RENEWED = 'renewed'
REPLACED = 'replaced'
CANCELLED = 'cancelled'
UNCHANGED = 'unchanged'
SKIPPED_MEMBER = 'skipped_member'
FAILED = 'failed'
ACTIONS = (CREATED, RENEWED, REPLACED, CANCELLED, UNCHANGED, SKIPPED_MEMBER, FAILED)


def plan_invites(desired_items, current_invites, members, exclusive=False, capabilities=frozenset()):
    """One plan per desired item, in input order, then (``exclusive``) one per unnamed pending email.

    ``desired_items`` are validated and unique by key: ``{'index', 'email', 'key', 'state', 'role':
    role record or None, 'teams': [{'team_id', 'team', 'role'}] or None}``. ``current_invites`` and
    ``members`` are adapter records; ``capabilities`` the adapter's capability names.

    A plan is a dict: the item's ``index``, ``email``, ``key``, ``state``, ``role``, ``teams``;
    ``action`` (one of ``ACTIONS`` but ``failed``); ``member`` (bool); ``current`` (every invite of
    the email, any status); ``kept`` (the invite that stays as it is, or None); and the write steps:
    ``cancel`` (invites), ``create`` (bool), ``renew`` (invite renewed natively, or None). Cancels run
    before the other steps.
    """
    invites_by_key = {}
    for invite in current_invites:
        invites_by_key.setdefault(email_key(invite.get('email')), []).append(invite)
    member_keys = set(email_key(member.get('email')) for member in members if member.get('email'))

    plans = [_plan_item(item, invites_by_key.get(item['key'], []), item['key'] in member_keys, capabilities)
             for item in desired_items]
    if exclusive:
        named = set(item['key'] for item in desired_items)
        for key in sorted(invites_by_key):
            pending = [invite for invite in invites_by_key[key] if _is_pending(invite)]
            if key in named or not pending:
                continue
            unnamed = {'index': None, 'email': (newest(pending)['email'] or '').strip(), 'key': key,
                       'state': STATE_ABSENT, 'role': None, 'teams': None}
            plan = _new_plan(unnamed, invites_by_key[key], key in member_keys)
            plan.update(action=CANCELLED, cancel=pending)
            plans.append(plan)
    return plans


def is_change(plan):
    """Whether carrying out the plan writes anything."""
    return bool(plan['cancel'] or plan['create'] or plan['renew'])


def same_role(invite, role):
    """Compare by role id; fall back to the name, since some platforms list invites with the role's name."""
    if invite.get('role_id') is not None and invite['role_id'] == role['id']:
        return True
    name = (invite.get('role') or '').casefold()
    return bool(name) and name == (role.get('name') or '').casefold()


def same_teams(invite, teams):
    """Team assignments only count when both sides know them (platforms may not report them on invites)."""
    if teams is None or invite.get('teams') is None:
        return True
    return _team_set(invite['teams']) == _team_set(teams)


def newest(invites):
    """The invite expiring last (ISO 8601 strings sort by time); on a tie, or without dates, the last listed."""
    ranked = sorted(enumerate(invites), key=lambda pair: (pair[1].get('expires_at') or '', pair[0]))
    return ranked[-1][1]


def _plan_item(item, invites, is_member, capabilities):
    plan = _new_plan(item, invites, is_member)
    pending = [invite for invite in invites if _is_pending(invite)]

    if item['state'] == STATE_ABSENT:
        if pending:
            plan.update(action=CANCELLED, cancel=pending)
        else:
            plan['action'] = UNCHANGED
        return plan

    if is_member:
        plan['action'] = SKIPPED_MEMBER
        return plan

    role, teams = item['role'], item['teams']
    if pending:
        wanted = [invite for invite in pending if same_role(invite, role) and same_teams(invite, teams)]
        if not wanted:
            plan.update(action=REPLACED, cancel=pending, create=True)
            return plan
        keep = newest(wanted)
        # Duplicates on the platform are cleaned up as part of this item, never left behind.
        duplicates = [invite for invite in pending if invite is not keep]
        if item['state'] == STATE_RENEWED:
            if CAP_RENEW in capabilities:
                plan.update(action=RENEWED, cancel=duplicates, renew=keep)
            else:
                plan.update(action=RENEWED, cancel=pending, create=True)
        else:
            plan.update(action=UNCHANGED, cancel=duplicates, kept=keep)
        return plan

    expired = [invite for invite in invites
               if (invite.get('status') or '').lower() == EXPIRED and same_role(invite, role) and same_teams(invite, teams)]
    if expired and CAP_RENEW in capabilities:
        plan.update(action=RENEWED, renew=newest(expired))
    else:
        plan.update(action=CREATED, create=True)
    return plan


def _new_plan(item, invites, is_member):
    return {
        'index': item['index'],
        'email': item['email'],
        'key': item['key'],
        'state': item['state'],
        'role': item['role'],
        'teams': item['teams'],
        'action': None,
        'member': is_member,
        'current': list(invites),
        'kept': None,
        'cancel': [],
        'create': False,
        'renew': None,
    }


def _is_pending(invite):
    return (invite.get('status') or '').lower() == PENDING


def _team_set(teams):
    return frozenset((team.get('team_id'), team.get('role')) for team in teams)
