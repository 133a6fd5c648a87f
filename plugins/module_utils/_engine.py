# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the invitation engine (``_invites.py``) and the member engine (``_members.py``) share.

Private module: the ``Outcome`` an engine hands the module base, turning a list option into
validated desired items (every problem reported at once, before any read beyond roles and teams),
the option path of a field, team resolution, and how a run that stops midway or has failed items
ends: what was written is always reported.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import traceback

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import CAP_TEAMS
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError, ValidationError

MAX_ITEMS = 10000
# A create whose outcome is unknown is looked up, then sent again; this bounds the sends per item.
# Six rounds match the client's default of five retries: under a 10% fault rate an item is left
# unknown after all of them about once in ten million.
MAX_CREATE_ROUNDS = 6
# Input problems and failed emails listed in one message; the rest are counted.
MAX_LISTED = 10
MAX_LISTED_EMAILS = 50


class Outcome(object):
    """What an engine hands back to the module base.

    ``values``: the return values (``invites``, ``summary``...); ``changed``; ``diff``:
    ``{'before', 'after'}`` or None, returned only in diff mode; ``error``: set when some items
    failed after validation, or an error stopped the writes midway, so the module fails at the end
    while still returning every value; ``exception``: the traceback of an error that stopped the writes.
    """

    def __init__(self, values, changed=False, diff=None, error=None, exception=None):
        self.values = values
        self.changed = changed
        self.diff = diff
        self.error = error
        self.exception = exception


def desired_items(adapter, params, list_option, item_options, build, signature, conflict):
    """The items of ``params[list_option]``, or without it the one item the options ``item_options`` give, each
    built by ``build(adapter, raw, index, where)``; or ValidationError naming every problem at once.

    Items are unique by their ``key``: an exact repeat (same ``signature(item)``) is dropped, another is a
    problem made by ``conflict(item, where of the earlier item, where)``. ``where`` is the item's option path
    (``invites[3]``), None for the single-item form.
    """
    if params.get(list_option) is None:
        if params.get('exclusive'):
            raise ValidationError('only applies to a list given in %s' % list_option, field='exclusive', platform=adapter.NAME)
        requested = [dict((option, params.get(option)) for option in item_options)]
    else:
        requested = params[list_option]
        if len(requested) > MAX_ITEMS:
            raise ValidationError('has %d items; one task takes at most %d, split the list' % (len(requested), MAX_ITEMS),
                                  field=list_option, platform=adapter.NAME)

    problems = []
    desired = []
    first_seen = {}
    for index, raw in enumerate(requested):
        where = item_where(params, list_option, index)
        try:
            item = build(adapter, raw, index, where)
        except ValidationError as exc:
            problems.append(exc)
            continue
        earlier = first_seen.get(item['key'])
        if earlier is None:
            first_seen[item['key']] = item
            desired.append(item)
        elif signature(earlier) != signature(item):
            problems.append(conflict(item, item_where(params, list_option, earlier['index']), where))
        # An exact repeat of an earlier item is dropped: it asks for nothing more.
    raise_problems(problems)
    return desired


def item_where(params, list_option, index):
    """The option path of the item at ``index`` (``users[3]``), None for the single-item form."""
    return '%s[%d]' % (list_option, index) if params.get(list_option) is not None else None


def raise_problems(problems):
    """Nothing when there is no problem; the problem itself when alone; else one ValidationError listing them."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        listed = '; '.join(str(problem) for problem in problems[:MAX_LISTED])
        more = ' (and %d more)' % (len(problems) - MAX_LISTED) if len(problems) > MAX_LISTED else ''
        raise ValidationError('%d problems in the input, nothing was changed: %s%s' % (len(problems), listed, more))


def field_path(where, name):
    """``invites[3].email`` for the field ``name`` of the item at ``where``; just ``name`` for the single-item form."""
    return '%s.%s' % (where, name) if where else name


def resolve_teams(adapter, teams, field):
    """``[{'team_id', 'team', 'role'}]`` (the invite record's shape), or None when no team is asked for."""
    if not teams:
        return None
    if not adapter.has(CAP_TEAMS):
        raise ValidationError('this platform has no teams; leave teams out', field=field, platform=adapter.NAME)
    resolved = []
    for position, entry in enumerate(teams):
        where = '%s[%d]' % (field, position)
        team = adapter.resolve_team(entry.get('team'), field=where + '.team')
        if any(known['team_id'] == team['id'] for known in resolved):
            raise ValidationError('team %r is listed twice' % team['name'], field=where + '.team', platform=adapter.NAME)
        resolved.append({'team_id': team['id'], 'team': team['name'],
                         'role': adapter.resolve_team_role(entry.get('role'), field=where + '.role')})
    return resolved


class Answers(object):
    """The answers of one batch of writes: each failure is recorded on its item by the caller, and the first exception
    that is not an API error (a bug) is raised by ``raise_bug`` once every answer of the batch is recorded, so no
    write that happened is left out of the result."""

    def __init__(self):
        self.bug = None

    def failed(self, answer):
        if isinstance(answer, Exception) and not isinstance(answer, ApiError) and self.bug is None:
            self.bug = answer
        return isinstance(answer, Exception)

    def raise_bug(self):
        if self.bug is not None:
            raise self.bug


def interrupted_by(exc, runs):
    """``(message, traceback)`` for an error that stopped the writes midway; every unfinished item is marked failed."""
    for run in runs:
        if not run.finished():
            run.error = 'not done: the run stopped before this item was finished (%s)' % type(exc).__name__
    expected = isinstance(exc, (ApiError, ValidationError))
    message = 'the run stopped midway after writing to the platform%s: %s%s; changed and each item say what was done' % (
        '' if expected else ' (an unexpected error)', '' if expected else type(exc).__name__ + ': ', exc)
    return message, (None if expected else traceback.format_exc())


def interrupted_outcome(error, interruption):
    """The ``error`` and ``exception`` of an Outcome: the interruption (when there was one) comes first."""
    if interruption is None:
        return {'error': error}
    message, exception = interruption
    return {'error': '%s. %s' % (message, error) if error else message, 'exception': exception}


def failures_error(failed, total, option):
    """The message a task fails with when the items labelled ``failed`` (of ``total`` in ``option``) failed; None when none did."""
    if not failed:
        return None
    listed = ', '.join(failed[:MAX_LISTED_EMAILS])
    more = ' and %d more' % (len(failed) - MAX_LISTED_EMAILS) if len(failed) > MAX_LISTED_EMAILS else ''
    return '%d of %d %s failed (%s%s); see msg in each failed item of %s' % (len(failed), total, option, listed, more, option)
