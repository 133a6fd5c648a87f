# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The invitation engine behind ``invite_info`` and ``org_invite``.

Private module. ``apply_invites`` validates the whole request before anything is written, reads
the current invites and members, plans with ``_planner.plan_invites`` and, unless in check mode,
carries the plan out: cancels first (where the platform keeps two pending invitations for one
email, after the creates they make room for), then creates in one ``create_invites`` call, then
renews in one ``renew_invites`` call. Check mode returns the same result shape from the same plan, with no
write at all.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from datetime import datetime, timezone

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import (
    CAP_PARALLEL_INVITES,
    PENDING,
    clean_email,
    email_key,
    invite_record,
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
from ansible_collections.orgaccess.onboarding.plugins.module_utils._guards import guard_invites, guards_from_params
from ansible_collections.orgaccess.onboarding.plugins.module_utils._planner import (
    ACTIONS,
    CANCELLED,
    FAILED,
    STATE_ABSENT,
    STATE_PRESENT,
    is_change,
    newest,
    plan_invites,
    same_role,
    same_teams,
)

# What invite_info returns of an invite record: tokens or anything else an adapter might carry never pass.
PUBLIC_INVITE_KEYS = ('id', 'email', 'role', 'role_id', 'status', 'expires_at', 'teams', 'platform')


def report_invites(adapter, params, check_mode=False):
    """``invite_info``: the invites (pending only unless ``include_inactive``), filtered; roles on request.

    Only reads, so check mode changes nothing.
    """
    wanted_key = email_key(clean_email(params['email'], 'email', adapter.NAME)) if params.get('email') is not None else None
    role = adapter.resolve_role(params['role'], field='role') if params.get('role') else None
    invites = []
    for invite in adapter.list_invites():
        if not params.get('include_inactive') and (invite.get('status') or '').lower() != PENDING:
            continue
        if wanted_key is not None and email_key(invite.get('email')) != wanted_key:
            continue
        if role is not None and not same_role(invite, role):
            continue
        invites.append(dict((key, invite.get(key)) for key in PUBLIC_INVITE_KEYS))
    values = {'invites': invites}
    if params.get('include_roles'):
        values['roles'] = [{'id': item['id'], 'name': item['name']} for item in adapter.roles()]
    return Outcome(values)


def apply_invites(adapter, params, check_mode=False):
    """``org_invite``: validate, read, plan, then write (or, in check mode, predict) every item."""
    within_days = params.get('renew_within_days')
    if within_days is not None and within_days < 0:
        raise ValidationError('must be 0 or more, got %d' % within_days, field='renew_within_days', platform=adapter.NAME)
    _approval.check_options(adapter, params)
    guards = guards_from_params(adapter, params, 'invites')
    desired = desired_invites(adapter, params)
    current = adapter.list_invites()
    # Members only matter to items that would invite someone, and to a removal cap in percent.
    members = adapter.list_members() if any(item['state'] != STATE_ABSENT for item in desired) else None
    plans = plan_invites(desired, current, members or [], exclusive=params.get('exclusive'), capabilities=adapter.CAPABILITIES,
                         renew_within_days=within_days, now=datetime.now(timezone.utc))
    count_members = len(members) if members is not None else (lambda: len(adapter.list_members()))
    # The guards refuse before any write, in check mode as in a real run.
    raise_problems(guard_invites(guards, plans, current, count_members, lambda index: item_where(params, 'invites', index)))
    approval, refusal = _approval.review(adapter, params, 'org_invite', _approval.invite_plan(plans))
    # The role adds both tasks' removals of an organisation up against one cap (plugins/plugin_utils/_roster.py).
    approval['removals'] = guards.removals
    if refusal is not None:
        return Outcome(approval, error=refusal)
    runs = [InviteRun(plan) for plan in plans]
    if check_mode:
        for run in runs:
            run.predict(adapter.NAME)
        return _outcome(runs, approval=approval)
    try:
        execute(adapter, runs)
    except Exception as exc:  # pylint: disable=broad-except
        # Whatever stops the writes midway, what was written so far is reported, and the task fails with the error.
        return _outcome(runs, interrupted_by(exc, runs), approval=approval)
    return _outcome(runs, approval=approval)


def desired_invites(adapter, params):
    """The planner's desired items from ``invites`` or the single-invite options, or ValidationError.

    Every item is checked (email, role against the platform's assignable roles, teams, duplicates)
    before anything is read beyond the roles and teams; all problems found are reported at once.
    """
    def conflict(item, earlier_where, where):
        return ValidationError('%s is also given in %s with a different role, state or teams; give each email once'
                               % (item['email'], earlier_where), field=field_path(where, 'email'), platform=adapter.NAME)
    return desired_items(adapter, params, 'invites', ('email', 'role', 'state', 'teams'), _desired_item, _signature, conflict)


def _desired_item(adapter, raw, index, where):
    email = clean_email(raw.get('email'), field_path(where, 'email'), adapter.NAME)
    state = raw.get('state') or STATE_PRESENT
    role = teams = None
    if state != STATE_ABSENT:
        if raw.get('role') is None or str(raw['role']).strip() == '':
            raise ValidationError('is required when state is %s' % state, field=field_path(where, 'role'), platform=adapter.NAME)
        role = adapter.resolve_role(raw['role'], field=field_path(where, 'role'))
        teams = resolve_teams(adapter, raw.get('teams'), field_path(where, 'teams'))
    return {'index': index, 'email': email, 'key': email_key(email), 'state': state, 'role': role, 'teams': teams}


def _signature(item):
    """What two items for the same email must agree on to be one request."""
    teams = frozenset((team['team_id'], team['role']) for team in item['teams']) if item['teams'] else None
    return item['state'], item['role']['id'] if item['role'] else None, teams


class InviteRun(object):
    """What carrying out one plan did: the invite the item ends with, what was cancelled, any error."""

    def __init__(self, plan):
        self.plan = plan
        self.invite = plan['kept']
        self.superseded = None  # the current invite that ``invite`` renewed natively (it may carry a new id)
        self.cancelled = []
        self.wrote = False
        self.error = None

    def predict(self, platform):
        """Check mode: every step of the plan succeeds; what the platform would assign (ids) is None."""
        plan = self.plan
        self.cancelled = list(plan['cancel'])
        self.wrote = is_change(plan)
        if plan['renew'] is not None:
            self.superseded = plan['renew']
            self.invite = dict(plan['renew'], status=PENDING, expires_at=None)
        elif plan['create']:
            self.invite = invite_record(platform, None, plan['email'], plan['role']['name'], role_id=plan['role']['id'],
                                        teams=plan['teams'])

    def fail(self, what, exc):
        if self.error is None:
            self.error = '%s: %s' % (what, exc)

    def finished(self):
        """Whether every write step of the plan was carried out (or failed, which ``error`` tells)."""
        plan = self.plan
        return (self.error is not None or (all(_contains(self.cancelled, invite) for invite in plan['cancel'])
                                           and (not plan['create'] or self.invite is not None)
                                           and (plan['renew'] is None or self.superseded is not None)))

    def result(self):
        """The item as the module returns it."""
        plan = self.plan
        gone = newest(plan['cancel']) if plan['cancel'] else None
        invite = self.invite or (gone if plan['action'] == CANCELLED else None)
        if plan['role'] is not None:
            role = plan['role']['name']
        else:
            role = (gone or plan['kept'] or {}).get('role')
        result = {
            'email': plan['email'],
            'action': FAILED if self.error else plan['action'],
            'id': invite['id'] if invite else None,
            'role': role,
            'teams': plan['teams'],
            'cancelled_ids': [cancelled['id'] for cancelled in self.cancelled],
        }
        if self.error or plan['note']:
            result['msg'] = self.error or plan['note']
        return result

    def before_after(self):
        """This email's invites before and after, for the diff."""
        current = self.plan['current']
        after = []
        placed = False
        for invite in current:
            if _contains(self.cancelled, invite):
                continue
            if self.invite is not None and (invite is self.superseded or _same_invite(invite, self.invite)):
                # Renewed or kept: the resulting invite takes the old one's place.
                after.append(self.invite)
                placed = True
            else:
                after.append(invite)
        if self.invite is not None and not placed:
            after.append(self.invite)
        return [_diff_entry(invite) for invite in current], [_diff_entry(invite) for invite in after]


def execute(adapter, runs):
    """Carry out the plans: cancels, creates, renews. Where the platform keeps two pending invitations for one email
    (``CAP_PARALLEL_INVITES``), a replacement is created first and what it supersedes is cancelled once it exists, so a
    failed create leaves the old invitation in place; elsewhere cancels come first. Per-item API errors are recorded on
    the item and the others go on; anything else is a bug: it stops the run once the answers of its batch are recorded."""
    if adapter.has(CAP_PARALLEL_INVITES):
        _cancel_all(adapter, [run for run in runs if not run.plan['create']])
        _create_all(adapter, [run for run in runs if run.plan['create']])
        _cancel_all(adapter, [run for run in runs if run.plan['create'] and run.invite is not None and not run.error])
    else:
        _cancel_all(adapter, runs)
        _create_all(adapter, [run for run in runs if run.plan['create'] and not run.error])
    _renew_all(adapter, [run for run in runs if run.plan['renew'] is not None and not run.error])


def _cancel_all(adapter, runs):
    pairs = [(run, invite) for run in runs for invite in run.plan['cancel']]
    answers = Answers()
    for (run, invite), answer in run_bounded(lambda pair: adapter.cancel_invite(pair[1]), pairs, adapter.concurrency):
        if answers.failed(answer):
            run.fail('could not cancel invite %s' % invite['id'], answer)
        else:
            run.cancelled.append(invite)
            run.wrote = True
    answers.raise_bug()


def _create_all(adapter, runs):
    """Create the invites; where the outcome is unknown, read the invites back before sending again."""
    waiting = runs
    last_errors = {}
    for _round in range(MAX_CREATE_ROUNDS):
        if not waiting:
            return
        to_send = [{'email': run.plan['email'], 'role': run.plan['role'], 'teams': run.plan['teams']} for run in waiting]
        unknown = []
        answers = Answers()
        for run, (_sent, answer) in zip(waiting, adapter.create_invites(to_send)):
            if isinstance(answer, OutcomeUnknown):
                unknown.append(run)
                last_errors[run] = answer
            elif answers.failed(answer):
                run.fail('could not create the invite', answer)
            else:
                run.invite, run.wrote = answer, True
        answers.raise_bug()
        if not unknown:
            return
        try:
            found = adapter.list_invites()
        except ApiError as exc:
            for run in unknown:
                run.fail('the outcome of the invite is unknown (%s) and the invites could not be read back' % last_errors[run], exc)
            return
        waiting = []
        for run in unknown:
            invite = _created_by(run, found)
            if invite is None:
                waiting.append(run)
            else:
                run.invite, run.wrote = invite, True
    for run in waiting:
        run.fail('the outcome of the invite stayed unknown after %d attempts and it is not on the platform' % MAX_CREATE_ROUNDS,
                 last_errors[run])


def _created_by(run, invites):
    """A pending invite that this item's create left behind: same email and role, and not one that was pending
    before the run (those were cancelled, though a platform may list them a while longer). An invite that had
    expired and is pending again counts: some platforms answer an invite by renewing the old one."""
    plan = run.plan
    pending_before = set(invite['id'] for invite in plan['current'] if (invite.get('status') or '').lower() == PENDING)
    for invite in invites:
        if (email_key(invite.get('email')) == plan['key'] and (invite.get('status') or '').lower() == PENDING
                and invite['id'] not in pending_before and same_role(invite, plan['role']) and same_teams(invite, plan['teams'])):
            return invite
    return None


def _renew_all(adapter, runs):
    if not runs:
        return
    answers = Answers()
    for run, (_invite, answer) in zip(runs, adapter.renew_invites([run.plan['renew'] for run in runs])):
        if answers.failed(answer):
            run.fail('could not renew invite %s' % run.plan['renew']['id'], answer)
        else:
            run.invite, run.superseded, run.wrote = answer, run.plan['renew'], True
    answers.raise_bug()


def _outcome(runs, interruption=None, approval=None):
    results = [run.result() for run in runs]
    summary = dict((action, 0) for action in ACTIONS)
    for result in results:
        summary[result['action']] += 1
    before, after = {}, {}
    for run in runs:
        if run.wrote or run.error:
            before[run.plan['email']], after[run.plan['email']] = run.before_after()
    error = failures_error([result['email'] for result in results if result['action'] == FAILED], len(results), 'invites')
    return Outcome(dict({'invites': results, 'summary': summary}, **(approval or {})), changed=any(run.wrote for run in runs),
                   diff={'before': before, 'after': after}, **interrupted_outcome(error, interruption))


def _diff_entry(invite):
    entry = {'id': invite.get('id'), 'role': invite.get('role'), 'status': invite.get('status'), 'expires_at': invite.get('expires_at')}
    if invite.get('teams') is not None:
        entry['teams'] = [{'team': team.get('team'), 'role': team.get('role')} for team in invite['teams']]
    return entry


def _contains(invites, wanted):
    return any(invite is wanted for invite in invites)


def _same_invite(invite, other):
    """The same record, or records of the same invite (check mode's predicted invites have no id yet)."""
    return invite is other or (invite.get('id') is not None and invite.get('id') == other.get('id'))
