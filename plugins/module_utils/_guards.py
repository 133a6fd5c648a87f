# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Safety guards applied to every plan of ``org_user`` and ``org_invite``, before any write.

Private module, pure (no I/O but the reads handed in as callables). A sync that removes people is one
typo or one truncated list away from locking an organisation out, so every plan passes these guards
in check mode and in real runs alike (the options are documented once, in the ``guards`` doc fragment):

- removal cap (``max_removals``): the people a run removes, disables or un-invites in the organisation,
  at most a number or a percentage of its members plus pending invitations (never below ``REMOVAL_FLOOR``);
- protected people (``protect``): emails, user ids or glob patterns that no run removes, disables,
  changes the role of or un-invites; an item asking for it is refused, exclusive mode keeps them with a note;
- minimum administrators (``min_admins``, members only): a plan may not leave fewer members holding one
  of the adapter's ``ADMIN_ROLES`` than this (pending invitations are not administrators);
- exclusive mode with an empty list is refused unless ``allow_empty_exclusive``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import fnmatch
import re

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import PENDING, email_key
from ansible_collections.orgaccess.onboarding.plugins.module_utils._engine import field_path
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._planner import (
    CANCELLED,
    DISABLED,
    REMOVED,
    UNCHANGED,
    newest,
    taken_field,
    takes_away,
)

# peribolos' --maximum-removal-delta default: a quarter of the organisation.
DEFAULT_MAX_REMOVALS = '25%'
# A percentage cap never drops below this, so a small organisation can still offboard one person per run.
REMOVAL_FLOOR = 1
DEFAULT_MIN_ADMINS = 1
CAP_PATTERN = re.compile(r'^\s*(\d+)\s*(%?)\s*$')
RAISE_CAP = 'raise max_removals (a number, or a percentage of the members plus pending invitations such as 50%) to allow it'


def guard_argument_spec(members=False):
    """The guard options (``guards`` doc fragment); ``min_admins`` only where members change (``guards.MEMBERS``)."""
    spec = dict(
        max_removals=dict(type='str', default=DEFAULT_MAX_REMOVALS),
        protect=dict(type='list', elements='str', default=[]),
        allow_empty_exclusive=dict(type='bool', default=False),
    )
    if members:
        spec['min_admins'] = dict(type='int', default=DEFAULT_MIN_ADMINS)
    return spec


class Guards(object):
    """The guard options of one task, checked; build with ``guards_from_params`` before anything is read."""

    def __init__(self, platform, organisation, max_removals=DEFAULT_MAX_REMOVALS, protect=(), min_admins=None):
        self.platform = platform
        self.organisation = organisation
        self.max_removals = max_removals
        self.cap_value, self.cap_is_percent = parse_cap(max_removals, platform)
        self.patterns = [(pattern, pattern.strip().casefold()) for pattern in protect]
        self.min_admins = min_admins
        # What the removal cap measured of the plan guarded last (measure_removals), which the engines return as removals.
        self.removals = None

    def protected_by(self, *labels):
        """The ``protect`` entry matching one of ``labels`` (emails, user ids; case-insensitive), or None."""
        keys = [email_key(str(label)) for label in labels if label not in (None, '')]
        for pattern, folded in self.patterns:
            if any(fnmatch.fnmatchcase(key, folded) for key in keys):
                return pattern
        return None

    def cap(self, population):
        """The most removals allowed in an organisation of ``population`` members plus pending invitations."""
        if not self.cap_is_percent:
            return self.cap_value
        return max(REMOVAL_FLOOR, self.cap_value * population // 100)

    def measure_removals(self, count, members, pending_invitations):
        """What the removal cap measures of a plan removing ``count`` people (the ``removals`` result): the count, the option,
        the cap and the two halves of the population. ``members`` and ``pending_invitations`` are the numbers the task read,
        or callables that read them, called only when a percentage cap needs the population for this count, so a small run
        reads nothing more; what was not read is None, and so is a percentage cap whose population was not read."""
        measured = dict(count=count, max_removals=self.max_removals, cap=None, members=None, pending_invitations=None)
        halves = dict(members=members, pending_invitations=pending_invitations)
        needs_population = self.cap_is_percent and count > REMOVAL_FLOOR
        for half, value in halves.items():
            if not callable(value):
                measured[half] = value
            elif needs_population:
                measured[half] = value()
        if not self.cap_is_percent:
            measured['cap'] = self.cap_value
        elif population_of(measured) is not None:
            measured['cap'] = self.cap(population_of(measured))
        return measured

    def removal_problem(self, measured, verb):
        """ValidationError naming ``max_removals`` when the removals ``measured`` (``measure_removals``) exceed the cap, else None."""
        count, cap = measured['count'], measured['cap']
        if cap is None or count <= cap:
            return None
        return ValidationError('this run would %s %d people in %s, more than the cap of %s; nothing was changed. If that is meant, %s'
                               % (verb, count, self.organisation, cap_text(cap, self.max_removals, population_of(measured)), RAISE_CAP),
                               field='max_removals', platform=self.platform)


def cap_text(cap, max_removals, population):
    """``2`` for a number cap, ``2 (25% of 8 members and pending invitations)`` for a percentage."""
    if population is None or not max_removals.strip().endswith('%'):
        return '%d' % cap
    return '%d (%s of %d members and pending invitations)' % (cap, max_removals.strip(), population)


def population_of(measured):
    """The members plus pending invitations of ``measure_removals``' result, or None when a half was not read."""
    if measured['members'] is None or measured['pending_invitations'] is None:
        return None
    return measured['members'] + measured['pending_invitations']


def parse_cap(value, platform):
    """``(number, is_percent)`` from ``10`` or ``25%``, or ValidationError naming ``max_removals``."""
    match = CAP_PATTERN.match(str(value)) if value is not None else None
    if match is None or (match.group(2) and int(match.group(1)) > 100):
        raise ValidationError('%r is not a number of people (such as 10) or a percentage from 0%% to 100%% (such as 25%%)' % (value,),
                              field='max_removals', platform=platform)
    return int(match.group(1)), bool(match.group(2))


def guards_from_params(adapter, params, list_option):
    """The task's Guards, or ValidationError naming the option: checked before anything is read."""
    if params.get('exclusive') and params.get(list_option) == [] and not params.get('allow_empty_exclusive'):
        raise ValidationError('is empty and exclusive is true, which would take access from everyone in %s; nothing was changed. '
                              'Set allow_empty_exclusive to true if that is meant' % adapter.organisation(),
                              field=list_option, platform=adapter.NAME)
    protect = params.get('protect') or []
    for index, pattern in enumerate(protect):
        if pattern is None or not str(pattern).strip():
            raise ValidationError('is empty; give an email, a user id or a glob pattern such as *@service.example.com',
                                  field='protect[%d]' % index, platform=adapter.NAME)
    min_admins = DEFAULT_MIN_ADMINS if params.get('min_admins') is None else params['min_admins']
    if min_admins < 0:
        raise ValidationError('must be 0 or more, got %d' % min_admins, field='min_admins', platform=adapter.NAME)
    max_removals = params.get('max_removals')
    return Guards(adapter.NAME, adapter.organisation(), DEFAULT_MAX_REMOVALS if max_removals is None else str(max_removals),
                  [str(pattern) for pattern in protect], min_admins)


def guard_members(guards, plans, members, count_invites, admin_roles, where):
    """Apply the guards to ``plan_members``' plans: keep protected members exclusive would retire (with a note), and
    return the problems (ValidationError) that refuse the request. ``count_invites``: the pending invitations' number, or
    a callable reading it (called only when the cap needs it); ``admin_roles`` the adapter's ``ADMIN_ROLES``; ``where(index)``
    an item's path. What the removal cap measured is left in ``guards.removals``."""
    problems, refused = _hold_protected(
        guards, [plan for plan in plans if plan['steps'] and takes_away(plan)],
        labels=lambda plan: (plan['email'], plan['id']),
        undo=lambda plan: dict(after=dict(plan['before']), steps=[]),
        refusal=lambda plan, pattern: ValidationError(
            '%s is protected (protect entry %r): no run removes, disables or changes the role of a protected person; nothing was '
            'changed. Take it out of protect to change it' % (plan['email'] or plan['id'], pattern),
            field=field_path(where(plan['index']), taken_field(plan)), platform=guards.platform))
    # What is refused already is not counted again.
    retiring = sum(1 for plan in plans if plan['steps'] and plan['action'] in (REMOVED, DISABLED) and not _among(plan, refused))
    guards.removals = guards.measure_removals(retiring, len(members), count_invites)
    cap_problem = guards.removal_problem(guards.removals, 'remove or disable')
    if cap_problem is not None:
        problems.append(cap_problem)
    admin_problem = _admins_problem(guards, plans, members, admin_roles)
    if admin_problem is not None:
        problems.append(admin_problem)
    return problems


def guard_invites(guards, plans, current_invites, count_members, where):
    """Apply the guards to ``plan_invites``' plans: keep protected invitations exclusive would cancel (with a note), and
    return the problems that refuse the request. ``count_members``: the members' number, or a callable reading it (called
    only when the cap needs it). What the removal cap measured is left in ``guards.removals``."""
    problems, refused = _hold_protected(
        guards, [plan for plan in plans if plan['action'] == CANCELLED and plan['cancel']],
        labels=lambda plan: (plan['email'],),
        undo=lambda plan: dict(kept=newest(plan['cancel']), cancel=[]),
        refusal=lambda plan, pattern: ValidationError(
            '%s is protected (protect entry %r): no run cancels the invitation of a protected person; nothing was changed. Take it '
            'out of protect to cancel it' % (plan['email'], pattern),
            field=field_path(where(plan['index']), 'state'), platform=guards.platform))
    cancelling = sum(1 for plan in plans if plan['action'] == CANCELLED and plan['cancel'] and not _among(plan, refused))
    pending = set(email_key(invite.get('email')) for invite in current_invites if (invite.get('status') or '').lower() == PENDING)
    guards.removals = guards.measure_removals(cancelling, count_members, len(pending))
    cap_problem = guards.removal_problem(guards.removals, 'cancel the invitations of')
    if cap_problem is not None:
        problems.append(cap_problem)
    return problems


def _hold_protected(guards, plans, labels, undo, refusal):
    """``protect`` over ``plans`` that take access away: a plan of exclusive mode (no roster item) for a protected person
    (``labels(plan)``: its emails and ids) is kept unchanged with a note, ``undo(plan)`` giving the fields that drop its
    changes; a roster item is refused with ``refusal(plan, pattern)``. Returns ``(problems, refused plans)``."""
    problems = []
    refused = []
    for plan in plans:
        pattern = guards.protected_by(*labels(plan))
        if pattern is None:
            continue
        if plan['index'] is None:
            plan.update(undo(plan), action=UNCHANGED, note=protected_note(pattern))
        else:
            refused.append(plan)
            problems.append(refusal(plan, pattern))
    return problems, refused


def _among(plan, plans):
    return any(plan is other for other in plans)


def protected_note(pattern):
    return 'kept: protected (protect entry %r), which no run removes, disables or un-invites' % pattern


def is_admin(member, admin_roles):
    """Whether an enabled member holds one of ``admin_roles`` (role names or ids, case-insensitive)."""
    if member is None or member.get('enabled') is False:
        return False
    wanted = set(str(role).casefold() for role in admin_roles)
    return any(str(member.get(key) or '').casefold() in wanted for key in ('role', 'role_id'))


def _admins_problem(guards, plans, members, admin_roles):
    """ValidationError naming ``min_admins`` when the plans leave fewer administrators than it asks for (and fewer than
    there are now: a plan that takes no administrator away is never refused for an organisation already below it)."""
    if not guards.min_admins or not admin_roles:
        return None
    projected = dict((member['id'], member) for member in members)
    for plan in plans:
        if plan['before'] is not None and plan['steps']:
            projected[plan['before']['id']] = plan['after']
    before = sum(1 for member in members if is_admin(member, admin_roles))
    after = sum(1 for member in projected.values() if is_admin(member, admin_roles))
    if after >= guards.min_admins or after >= before:
        return None
    return ValidationError('this run would leave %d enabled administrators (role %s) in %s, fewer than min_admins (%d); nothing was '
                           'changed. Keep or appoint another administrator, or lower min_admins'
                           % (after, ' or '.join(admin_roles), guards.organisation, guards.min_admins),
                           field='min_admins', platform=guards.platform)
