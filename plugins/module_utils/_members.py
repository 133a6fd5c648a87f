# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The member engine behind ``org_user_info`` and ``org_user``.

Private module. ``apply_members`` validates the whole request before anything is written, reads the
members once (with their teams only when some item gives teams) and the identity the credentials
belong to, plans with ``_planner.plan_members``, refuses the whole request when an item asks for what
the platform's guard rails or the protection of that identity forbid, and unless in check mode
carries the plan out phase by phase (see ``_planner.PHASES``), each phase with bounded concurrency.
Check mode returns the same result shape from the same plan, with no write at all.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import (
    CAP_DISABLE_USERS,
    CAP_TEAMS,
    PENDING,
    clean_email,
    email_key,
    run_bounded,
)
from ansible_collections.orgaccess.onboarding.plugins.module_utils import _approval
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError, OutcomeUnknown, ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._engine import (
    MAX_CREATE_ROUNDS,
    Answers,
    Outcome,
    desired_items,
    failures_error,
    field_path,
    interrupted_by,
    interrupted_outcome,
    item_where,
    raise_problems,
    resolve_teams,
)
from ansible_collections.orgaccess.onboarding.plugins.module_utils._guards import guard_members, guards_from_params
from ansible_collections.orgaccess.onboarding.plugins.module_utils._planner import (
    FAILED,
    MEMBER_ACTIONS,
    PHASE_TEAM_ADD,
    PHASES,
    STATE_ABSENT,
    STATE_PRESENT,
    apply_team_step,
    plan_members,
    same_role,
    updated_member,
)

# The options of one user, in the single-user form and in each item of ``users``.
ITEM_OPTIONS = ('email', 'user_id', 'role', 'state', 'enabled', 'teams')
# What org_user_info returns of a member record; anything else an adapter might carry never passes.
PUBLIC_MEMBER_KEYS = ('id', 'email', 'name', 'role', 'role_id', 'enabled', 'teams', 'platform')
# What a failed step was doing, for the item's msg.
STEP_WORDS = {'update': 'could not change the user', 'remove': 'could not remove the user', 'team': 'could not change team %s'}


def report_members(adapter, params, check_mode=False):
    """``org_user_info``: members by email, by user ids, or all; optionally of one role; teams where the platform has them.

    Only reads, so check mode changes nothing.
    """
    role = adapter.resolve_role(params['role'], field='role') if params.get('role') else None
    if params.get('email') is not None:
        members = adapter.members_by_email(clean_email(params['email'], 'email', adapter.NAME))
    elif params.get('user_ids') is not None:
        members = adapter.members_by_ids(_user_ids(adapter, params['user_ids'])) if params['user_ids'] else []
    else:
        members = adapter.list_members()
    if role is not None:
        members = [member for member in members if same_role(member, role)]
    if params.get('include_teams') and members:
        attach_teams(adapter, members)
    return Outcome({'users': [dict((key, member.get(key)) for key in PUBLIC_MEMBER_KEYS) for member in members]})


def _user_ids(adapter, values):
    ids = []
    for index, value in enumerate(values):
        if value is None or not str(value).strip():
            raise ValidationError('is empty', field='user_ids[%d]' % index, platform=adapter.NAME)
        ids.append(str(value).strip())
    return ids


def attach_teams(adapter, members):
    """Fill in each member's ``teams`` (``[]`` for none) where the platform has teams; elsewhere they stay None."""
    if not adapter.has(CAP_TEAMS):
        return
    teams = adapter.member_teams()
    for member in members:
        member['teams'] = [dict(team) for team in teams.get(member['id'], [])]


def apply_members(adapter, params, check_mode=False):
    """``org_user``: validate, read, plan, refuse what the guard rails forbid, then write (or, in check mode, predict)."""
    _approval.check_options(adapter, params)
    guards = guards_from_params(adapter, params, 'users')
    desired = desired_members(adapter, params)
    members = adapter.list_members()
    me = adapter.whoami()
    if any(item['teams'] is not None for item in desired) or (adapter.TEAM_MANAGER_ROLE is not None and _removes_any(desired, params)):
        # Teams are read when items give them, and where a team must keep a manager, when someone may leave the organisation.
        attach_teams(adapter, members)
    plans = plan_members(desired, members, me, exclusive=params.get('exclusive'), allow_self=params.get('allow_self'),
                         capabilities=adapter.CAPABILITIES, refusal=adapter.member_change_refusal,
                         team_manager_role=adapter.TEAM_MANAGER_ROLE)
    # The guards keep protected members exclusive would retire, then refuse before any write, in check mode as in a real
    # run; what the planner refused (the own identity, the platform's guard rails) is reported first.
    guarded = guard_members(guards, plans, members, lambda: _pending_invitations(adapter), adapter.ADMIN_ROLES,
                            lambda index: item_where(params, 'users', index))
    refused = [ValidationError(plan['refused'][1], field=plan['refused'][0], platform=adapter.NAME)
               for plan in plans if plan['refused'] is not None]
    raise_problems(refused)
    raise_problems(guarded)
    approval, refusal = _approval.review(adapter, params, 'org_user', _approval.member_plan(plans))
    # The role adds both tasks' removals of an organisation up against one cap (plugins/plugin_utils/_roster.py).
    approval['removals'] = guards.removals
    if refusal is not None:
        return Outcome(approval, error=refusal)
    runs = [MemberRun(plan) for plan in plans]
    if check_mode:
        for run in runs:
            run.predict()
        return _outcome(runs, approval=approval)
    try:
        execute(adapter, runs)
    except Exception as exc:  # pylint: disable=broad-except
        # Whatever stops the writes midway, what was written so far is reported, and the task fails with the error.
        return _outcome(runs, interrupted_by(exc, runs), approval=approval)
    return _outcome(runs, approval=approval)


def _pending_invitations(adapter):
    """How many people have a pending invitation: with the members, what a removal cap in percent is taken of."""
    return len(set(email_key(invite.get('email')) for invite in adapter.list_invites() if (invite.get('status') or '').lower() == PENDING))


def _removes_any(desired, params):
    return bool(params.get('exclusive')) or any(item['state'] == STATE_ABSENT for item in desired)


def desired_members(adapter, params):
    """The planner's desired items from ``users`` or the single-user options, or ValidationError.

    Every item is checked (email or user id, role against the platform's roles, enabled and teams against
    what the platform has, duplicates) before the members are read; all problems are reported at once.
    """
    def conflict(item, earlier_where, where):
        return ValidationError('%s is also given in %s with a different role, state, enabled or teams; give each user once'
                               % (item['email'] or item['user_id'], earlier_where),
                               field=field_path(where, 'email' if item['email'] is not None else 'user_id'), platform=adapter.NAME)
    return desired_items(adapter, params, 'users', ITEM_OPTIONS, _desired_item, _signature, conflict)


def _desired_item(adapter, raw, index, where):
    email, user_id = raw.get('email'), raw.get('user_id')
    if email is not None and user_id is not None:
        raise ValidationError('give email or user_id, not both', field=field_path(where, 'user_id'), platform=adapter.NAME)
    if email is None and (user_id is None or not str(user_id).strip()):
        raise ValidationError('an email or a user_id is required', field=field_path(where, 'email'), platform=adapter.NAME)
    if email is not None:
        email = clean_email(email, field_path(where, 'email'), adapter.NAME)
        key = ('email', email_key(email))
    else:
        user_id = str(user_id).strip()
        key = ('user_id', user_id)
    state = raw.get('state') or STATE_PRESENT
    role = enabled = teams = None
    if state != STATE_ABSENT:
        if raw.get('role') is not None:
            if not str(raw['role']).strip():
                raise ValidationError('is empty; leave it out to keep the current role', field=field_path(where, 'role'), platform=adapter.NAME)
            role = adapter.resolve_role(raw['role'], field=field_path(where, 'role'))
        if raw.get('enabled') is not None:
            if not adapter.has(CAP_DISABLE_USERS):
                raise ValidationError('this platform cannot disable or enable users; leave enabled out',
                                      field=field_path(where, 'enabled'), platform=adapter.NAME)
            enabled = bool(raw['enabled'])
        if raw.get('teams') is not None:
            if not adapter.has(CAP_TEAMS):
                raise ValidationError('this platform has no teams; leave teams out', field=field_path(where, 'teams'), platform=adapter.NAME)
            teams = resolve_teams(adapter, raw['teams'], field_path(where, 'teams')) or []
    return {'index': index, 'where': where, 'email': email, 'user_id': user_id, 'key': key, 'state': state,
            'role': role, 'enabled': enabled, 'teams': teams}


def _signature(item):
    """What two items for the same user must agree on to be one request."""
    teams = frozenset((team['team_id'], team['role']) for team in item['teams']) if item['teams'] is not None else None
    return item['state'], item['role']['id'] if item['role'] else None, item['enabled'], teams


class MemberRun(object):
    """What carrying out one plan did: the member as it is now, whether anything was written, any error."""

    def __init__(self, plan):
        self.plan = plan
        self.current = dict(plan['before']) if plan['before'] is not None else None
        self.wrote = False
        self.done = 0
        self.error = None

    def steps(self, phase):
        return [step for step in self.plan['steps'] if step['phase'] == phase] if self.error is None else []

    def predict(self):
        """Check mode: every step succeeds as planned."""
        for step in self.plan['steps']:
            self.record(step, None)

    def record(self, step, answer):
        """One step done; ``answer`` is what ``update_member`` returned (None in check mode: the plan's own prediction)."""
        self.wrote = True
        self.done += 1
        if step['kind'] == 'remove':
            self.current = None
        elif step['kind'] == 'team':
            self.current['teams'] = apply_team_step(self.current.get('teams') or [], step)
        else:
            predicted = updated_member(self.current, step['role'], step['enabled'])
            for key in ('role', 'role_id', 'enabled'):
                value = answer.get(key) if answer else None
                self.current[key] = predicted[key] if value is None else value

    def finished(self):
        """Whether every step of the plan was carried out (or failed, which ``error`` tells)."""
        return self.error is not None or self.done == len(self.plan['steps'])

    def fail(self, step, exc):
        if self.error is None:
            words = STEP_WORDS[step['kind']]
            self.error = '%s: %s' % (words % step['team'] if step['kind'] == 'team' else words, exc)

    def result(self):
        """The item as the module returns it: the member as it now is (as it was, when removed)."""
        plan = self.plan
        shown = self.current if self.current is not None else plan['before'] or {}
        result = {
            'email': plan['email'],
            'id': plan['id'],
            'action': FAILED if self.error else plan['action'],
            'role': shown.get('role'),
            'enabled': shown.get('enabled'),
            'teams': shown.get('teams'),
        }
        if self.error or plan['note']:
            result['msg'] = self.error or plan['note']
        return result

    def label(self):
        return self.plan['email'] or self.plan['id']


def execute(adapter, runs):
    """Carry out the plans phase by phase. Per-item API errors are recorded on the item and the others go on (a
    failed item takes no further step); anything else is a bug: it stops the run once its phase's answers are recorded."""
    for phase in PHASES:
        pairs = [(run, step) for run in runs for step in run.steps(phase)]
        if phase == PHASE_TEAM_ADD:
            _add_to_teams(adapter, pairs)
            continue
        answers = Answers()
        for (run, step), answer in run_bounded(lambda pair: _send(adapter, pair[0], pair[1]), pairs, adapter.concurrency):
            if answers.failed(answer):
                run.fail(step, answer)
            else:
                run.record(step, answer)
        answers.raise_bug()


def _send(adapter, run, step):
    member = run.plan['before']
    if step['kind'] == 'remove':
        return adapter.remove_member(member)
    if step['kind'] == 'team':
        return adapter.set_team_membership(step['team_id'], member['id'], role=step['role'], current_role=step['current_role'])
    return adapter.update_member(member, role=step['role'], enabled=step['enabled'])


def _add_to_teams(adapter, pairs):
    """Team additions are creates: where the outcome is unknown, read the team memberships back and add again only
    those still missing (a second add of someone already in the team is refused)."""
    waiting = pairs
    last_errors = {}
    for _round in range(MAX_CREATE_ROUNDS):
        unknown = []
        answers = Answers()
        for pair, answer in run_bounded(lambda pair: _send(adapter, pair[0], pair[1]), waiting, adapter.concurrency):
            run, step = pair
            if isinstance(answer, OutcomeUnknown):
                unknown.append(pair)
                last_errors[id(step)] = answer
            elif answers.failed(answer):
                run.fail(step, answer)
            else:
                run.record(step, answer)
        answers.raise_bug()
        if not unknown:
            return
        try:
            teams = adapter.member_teams()
        except ApiError as exc:
            for run, step in unknown:
                run.fail(step, 'the outcome is unknown (%s) and the team memberships could not be read back: %s' % (last_errors[id(step)], exc))
            return
        waiting = []
        for run, step in unknown:
            if any(team['team_id'] == step['team_id'] for team in teams.get(run.plan['before']['id'], [])):
                run.record(step, None)
            else:
                waiting.append((run, step))
        if not waiting:
            return
    for run, step in waiting:
        run.fail(step, 'the outcome stayed unknown after %d attempts and the membership is not there: %s'
                 % (MAX_CREATE_ROUNDS, last_errors[id(step)]))


def _outcome(runs, interruption=None, approval=None):
    results = [run.result() for run in runs]
    summary = dict((action, 0) for action in MEMBER_ACTIONS)
    for result in results:
        summary[result['action']] += 1
    before, after = {}, {}
    for run in runs:
        if run.wrote or run.error:
            before[run.label()] = _diff_entry(run.plan['before'])
            after[run.label()] = _diff_entry(run.current)
    error = failures_error([run.label() for run in runs if run.error], len(results), 'users')
    return Outcome(dict({'users': results, 'summary': summary}, **(approval or {})), changed=any(run.wrote for run in runs),
                   diff={'before': before, 'after': after}, **interrupted_outcome(error, interruption))


def _diff_entry(member):
    """The managed facts of a member for the diff; None for a member that is not (or no longer) there."""
    if member is None:
        return None
    entry = {'id': member.get('id'), 'role': member.get('role')}
    if member.get('enabled') is not None:
        entry['enabled'] = member['enabled']
    if member.get('teams') is not None:
        entry['teams'] = [{'team': team.get('team'), 'role': team.get('role')} for team in member['teams']]
    return entry
