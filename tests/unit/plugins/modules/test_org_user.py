# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError
from ansible_collections.orgaccess.onboarding.plugins.modules import org_user
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_adapter import member
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_members import ME, team, use_member_platform
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.module_runner import CONNECTIONS, args_for, run_module

ALL_ZERO = {'updated': 0, 'removed': 0, 'disabled': 0, 'enabled': 0, 'unchanged': 0, 'not_found': 0, 'failed': 0}
MEMBERS = [ME, member('u-ann', 'Ann@Example.com', 'Viewer'), dict(member('u-bob', 'bob@example.com', 'Developer'), enabled=True)]


def summary(**counts):
    return dict(ALL_ZERO, **counts)


@pytest.mark.parametrize('platform', ['cisco_xdr', 'snyk', 'cybedefend'])
def test_change_one_role(monkeypatch, capsys, platform):
    made = use_member_platform(monkeypatch, platform, members=MEMBERS)
    result, out, code = run_module(org_user.main, args_for(platform, email=' ann@example.com', role='admin'), capsys)
    assert code == 0 and result['changed'] is True
    assert result['users'] == [{'email': 'ann@example.com', 'id': 'u-ann', 'action': 'updated', 'role': 'Admin', 'enabled': None,
                                'teams': None}]
    assert result['summary'] == summary(updated=1) and 'diff' not in result
    assert made[0].writes() == [('update', 'u-ann', 'r-admin', None)]
    assert CONNECTIONS[platform].get('api_token', CONNECTIONS[platform].get('client_secret')) not in out


@pytest.mark.parametrize('platform, action, write', [
    ('snyk', 'removed', ('remove', 'u-bob')),
    ('cybedefend', 'removed', ('remove', 'u-bob')),
    ('cisco_xdr', 'disabled', ('update', 'u-bob', None, False)),
])
def test_absent_removes_or_on_cisco_disables(monkeypatch, capsys, platform, action, write):
    made = use_member_platform(monkeypatch, platform, members=MEMBERS)
    result, dummy, code = run_module(org_user.main, args_for(platform, user_id='u-bob', state='absent', _ansible_diff=True), capsys)
    assert code == 0 and result['changed'] is True
    assert [(item['action'], item['email'], item['id']) for item in result['users']] == [(action, 'bob@example.com', 'u-bob')]
    assert made[0].writes() == [write]
    assert result['diff']['before'] == {'bob@example.com': {'id': 'u-bob', 'role': 'Developer', 'enabled': True}}


def test_many_users_exclusive_check_mode_with_diff(monkeypatch, capsys):
    made = use_member_platform(monkeypatch, 'snyk', members=MEMBERS + [member('u-cy', 'cy@example.com')])
    users = [{'email': 'ann@example.com', 'role': 'Admin'}, {'email': 'bob@example.com'}, {'email': 'nobody@example.com', 'role': 'Admin'},
             {'email': 'ANN@example.com', 'role': 'admin'}]
    args = args_for('snyk', users=users, exclusive=True, _ansible_check_mode=True, _ansible_diff=True)
    result, dummy, code = run_module(org_user.main, args, capsys)
    assert code == 0 and result['changed'] is True and made[0].writes() == [] and made[0].client.read_only is True
    assert [(item['email'], item['action']) for item in result['users']] == [
        ('ann@example.com', 'updated'), ('bob@example.com', 'unchanged'), ('nobody@example.com', 'not_found'),
        ('me@example.com', 'unchanged'), ('cy@example.com', 'removed')]
    assert result['users'][3]['msg'].startswith('kept: ')
    assert result['summary'] == summary(updated=1, unchanged=2, not_found=1, removed=1)
    assert result['diff'] == {'before': {'ann@example.com': {'id': 'u-ann', 'role': 'Viewer'}, 'cy@example.com': {'id': 'u-cy', 'role': 'Viewer'}},
                              'after': {'ann@example.com': {'id': 'u-ann', 'role': 'Admin'}, 'cy@example.com': None}}


def test_nothing_to_do(monkeypatch, capsys):
    made = use_member_platform(monkeypatch, 'cybedefend', members=MEMBERS)
    result, dummy, code = run_module(org_user.main, args_for('cybedefend', email='ann@example.com', role='Viewer'), capsys)
    assert code == 0 and result['changed'] is False and result['summary'] == summary(unchanged=1)
    assert made[0].writes() == []


def test_teams_on_cybedefend(monkeypatch, capsys):
    made = use_member_platform(monkeypatch, 'cybedefend', members=MEMBERS, teams={'u-ann': [team('t-web', 'read_only')]})
    args = args_for('cybedefend', email='ann@example.com', teams=[{'team': 'payments', 'role': 'developer'}])
    result, dummy, code = run_module(org_user.main, args, capsys)
    assert code == 0 and result['users'][0]['teams'] == [team('t-pay', 'developer')]
    assert made[0].writes() == [('team', 't-pay', 'u-ann', 'developer', None), ('team', 't-web', 'u-ann', None, 'read_only')]


@pytest.mark.parametrize('platform, options, message', [
    ('snyk', {'email': 'ann@example.com', 'teams': []}, 'snyk: teams: this platform has no teams; leave teams out'),
    ('cybedefend', {'email': 'ann@example.com', 'enabled': True},
     'cybedefend: enabled: this platform cannot disable or enable users; leave enabled out'),
    ('snyk', {'users': [{'email': 'ann@example.com'}, {'email': 'bob@example.com', 'role': 'Owner'}]},
     "snyk: users[1].role: 'Owner' is not a role that can be assigned; choose one of: Admin, Developer, Viewer"),
    ('cisco_xdr', {'email': 'me@example.com', 'state': 'absent'},
     'cisco_xdr: state: me@example.com is the identity these credentials belong to; changing its role, disabling or removing it could '
     'lock this automation out. Set allow_self to true to do it anyway'),
])
def test_refused_before_any_write(monkeypatch, capsys, platform, options, message):
    made = use_member_platform(monkeypatch, platform, members=MEMBERS)
    result, dummy, code = run_module(org_user.main, args_for(platform, **options), capsys)
    assert code == 1 and result['failed'] is True and result['msg'] == message
    assert made[0].writes() == [] and 'users' not in result


def test_allow_self(monkeypatch, capsys):
    made = use_member_platform(monkeypatch, 'cisco_xdr', members=MEMBERS)
    args = args_for('cisco_xdr', email='me@example.com', state='absent', allow_self=True)
    result, dummy, code = run_module(org_user.main, args, capsys)
    # The identity is the only administrator here, so min_admins refuses it too until it is lowered.
    assert code == 1 and 'min_admins' in result['msg'] and made[0].writes() == []
    result, dummy, code = run_module(org_user.main, dict(args, min_admins=0), capsys)
    assert code == 0 and result['users'][0]['action'] == 'disabled'
    assert made[-1].writes() == [('update', 'u-me', None, False)]


@pytest.mark.parametrize('options, words', [
    ({'email': 'a@example.com', 'user_id': 'u-1'}, 'mutually exclusive'),
    ({'users': [], 'state': 'absent'}, 'mutually exclusive'),
    ({'users': [], 'enabled': True}, 'mutually exclusive'),
    ({}, 'one of the following is required: email, user_id, users'),
    ({'email': 'a@example.com', 'state': 'disabled'}, 'value of state must be one of'),
    ({'users': [{'email': 'a@example.com', 'teams': [{'team': 'x'}]}]}, 'missing required arguments: role'),
])
def test_bad_option_combinations(monkeypatch, capsys, options, words):
    use_member_platform(monkeypatch, 'snyk', members=MEMBERS)
    result, dummy, code = run_module(org_user.main, args_for('snyk', **options), capsys)
    assert code == 1 and words in result['msg']


def test_failed_items_fail_at_the_end_with_every_outcome(monkeypatch, capsys):
    error = ApiError('snyk', 'PATCH', '/rest/orgs/x/memberships/m-1', 409, vendor_message='snyk-token-0001 may not do that')
    made = use_member_platform(monkeypatch, 'snyk', members=MEMBERS, write_errors={('update', 'u-ann'): [error]})
    users = [{'email': 'ann@example.com', 'role': 'Admin'}, {'email': 'bob@example.com', 'state': 'absent'}]
    result, out, code = run_module(org_user.main, args_for('snyk', users=users), capsys)
    assert code == 1 and result['failed'] is True and result['changed'] is True
    assert result['msg'] == '1 of 2 users failed (ann@example.com); see msg in each failed item of users'
    assert [item['action'] for item in result['users']] == ['failed', 'removed']
    assert result['summary'] == summary(failed=1, removed=1)
    assert 'snyk-token-0001' not in out and 'may not do that' in result['users'][0]['msg']
    assert [known['id'] for known in made[0].members] == ['u-me', 'u-ann']
