# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The in-memory platform of ``fake_adapter`` with its member side: whoami, role and enabled changes,
removals, team memberships. Every write is recorded in ``calls``.

``teams`` maps a user id to that member's team memberships (``[{'team_id', 'team', 'role'}]``).
``whoami`` answers with ``ME``. ``write_errors`` scripts failures: ``{(kind, user id): [exception, ...]}``
with kind ``update``, ``remove`` or ``team``, consumed one write at a time; an ``OutcomeUnknown`` for ``team`` is raised
after the membership was added, as when the answer to a create is lost. ``use_member_platform``
is ``module_runner.use_platform`` with this platform.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import OutcomeUnknown
from ansible_collections.orgaccess.onboarding.plugins.module_utils._planner import apply_team_step, updated_member
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils import module_runner
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_adapter import TEAMS, FakeAdapter, member

ME = member('u-me', 'me@example.com', 'Admin')
MEMBER_WRITES = ('update', 'remove', 'team')


def team(team_id, role):
    """A team membership of one of ``fake_adapter.TEAMS``."""
    name = next(known['name'] for known in TEAMS if known['id'] == team_id)
    return {'team_id': team_id, 'team': name, 'role': role}


class MemberFake(FakeAdapter):
    def __init__(self, client=None, connection=None, concurrency=1, teams=None, write_errors=None, **state):
        super(MemberFake, self).__init__(client, connection, concurrency, **state)
        self.me = {'id': ME['id'], 'email': ME['email']}
        self.teams = dict((user_id, [dict(entry) for entry in entries]) for user_id, entries in (teams or {}).items())
        self.write_errors = dict((key, list(value)) for key, value in (write_errors or {}).items())

    def writes(self):
        return [call for call in self.calls if call[0] in MEMBER_WRITES]

    def _scripted_error(self, kind, user_id):
        script = self.write_errors.get((kind, user_id))
        return script.pop(0) if script else None

    def _member(self, user_id):
        return next(known for known in self.members if known['id'] == user_id)

    # Reads

    def whoami(self):
        self.calls.append(('whoami',))
        return dict(self.me)

    def member_teams(self):
        self.calls.append(('member_teams',))
        return dict((user_id, [dict(entry) for entry in entries]) for user_id, entries in self.teams.items())

    # Writes

    def update_member(self, member, role=None, enabled=None):
        self._gate('PATCH', '/members/%s' % member['id'])
        self.calls.append(('update', member['id'], role['id'] if role else None, enabled))
        error = self._scripted_error('update', member['id'])
        if error is not None:
            raise error
        known = self._member(member['id'])
        known.update(updated_member(known, role, enabled))
        return dict(known)

    def remove_member(self, member):
        self._gate('DELETE', '/members/%s' % member['id'])
        self.calls.append(('remove', member['id']))
        error = self._scripted_error('remove', member['id'])
        if error is not None:
            raise error
        self.members = [known for known in self.members if known['id'] != member['id']]

    def set_team_membership(self, team_id, user_id, role=None, current_role=None):
        self._gate('PUT', '/teams/%s/members/%s' % (team_id, user_id))
        self.calls.append(('team', team_id, user_id, role, current_role))
        error = self._scripted_error('team', user_id)
        if error is not None and not isinstance(error, OutcomeUnknown):
            raise error
        step = {'team_id': team_id, 'team': team(team_id, role)['team'], 'role': role, 'current_role': current_role}
        self.teams[user_id] = apply_team_step(self.teams.get(user_id, []), step)
        if error is not None:
            raise error


def use_member_platform(monkeypatch, platform, **state):
    """``module_runner.use_platform`` with ``MemberFake`` as the in-memory platform."""
    monkeypatch.setattr(module_runner, 'FakeAdapter', MemberFake)
    return module_runner.use_platform(monkeypatch, platform, **state)
