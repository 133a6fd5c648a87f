# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Pure planning: (current state, desired state) -> ordered actions, with no I/O.

Private module. Check mode and real runs use the same plan, so what check mode predicts is what a
real run does. The executors (``_invites.py``, ``_members.py``) only carry out the write steps of
each plan.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
from datetime import datetime, timedelta, timezone

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import (
    CAP_DISABLE_USERS,
    CAP_RENEW,
    PENDING,
    email_key,
)
from ansible_collections.orgaccess.onboarding.plugins.module_utils._engine import field_path

STATE_PRESENT = 'present'
STATE_ABSENT = 'absent'
STATE_RENEWED = 'renewed'
STATES = (STATE_PRESENT, STATE_ABSENT, STATE_RENEWED)

# Only an invite that ran out can be renewed natively; cancelled or otherwise inactive ones are invited anew.
EXPIRED = 'expired'
# ISO 8601 as the adapters give expiry times: a date and a time, optional seconds and fraction, Z or an offset (none: UTC).
ISO_TIME = re.compile(r'^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$', re.IGNORECASE)

CREATED = 'created'
RENEWED = 'renewed'
REPLACED = 'replaced'
CANCELLED = 'cancelled'
UNCHANGED = 'unchanged'
SKIPPED_MEMBER = 'skipped_member'
FAILED = 'failed'
ACTIONS = (CREATED, RENEWED, REPLACED, CANCELLED, UNCHANGED, SKIPPED_MEMBER, FAILED)

MEMBER_STATES = (STATE_PRESENT, STATE_ABSENT)
UPDATED = 'updated'
REMOVED = 'removed'
DISABLED = 'disabled'
ENABLED = 'enabled'
NOT_FOUND = 'not_found'
MEMBER_ACTIONS = (UPDATED, REMOVED, DISABLED, ENABLED, UNCHANGED, NOT_FOUND, FAILED)

# The phases a member plan's steps run in, in this order: what grants access before what takes it
# away, so that a guard rail that holds for the whole plan (a team keeps a manager, the organisation
# an administrator) also holds after every step.
PHASE_UPDATE = 'update'              # role and enabled changes (update_member)
PHASE_TEAM_ADD = 'team_add'          # set_team_membership without a current role
PHASE_TEAM_PROMOTE = 'team_promote'  # set_team_membership to the role a team must keep (the adapter's TEAM_MANAGER_ROLE)
PHASE_TEAM_CHANGE = 'team_change'    # set_team_membership from one role to another
PHASE_TEAM_REMOVE = 'team_remove'    # set_team_membership to no role
PHASE_RETIRE = 'retire'              # removal, or disabling through update_member
PHASES = (PHASE_UPDATE, PHASE_TEAM_ADD, PHASE_TEAM_PROMOTE, PHASE_TEAM_CHANGE, PHASE_TEAM_REMOVE, PHASE_RETIRE)

KEPT_SELF = 'kept: it is the identity these credentials belong to, which exclusive never removes or disables'
SELF_PROTECTED = ('is the identity these credentials belong to; changing its role, disabling or removing it could lock this '
                  'automation out. Set allow_self to true to do it anyway')
# When whoami's identity matches no member (an id of another shape, no email, a service account), the planner cannot
# tell whether a change takes access from the automation itself, so it takes none without allow_self.
SELF_UNKNOWN = ('the identity these credentials belong to (%s) was not found among the members by id or email, so this '
                'change could be taking access from this automation itself; nothing was changed. Set allow_self to true '
                'if the credentials belong to no member (a service account, say)')


def plan_invites(desired_items, current_invites, members, exclusive=False, capabilities=frozenset(), renew_within_days=None, now=None):
    """One plan per desired item, in input order, then (``exclusive``) one per unnamed pending email.

    ``desired_items`` are validated and unique by key: ``{'index', 'email', 'key', 'state', 'role':
    role record or None, 'teams': [{'team_id', 'team', 'role'}] or None}``. ``current_invites`` and
    ``members`` are adapter records; ``capabilities`` the adapter's capability names.
    ``renew_within_days``: None renews every ``renewed`` item's pending invite; a number renews only one that
    expires within that many days of ``now`` (an aware datetime), see ``renewal_due``.

    A plan is a dict: the item's ``index``, ``email``, ``key``, ``state``, ``role``, ``teams``;
    ``action`` (one of ``ACTIONS`` but ``failed``); ``member`` (bool); ``current`` (every invite of
    the email, any status); ``kept`` (the invite that stays as it is, or None); and the write steps:
    ``cancel`` (invites), ``create`` (bool), ``renew`` (invite renewed natively, or None); ``note`` (why a guard
    kept an invite exclusive would cancel, set by ``_guards``). Cancels run
    before the other steps, except where the platform keeps two pending invitations for one email
    (``CAP_PARALLEL_INVITES``): a plan's create then runs first, and its cancels once the create succeeded.
    """
    invites_by_key = {}
    for invite in current_invites:
        invites_by_key.setdefault(email_key(invite.get('email')), []).append(invite)
    member_keys = set(email_key(member.get('email')) for member in members if member.get('email'))

    def due(invite):
        return renewal_due(invite, renew_within_days, now)
    plans = [_plan_item(item, invites_by_key.get(item['key'], []), item['key'] in member_keys, capabilities, due)
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


def renewal_due(invite, within_days, now):
    """Whether ``state: renewed`` renews this pending invite: always when ``within_days`` is None; else only when it
    expires within ``within_days`` days of ``now`` (or has expired). An invite whose expiry the platform does not give
    (or gives in a form not understood) is not due: nothing says it is running out, and renewing it on every run
    would never settle."""
    if within_days is None:
        return True
    expires = parse_time(invite.get('expires_at'))
    return expires is not None and expires - now <= timedelta(days=within_days)


def parse_time(value):
    """An aware datetime from an ISO 8601 string (no offset: UTC), or None."""
    match = ISO_TIME.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    zone = timezone.utc
    if offset and offset.upper() != 'Z':
        digits = offset[1:].replace(':', '')
        delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        zone = timezone(delta if offset[0] == '+' else -delta)
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=zone)
    except ValueError:
        return None


def _plan_item(item, invites, is_member, capabilities, renewal_is_due):
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
        if item['state'] == STATE_RENEWED and renewal_is_due(keep):
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
        'note': None,
    }


def _is_pending(invite):
    return (invite.get('status') or '').lower() == PENDING


def _team_set(teams):
    return frozenset((team.get('team_id'), team.get('role')) for team in teams)


def plan_members(desired_items, members, me, exclusive=False, allow_self=False, capabilities=frozenset(), refusal=None,
                 team_manager_role=None):
    """One plan per desired item, in input order, then (``exclusive``) one per other member to remove or disable.

    ``desired_items`` are validated and unique: ``{'index', 'where' (the item's option path, e.g.
    ``users[3]``, or None), 'email', 'user_id' (one of the two, the other None), 'state', 'role': role
    record or None (leave it), 'enabled': bool or None (leave it), 'teams': [{'team_id', 'team', 'role'}] or
    None (leave them)}``. ``members`` are member records (with ``teams`` when any item gives teams); ``me``
    is ``whoami()``; ``refusal`` the adapter's ``member_change_refusal``; ``team_manager_role`` its
    ``TEAM_MANAGER_ROLE`` (changes to it get a phase of their own, before other changes).

    A plan is a dict: ``index``; ``email`` and ``id`` (of the member, or as given when none matches);
    ``state``; ``action`` (one of ``MEMBER_ACTIONS`` but ``failed``); ``before`` (the member record or None);
    ``after`` (the member as the plan leaves it; None when removed or not found); ``steps`` (see
    ``PHASES``: ``{'phase', 'kind': 'update', 'role', 'enabled'}``, ``{'phase', 'kind': 'remove'}`` or
    ``{'phase', 'kind': 'team', 'team_id', 'team', 'role', 'current_role'}``); ``note`` (why exclusive
    left the member alone); ``refused`` (``(field, reason)`` when the item asks for what the protection of
    the credentials' own identity or the platform's guard rails forbid; the caller then refuses the whole
    request, before any write).
    """
    mine = [member for member in members if _is_me(member, me)]
    me_member = next((member for member in mine if _same_id(member, me)), mine[0] if mine else None)
    my_ids = set(member['id'] for member in mine)
    by_email, by_id = {}, {}
    for member in members:
        by_email.setdefault(email_key(member.get('email')), member)
        by_id.setdefault(member.get('id'), member)

    plans = []
    claimed = {}
    for item in desired_items:
        member = by_id.get(item['user_id']) if item['user_id'] is not None else by_email.get(email_key(item['email']))
        plan = _plan_member(item, member, capabilities, team_manager_role)
        plans.append(plan)
        if member is None:
            continue
        earlier = claimed.setdefault(member['id'], item)
        if earlier is not item:
            plan['refused'] = (field_path(item['where'], 'email' if item['user_id'] is None else 'user_id'),
                               'names the same member (%s) as %s; give each member once' % (_label(member), earlier['where']))
        elif not allow_self and takes_away(plan):
            if member['id'] in my_ids:
                plan['refused'] = (field_path(item['where'], taken_field(plan)), '%s %s' % (_label(member), SELF_PROTECTED))
            elif not mine:
                plan['refused'] = (field_path(item['where'], taken_field(plan)), SELF_UNKNOWN % _identity(me))

    projection = _project(members, plans)
    for item, plan in zip(desired_items, plans):
        if refusal is not None and plan['refused'] is None and plan['steps']:
            refused = refusal(plan['before'], plan['after'], me_member, projection.values())
            if refused is not None:
                plan['refused'] = (field_path(item['where'], refused[0]), refused[1])
    if exclusive:
        unnamed = _unnamed(members, claimed, my_ids, me_member, projection, capabilities, refusal)
        retiring = [plan for plan in unnamed if plan['steps']]
        if retiring and not mine and not allow_self:
            retiring[0]['refused'] = ('exclusive', 'would remove or disable %d members, but %s'
                                      % (len(retiring), SELF_UNKNOWN % _identity(me)))
        plans.extend(unnamed)
    return plans


def team_steps(current, wanted, team_manager_role=None):
    """The team steps from ``current`` to exactly ``wanted`` (both ``[{'team_id', 'team', 'role'}]``):
    additions and role changes in the order wanted, then removals in the order current."""
    have = dict((team['team_id'], team) for team in current)
    steps = []
    for team in wanted:
        known = have.get(team['team_id'])
        if known is None:
            steps.append(_team_step(PHASE_TEAM_ADD, team, team['role'], None))
        elif known['role'] != team['role']:
            phase = PHASE_TEAM_PROMOTE if team['role'] == team_manager_role else PHASE_TEAM_CHANGE
            steps.append(_team_step(phase, team, team['role'], known['role']))
    wanted_ids = set(team['team_id'] for team in wanted)
    steps.extend(_team_step(PHASE_TEAM_REMOVE, team, None, team['role']) for team in current if team['team_id'] not in wanted_ids)
    return steps


def apply_team_step(teams, step):
    """``teams`` after one team step: an addition is appended, a change keeps its place, a removal drops it."""
    if step['current_role'] is None:
        return list(teams) + [{'team_id': step['team_id'], 'team': step['team'], 'role': step['role']}]
    if step['role'] is None:
        return [team for team in teams if team['team_id'] != step['team_id']]
    return [dict(team, role=step['role']) if team['team_id'] == step['team_id'] else team for team in teams]


def updated_member(member, role=None, enabled=None):
    """The member record after ``update_member(member, role, enabled)`` (None leaves a fact as it is)."""
    after = dict(member)
    if role is not None:
        after.update(role=role['name'], role_id=role['id'])
    if enabled is not None:
        after['enabled'] = enabled
    return after


def _plan_member(item, member, capabilities, team_manager_role):
    plan = {'index': item['index'], 'email': item['email'], 'id': item['user_id'], 'state': item['state'], 'action': NOT_FOUND,
            'before': member, 'after': None, 'steps': [], 'note': None, 'refused': None}
    if member is None:
        return plan
    plan.update(email=item['email'] or member.get('email'), id=member['id'])
    if item['state'] == STATE_ABSENT:
        _plan_retirement(plan, capabilities)
        return plan
    role = item['role'] if item['role'] is not None and not same_role(member, item['role']) else None
    enabled = item['enabled'] if item['enabled'] is not None and item['enabled'] != _is_enabled(member) else None
    steps = []
    if role is not None or enabled is not None:
        steps.append({'phase': PHASE_RETIRE if enabled is False else PHASE_UPDATE, 'kind': 'update', 'role': role, 'enabled': enabled})
    after = updated_member(member, role, enabled)
    if item['teams'] is not None:
        for step in team_steps(member.get('teams') or [], item['teams'], team_manager_role):
            steps.append(step)
            after['teams'] = apply_team_step(after.get('teams') or [], step)
    if enabled is not None:
        action = ENABLED if enabled else DISABLED
    else:
        action = UPDATED if steps else UNCHANGED
    plan.update(action=action, after=after, steps=steps)
    return plan


def _plan_retirement(plan, capabilities):
    """``state: absent``: removed, or where users cannot be deleted, disabled."""
    member = plan['before']
    if CAP_DISABLE_USERS not in capabilities:
        plan.update(action=REMOVED, after=None, steps=[{'phase': PHASE_RETIRE, 'kind': 'remove'}])
    elif _is_enabled(member):
        plan.update(action=DISABLED, after=updated_member(member, enabled=False),
                    steps=[{'phase': PHASE_RETIRE, 'kind': 'update', 'role': None, 'enabled': False}])
    else:
        plan.update(action=UNCHANGED, after=dict(member))


def _unnamed(members, claimed, my_ids, me_member, projection, capabilities, refusal):
    """Exclusive: plans that remove (or disable) every member no item names, but the credentials' own identity
    and those the platform's guard rails keep (listed as ``unchanged`` with a note). Each one is checked
    against what the plan leaves so far, so the last of something the platform keeps stays."""
    plans = []
    for member in members:
        if member['id'] in claimed:
            continue
        plan = {'index': None, 'email': member.get('email'), 'id': member['id'], 'state': STATE_ABSENT, 'action': None,
                'before': member, 'after': None, 'steps': [], 'note': None, 'refused': None}
        _plan_retirement(plan, capabilities)
        if not plan['steps']:
            continue
        plans.append(plan)
        if member['id'] in my_ids:
            _keep(plan, KEPT_SELF)
            continue
        _place(projection, member, plan['after'])
        refused = refusal(member, plan['after'], me_member, projection.values()) if refusal is not None else None
        if refused is not None:
            _place(projection, member, member)
            _keep(plan, 'kept: %s' % refused[1])
    return plans


def _keep(plan, note):
    plan.update(action=UNCHANGED, after=dict(plan['before']), steps=[], note=note)


def _project(members, plans):
    """Every member as the plans leave them, by id (removed ones left out)."""
    projection = dict((member['id'], member) for member in members)
    for plan in plans:
        if plan['before'] is not None:
            _place(projection, plan['before'], plan['after'])
    return projection


def _place(projection, member, after):
    if after is None:
        projection.pop(member['id'], None)
    else:
        projection[member['id']] = after


def _team_step(phase, team, role, current_role):
    return {'phase': phase, 'kind': 'team', 'team_id': team['team_id'], 'team': team['team'], 'role': role, 'current_role': current_role}


def takes_away(plan):
    """Whether the plan removes, disables or changes the role of its member."""
    return any(step['kind'] == 'remove' or (step['kind'] == 'update' and (step['role'] is not None or step['enabled'] is False))
               for step in plan['steps'])


def taken_field(plan):
    """The option that asks for what ``takes_away`` found."""
    if plan['state'] == STATE_ABSENT:
        return 'state'
    update = next(step for step in plan['steps'] if step['kind'] == 'update')
    return 'role' if update['role'] is not None else 'enabled'


def _is_enabled(member):
    """A member counts as enabled unless the platform says it is disabled."""
    return member.get('enabled') is not False


def _is_me(member, me):
    """Whether the member is the identity the credentials belong to: the same user id, or the same email. Either
    is enough: whoami may give an id in another shape than the member list (a prefix, another id space)."""
    return _same_id(member, me) or (bool(email_key(me.get('email'))) and email_key(member.get('email')) == email_key(me['email']))


def _same_id(member, me):
    return me.get('id') is not None and member.get('id') is not None and str(member['id']) == str(me['id'])


def _identity(me):
    """whoami's answer as the refusal names it."""
    facts = ['%s %s' % (key, me[key]) for key in ('email', 'id') if me.get(key)]
    return ', '.join(facts) or 'whoami gave neither an id nor an email'


def _label(member):
    return member.get('email') or member['id']
