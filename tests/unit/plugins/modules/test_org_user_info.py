# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError
from ansible_collections.orgaccess.onboarding.plugins.modules import org_user_info
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_adapter import member
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_members import ME, MemberFake, team, use_member_platform
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.module_runner import args_for, run_module

MEMBERS = [ME, dict(member('u-ann', 'Ann@Example.com', 'Viewer'), name='Ann', secret='member-secret-0001'),
           member('u-bob', 'bob@example.com', 'Admin')]


@pytest.mark.parametrize('platform', ['cisco_xdr', 'snyk', 'cybedefend'])
def test_every_member(monkeypatch, capsys, platform):
    made = use_member_platform(monkeypatch, platform, members=MEMBERS, teams={'u-ann': [team('t-pay', 'developer')]})
    result, out, code = run_module(org_user_info.main, args_for(platform), capsys)
    assert code == 0 and result['changed'] is False
    assert [known['id'] for known in result['users']] == ['u-me', 'u-ann', 'u-bob']
    teams = [team('t-pay', 'developer')] if platform == 'cybedefend' else None
    assert result['users'][1] == {'id': 'u-ann', 'email': 'Ann@Example.com', 'name': 'Ann', 'role': 'Viewer', 'role_id': 'Viewer',
                                  'enabled': None, 'teams': teams, 'platform': 'fake'}
    assert 'member-secret-0001' not in out
    assert made[0].writes() == [] and made[0].client.read_only is True  # an _info module never writes, check mode or not


def test_by_email_and_role(monkeypatch, capsys):
    use_member_platform(monkeypatch, 'snyk', members=MEMBERS)
    result, dummy, code = run_module(org_user_info.main, args_for('snyk', email=' ANN@example.com'), capsys)
    assert code == 0 and [known['id'] for known in result['users']] == ['u-ann']
    result, dummy, code = run_module(org_user_info.main, args_for('snyk', role='admin'), capsys)
    assert code == 0 and [known['id'] for known in result['users']] == ['u-me', 'u-bob']


def test_by_user_ids_without_teams(monkeypatch, capsys):
    made = use_member_platform(monkeypatch, 'cybedefend', members=MEMBERS, teams={'u-bob': [team('t-web', 'team_manager')]})
    args = args_for('cybedefend', user_ids=['u-bob', 'u-nobody'], include_teams=False)
    result, dummy, code = run_module(org_user_info.main, args, capsys)
    assert code == 0 and [(known['id'], known['teams']) for known in result['users']] == [('u-bob', None)]
    assert ('member_teams',) not in made[0].calls


@pytest.mark.parametrize('options, words', [
    ({'email': 'a@example.com', 'user_ids': ['u-1']}, 'parameters are mutually exclusive: email|user_ids'),
    ({'role': 'Owner'}, "snyk: role: 'Owner' is not a role that can be assigned"),
    ({'email': 'nope'}, "snyk: email: 'nope' is not a valid email address"),
])
def test_bad_input(monkeypatch, capsys, options, words):
    use_member_platform(monkeypatch, 'snyk', members=MEMBERS)
    result, dummy, code = run_module(org_user_info.main, args_for('snyk', **options), capsys)
    assert code == 1 and words in result['msg']


def test_api_errors_fail_with_the_vendor_words_and_no_secret(monkeypatch, capsys):
    error = ApiError('snyk', 'GET', '/rest/orgs/x/memberships', 403, vendor_message='token snyk-token-0001 lacks org.membership.read')
    use_member_platform(monkeypatch, 'snyk', members=MEMBERS)

    def refuse(adapter):
        raise error
    monkeypatch.setattr(MemberFake, 'list_members', refuse)
    result, out, code = run_module(org_user_info.main, args_for('snyk'), capsys)
    assert code == 1 and 'lacks org.membership.read' in result['msg']
    assert 'snyk-token-0001' not in out
