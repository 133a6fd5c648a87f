# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An in-memory platform for engine and module tests: state in lists, every call recorded.

``FakeAdapter`` keeps invites and members like a platform would, answers reads from them and
changes them on writes. ``create_behaviour`` scripts what a create does per email (by key):
a list consumed one create at a time of ``'ok'``, ``'unknown_after_write'`` (the invite is made
but the answer is lost), ``'unknown'`` (nothing is made, the outcome is unknown) or an exception.
``read_error``, when set, is raised by ``list_invites``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import itertools

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import (
    CAP_TEAMS,
    PlatformAdapter,
    email_key,
    invite_record,
    member_record,
    role_record,
)
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import OutcomeUnknown, ValidationError

ROLES = [role_record('r-admin', 'Admin'), role_record('r-viewer', 'Viewer'), role_record('r-dev', 'Developer')]
TEAMS = [{'id': 't-pay', 'name': 'Payments'}, {'id': 't-web', 'name': 'Web'}]
TEAM_ROLES = ('team_manager', 'developer', 'read_only')
WRITES = ('cancel', 'create', 'renew')


def pending(invite_id, email, role='Admin', status='pending', expires_at=None, teams=None, role_id=None):
    """An invite record as an adapter would return it (role by name; id derived like ROLES)."""
    if role_id is None:
        role_id = next((known['id'] for known in ROLES if known['name'] == role), role)
    return invite_record(FakeAdapter.NAME, invite_id, email, role, role_id=role_id, status=status, expires_at=expires_at, teams=teams)


def member(user_id, email, role='Viewer'):
    return member_record(FakeAdapter.NAME, user_id, email, role)


class FakeAdapter(PlatformAdapter):
    NAME = 'fake'
    CAPABILITIES = frozenset()
    CONNECTION = {}
    ADMIN_ROLES = ('Admin',)

    def __init__(self, client=None, connection=None, concurrency=1, invites=(), members=(), capabilities=None, create_behaviour=None,
                 read_error=None):
        super(FakeAdapter, self).__init__(client, connection or {}, concurrency)
        if capabilities is not None:
            self.CAPABILITIES = frozenset(capabilities)
        self.invites = [dict(invite) for invite in invites]
        self.members = [dict(item) for item in members]
        self.create_behaviour = dict((email_key(key), list(value)) for key, value in (create_behaviour or {}).items())
        self.read_error = read_error
        self.calls = []
        self._ids = ('new-%d' % number for number in itertools.count(1))

    def writes(self):
        return [call for call in self.calls if call[0] in WRITES]

    def _gate(self, method, path):
        """A real adapter's write goes through its client's check-mode gate; so does this platform's."""
        if self.client is not None:
            self.client.check_write(method, path)

    # Reads

    def list_roles(self):
        self.calls.append(('list_roles',))
        return [dict(role) for role in ROLES]

    def list_invites(self):
        self.calls.append(('list_invites',))
        if self.read_error is not None:
            raise self.read_error
        return [dict(invite) for invite in self.invites]

    def list_members(self):
        self.calls.append(('list_members',))
        return [dict(item) for item in self.members]

    def list_teams(self):
        return [dict(team) for team in TEAMS]

    def resolve_team(self, value, field='teams[].team'):
        for team in TEAMS:
            if value in (team['id'], team['name']) or str(value).casefold() == team['name'].casefold():
                return dict(team)
        raise ValidationError('%r is not a team of this organisation' % value, field=field, platform=self.NAME)

    def resolve_team_role(self, value, field='teams[].role'):
        if value in TEAM_ROLES:
            return value
        raise ValidationError('%r is not a team role' % value, field=field, platform=self.NAME)

    # Writes

    def cancel_invite(self, invite):
        self._gate('DELETE', '/invites/%s' % invite['id'])
        self.calls.append(('cancel', invite['id']))
        self.invites = [known for known in self.invites if known['id'] != invite['id']]

    def create_invites(self, items):
        results = []
        for item in items:
            self._gate('POST', '/invites')
            self.calls.append(('create', item['email'], item['role']['id']))
            script = self.create_behaviour.get(email_key(item['email']))
            behaviour = script.pop(0) if script else 'ok'
            if isinstance(behaviour, Exception):
                results.append((item, behaviour))
                continue
            if behaviour == 'unknown':
                results.append((item, OutcomeUnknown(self.NAME, 'POST', '/invites', reason='timed out')))
                continue
            teams = item['teams'] if self.has(CAP_TEAMS) else None
            record = pending(next(self._ids), item['email'], item['role']['name'], role_id=item['role']['id'],
                             expires_at='2030-01-01T00:00:00Z', teams=teams)
            self.invites.append(dict(record))
            if behaviour == 'unknown_after_write':
                results.append((item, OutcomeUnknown(self.NAME, 'POST', '/invites', 504)))
            else:
                results.append((item, record))
        return results

    def renew_invites(self, invites):
        results = []
        for invite in invites:
            self._gate('POST', '/invites/%s/renew' % invite['id'])
            self.calls.append(('renew', invite['id']))
            renewed = dict(invite, status='pending', expires_at='2031-01-01T00:00:00Z')
            self.invites = [renewed if known['id'] == invite['id'] else known for known in self.invites]
            results.append((invite, renewed))
        return results
