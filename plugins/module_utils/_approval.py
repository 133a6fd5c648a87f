# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Approved plans: a fingerprint of a plan's write steps, and the refusal of a run whose plan is not the approved one.

Private module. The engines turn their plans into plan items (``invite_plan`` and ``member_plan``): one per person
the run writes to, ``{'email' (lower case), 'id' (member id or None), 'action', 'changes': [text]}``, each change
naming the ids it acts on. The items carry no secret and no volatile data (no expiry time, no order of the
platform's lists), so the same current and desired state always give the same plan; its fingerprint
(``fingerprint``) is the sha256 of a canonical JSON of the items, sorted, with the module, the platform and the
organisation. A run given ``approved_fingerprint`` (``review``) computes its plan, and when the fingerprint differs,
refuses before any write, saying who and what differs: against ``approved_plan`` when given (the ``plan`` the check
run returned), else by listing the plan it would now carry out. Nothing is stored between runs.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import re

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import email_key
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._planner import is_change

# Raised with the document's layout: a fingerprint from another layout never matches by accident.
FORMAT = 1
FINGERPRINT = re.compile(r'^[0-9a-f]{64}$')
MAX_LISTED = 10

ARGUMENT_SPEC = dict(
    approved_fingerprint=dict(type='str'),
    approved_plan=dict(type='list', elements='dict'),
)


def check_options(adapter, params):
    """Refuse a malformed ``approved_fingerprint`` or an ``approved_plan`` without one, before anything is read."""
    given = params.get('approved_fingerprint')
    if given is None:
        if params.get('approved_plan') is not None:
            raise ValidationError('only applies with approved_fingerprint', field='approved_plan', platform=adapter.NAME)
        return
    if not FINGERPRINT.match(given.strip().lower()):
        raise ValidationError('must be the 64 hexadecimal digits of a plan_fingerprint a check run returned', field='approved_fingerprint',
                              platform=adapter.NAME)


def invite_plan(plans):
    """The plan items of ``_planner.plan_invites`` plans that write something."""
    items = []
    for plan in plans:
        if not is_change(plan):
            continue
        changes = ['cancel invite %s (%s)' % (invite['id'], _role_label(invite.get('role'), invite.get('role_id')))
                   for invite in plan['cancel']]
        if plan['create']:
            changes.append('invite as %s%s' % (_role_label(plan['role']['name'], plan['role']['id']), _teams_label(plan['teams'])))
        if plan['renew'] is not None:
            changes.append('renew invite %s' % plan['renew']['id'])
        items.append(_item(plan['key'], None, plan['action'], changes))
    return items


def member_plan(plans):
    """The plan items of ``_planner.plan_members`` plans that write something."""
    items = []
    for plan in plans:
        if not plan['steps']:
            continue
        before = plan['before']
        changes = []
        for step in plan['steps']:
            if step['kind'] == 'remove':
                changes.append('remove from the organisation (role %s)' % _role_label(before.get('role'), before.get('role_id')))
            elif step['kind'] == 'team':
                team = '%s (%s)' % (step['team'], step['team_id'])
                if step['current_role'] is None:
                    changes.append('join team %s as %s' % (team, step['role']))
                elif step['role'] is None:
                    changes.append('leave team %s (was %s)' % (team, step['current_role']))
                else:
                    changes.append('team %s role %s -> %s' % (team, step['current_role'], step['role']))
            else:
                if step['role'] is not None:
                    changes.append('role %s -> %s' % (_role_label(before.get('role'), before.get('role_id')),
                                                      _role_label(step['role']['name'], step['role']['id'])))
                if step['enabled'] is not None:
                    changes.append('enable' if step['enabled'] else 'disable')
        items.append(_item(email_key(plan['email']) or None, str(plan['id']), plan['action'], changes))
    return items


def fingerprint(scope, items):
    """sha256 (hex) of the canonical JSON of the scope and the items, in a fixed order."""
    document = {'format': FORMAT, 'scope': scope, 'plan': sort_items(items)}
    text = json.dumps(document, sort_keys=True, separators=(',', ':'), ensure_ascii=True)
    return hashlib.sha256(text.encode('utf-8')).hexdigest()


def sort_items(items):
    return sorted(items, key=_item_key)


def review(adapter, params, module_name, items):
    """``(values, refusal)``: the return values (``plan_fingerprint``, ``plan``) and, when ``approved_fingerprint`` is given
    and the plan now differs, the message the task fails with before any write (else None)."""
    scope = {'module': module_name, 'platform': adapter.NAME, 'org_id': adapter.connection.get('org_id')}
    plan = sort_items(items)
    values = {'plan_fingerprint': fingerprint(scope, plan), 'plan': plan}
    approved = params.get('approved_fingerprint')
    if approved is None or approved.strip().lower() == values['plan_fingerprint']:
        return values, None
    approved = approved.strip().lower()
    head = ('the plan differs from the approved one (approved_fingerprint %s, the plan now is %s); nothing was changed'
            % (approved[:12], values['plan_fingerprint'][:12]))
    approved_plan = params.get('approved_plan')
    if approved_plan is not None and fingerprint(scope, approved_plan) == approved:
        return values, '%s. What differs: %s. Plan again and have the new plan approved' % (head, _listed(differences(approved_plan, plan)))
    if approved_plan is not None:
        head += ('. approved_plan is not the plan approved_fingerprint was computed from (another plan, platform or organisation), '
                 'so it cannot tell what differs')
    listed = _listed(['%s: %s' % (_who(item), _what(item)) for item in plan]) if plan else 'no change at all'
    return values, '%s. The plan now: %s. Plan again and have the new plan approved' % (head, listed)


def differences(approved, current):
    """What differs between two lists of plan items, one text per person."""
    approved_by_key = dict((_item_key(item), item) for item in approved)
    current_by_key = dict((_item_key(item), item) for item in current)
    found = []
    for key in sorted(set(approved_by_key) | set(current_by_key)):
        was, now = approved_by_key.get(key), current_by_key.get(key)
        if was is not None and now is not None and _what(was) == _what(now):
            continue
        who = _who(now or was)
        found.append('%s: approved %s, now %s' % (who, _what(was) if was else 'nothing', _what(now) if now else 'nothing'))
    return found


def _item(email, user_id, action, changes):
    return {'email': email, 'id': user_id, 'action': action, 'changes': sorted(changes)}


def _item_key(item):
    return (item.get('email') or '', str(item.get('id') or ''))


def _who(item):
    email, user_id = item.get('email'), item.get('id')
    return '%s (user %s)' % (email, user_id) if email and user_id else email or 'user %s' % user_id


def _what(item):
    return '%s [%s]' % (item.get('action'), ', '.join(item.get('changes') or []))


def _listed(texts):
    more = ' (and %d more)' % (len(texts) - MAX_LISTED) if len(texts) > MAX_LISTED else ''
    return '; '.join(texts[:MAX_LISTED]) + more


def _role_label(name, role_id):
    if role_id is None or str(role_id) == str(name):
        return str(name)
    return '%s (%s)' % (name, role_id)


def _teams_label(teams):
    if not teams:
        return ''
    return ' with teams %s' % ', '.join(sorted('%s (%s) as %s' % (team['team'], team['team_id'], team['role']) for team in teams))
