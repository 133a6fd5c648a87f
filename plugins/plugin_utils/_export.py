# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Export an audit as a roster: what exists on each organisation, in the layout the onboard role reads
(``_roster.py``), such that the onboard role given it changes nothing.

Private, controller side: used by the ``onboard_export`` filter. Pure functions, no I/O. Whatever the onboard role
would change if it were exported (a disabled Cisco XDR user, a member without an email, several pending invitations of
one email) is left out and listed, with the reason, instead.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import clean_email, email_key
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ValidationError

# Why a member or an invitation is left out of the export; each would make the onboard role change something.
NO_EMAIL = 'has no email (a service account?); a roster names people by email, and the onboard role leaves this member alone'
BAD_EMAIL = '%r is not an email a roster accepts'
DISABLED = ('is disabled; left out, so that the onboard role leaves the user disabled (a roster row would enable it, and '
            'state absent would reach every organisation of the play)')
NO_ROLE = 'has no role the platform reports'
TWICE = 'is listed %d times; the onboard role would act on one of them only'
INVITED_TWICE = 'has %d pending invitations; the onboard role would keep one and cancel the others'


class ExportError(ValueError):
    """The audit cannot be exported whole: an organisation could not be read."""


def export_roster(audit):
    """``{'people': [...], 'left_out': [...]}`` of an ``onboard_audit`` result.

    ``people`` are roster rows sorted by email: ``email``, ``name`` (when a platform reports one) and ``access``, per
    organisation (host) the role, or ``role`` and ``teams`` (``[{'team', 'role'}]``) where the member has teams. A
    pending invitation is access with the invitation's role, which the onboard role finds unchanged; an invitation of
    someone who is a member of that organisation is left to the membership. ``left_out`` lists ``organization``,
    ``email`` (or the user id) and ``reason`` for what is not exported. Emails are compared without case: one person
    on several organisations is one row, spelt as on the first organisation (by host name).
    """
    errors = audit.get('errors') or []
    if errors:
        raise ExportError('the audit is incomplete, so no roster was exported: %s' % ' | '.join(errors))
    by_key = {}
    left_out = []
    for host in sorted(audit['organizations']):
        found = audit['organizations'][host]
        kept, dropped = _members(host, found['members'])
        left_out.extend(dropped)
        invited, dropped = _invites(host, found['invites'], set(email_key(member.get('email')) for member in found['members']))
        left_out.extend(dropped)
        for email, name, access in kept + invited:
            person = by_key.setdefault(email_key(email), {'email': email, 'name': None, 'access': {}})
            person['name'] = person['name'] or name
            person['access'][host] = access
    people = []
    for key in sorted(by_key):
        person = by_key[key]
        people.append(dict((field, person[field]) for field in ('email', 'name', 'access') if person[field] is not None))
    return {'people': people, 'left_out': left_out}


def _members(host, members):
    """``([(email, name, access)], [left out])`` of one organisation's members."""
    counts = {}
    for member in members:
        counts[email_key(member.get('email'))] = counts.get(email_key(member.get('email')), 0) + 1
    kept, dropped = [], []
    for member in members:
        email = member.get('email')
        why = _unusable(email)
        if why is None and counts[email_key(email)] > 1:
            why = TWICE % counts[email_key(email)]
        if why is None and member.get('enabled') is False:
            why = DISABLED
        if why is None and not member.get('role'):
            why = NO_ROLE
        if why is not None:
            dropped.append({'organization': host, 'email': email or member.get('id'), 'reason': why})
            continue
        kept.append((email.strip(), member.get('name') or None, _access(member['role'], member.get('teams'))))
    return kept, dropped


def _invites(host, invites, member_keys):
    """``([(email, None, access)], [left out])`` of one organisation's pending invitations; members' are not needed."""
    by_key = {}
    for invite in invites:
        by_key.setdefault(email_key(invite.get('email')), []).append(invite)
    kept, dropped = [], []
    for key, listed in by_key.items():
        if key in member_keys:
            continue
        email = listed[0].get('email')
        why = _unusable(email)
        if why is None and len(listed) > 1:
            why = INVITED_TWICE % len(listed)
        if why is None and not listed[0].get('role'):
            why = NO_ROLE
        if why is not None:
            dropped.append({'organization': host, 'email': email, 'reason': why})
            continue
        kept.append((email.strip(), None, _access(listed[0]['role'], listed[0].get('teams'))))
    return kept, dropped


def _unusable(email):
    if not isinstance(email, str) or not email.strip():
        return NO_EMAIL
    try:
        clean_email(email, 'email')
    except ValidationError:
        return BAD_EMAIL % email
    return None


def _access(role, teams):
    """The role, or ``role`` and ``teams`` when there are teams: exactly the member's, which the onboard role keeps."""
    if not teams:
        return role
    return {'role': role, 'teams': [{'team': team['team'], 'role': team['role']} for team in teams]}
