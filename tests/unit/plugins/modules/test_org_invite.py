# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError
from ansible_collections.orgaccess.onboarding.plugins.modules import org_invite
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_adapter import member, pending
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.module_runner import (
    CONNECTIONS,
    args_for,
    run_module,
    use_platform,
)

ALL_ZERO = {'created': 0, 'renewed': 0, 'replaced': 0, 'cancelled': 0, 'unchanged': 0, 'skipped_member': 0, 'failed': 0}


def summary(**counts):
    return dict(ALL_ZERO, **counts)


@pytest.mark.parametrize('platform', ['cisco_xdr', 'snyk', 'cybedefend'])
def test_invite_one_person(monkeypatch, capsys, platform):
    made = use_platform(monkeypatch, platform)
    result, out, code = run_module(org_invite.main, args_for(platform, email=' Alice@Example.com', role='admin'), capsys)
    assert code == 0 and result['changed'] is True
    assert result['invites'] == [{'email': 'Alice@Example.com', 'action': 'created', 'id': 'new-1', 'role': 'Admin', 'teams': None,
                                  'cancelled_ids': []}]
    assert result['summary'] == summary(created=1)
    assert 'diff' not in result
    assert made[0].writes() == [('create', 'Alice@Example.com', 'r-admin')]
    assert CONNECTIONS[platform].get('api_token', CONNECTIONS[platform].get('client_secret')) not in out


def test_many_invites_in_one_run_with_diff(monkeypatch, capsys):
    made = use_platform(monkeypatch, 'snyk', invites=[pending('i1', 'bob@example.com', 'Viewer'), pending('i2', 'zed@example.com')],
                        members=[member('u1', 'mia@example.com')])
    invites = [{'email': 'alice@example.com', 'role': 'Admin'}, {'email': 'bob@example.com', 'role': 'Admin'},
               {'email': 'mia@example.com', 'role': 'Viewer'}, {'email': 'ALICE@example.com', 'role': 'admin'}]
    result, _out, code = run_module(org_invite.main, args_for('snyk', invites=invites, exclusive=True, _ansible_diff=True), capsys)
    assert code == 0 and result['changed'] is True
    assert [(item['email'], item['action']) for item in result['invites']] == [
        ('alice@example.com', 'created'), ('bob@example.com', 'replaced'), ('mia@example.com', 'skipped_member'),
        ('zed@example.com', 'cancelled')]
    assert result['summary'] == summary(created=1, replaced=1, skipped_member=1, cancelled=1)
    assert sorted(result['diff']['before']) == ['alice@example.com', 'bob@example.com', 'zed@example.com']
    assert result['diff']['after']['zed@example.com'] == []
    assert [call[0] for call in made[0].writes()] == ['cancel', 'cancel', 'create', 'create']


def test_check_mode_writes_nothing_and_predicts(monkeypatch, capsys):
    made = use_platform(monkeypatch, 'cisco_xdr', invites=[pending('i1', 'bob@example.com', 'Viewer')])
    args = args_for('cisco_xdr', invites=[{'email': 'alice@example.com', 'role': 'Admin'}, {'email': 'bob@example.com', 'role': 'Admin'}],
                    _ansible_check_mode=True, _ansible_diff=True)
    result, _out, code = run_module(org_invite.main, args, capsys)
    assert code == 0 and result['changed'] is True
    assert made[0].writes() == [] and made[0].client.read_only is True
    assert [(item['action'], item['id'], item['cancelled_ids']) for item in result['invites']] == [
        ('created', None, []), ('replaced', None, ['i1'])]
    assert result['diff']['after']['bob@example.com'] == [{'id': None, 'role': 'Admin', 'status': 'pending', 'expires_at': None}]


def test_nothing_to_do(monkeypatch, capsys):
    use_platform(monkeypatch, 'snyk', invites=[pending('i1', 'alice@example.com')])
    result, _out, code = run_module(org_invite.main, args_for('snyk', email='alice@example.com', role='Admin'), capsys)
    assert code == 0 and result['changed'] is False and result['summary'] == summary(unchanged=1)


def test_cancel_one(monkeypatch, capsys):
    made = use_platform(monkeypatch, 'cybedefend', invites=[pending('i1', 'alice@example.com')])
    result, _out, code = run_module(org_invite.main, args_for('cybedefend', email='alice@example.com', state='absent'), capsys)
    assert code == 0 and result['changed'] is True
    assert result['invites'][0]['action'] == 'cancelled' and made[0].writes() == [('cancel', 'i1')]


def test_teams_on_cybedefend(monkeypatch, capsys):
    made = use_platform(monkeypatch, 'cybedefend')
    args = args_for('cybedefend', email='alice@example.com', role='Admin', teams=[{'team': 'payments', 'role': 'developer'}])
    result, _out, code = run_module(org_invite.main, args, capsys)
    assert code == 0
    assert result['invites'][0]['teams'] == [{'team_id': 't-pay', 'team': 'Payments', 'role': 'developer'}]
    assert made[0].invites[0]['teams'] == result['invites'][0]['teams']


def test_teams_refused_where_the_platform_has_none(monkeypatch, capsys):
    made = use_platform(monkeypatch, 'snyk')
    args = args_for('snyk', invites=[{'email': 'a@example.com', 'role': 'Admin', 'teams': [{'team': 'Payments', 'role': 'developer'}]}])
    result, _out, code = run_module(org_invite.main, args, capsys)
    assert code == 1 and result['msg'] == 'snyk: invites[0].teams: this platform has no teams; leave teams out'
    assert made[0].writes() == []


def test_input_error_fails_before_any_write(monkeypatch, capsys):
    made = use_platform(monkeypatch, 'snyk')
    invites = [{'email': 'a@example.com', 'role': 'Admin'}, {'email': 'b@example.com', 'role': 'Owner'}]
    result, _out, code = run_module(org_invite.main, args_for('snyk', invites=invites), capsys)
    assert code == 1 and result['failed'] is True
    assert result['msg'].startswith("snyk: invites[1].role: 'Owner' is not a role that can be assigned")
    assert made[0].writes() == [] and 'invites' not in result


@pytest.mark.parametrize('options, words', [
    ({'email': 'a@example.com', 'invites': []}, 'mutually exclusive'),
    ({'invites': [], 'state': 'absent'}, 'mutually exclusive'),
    ({}, 'one of the following is required: email, invites'),
    ({'invites': [{'role': 'Admin'}]}, 'missing required arguments: email'),
    ({'email': 'a@example.com', 'state': 'gone'}, 'value of state must be one of'),
])
def test_bad_option_combinations(monkeypatch, capsys, options, words):
    use_platform(monkeypatch, 'snyk')
    result, _out, code = run_module(org_invite.main, args_for('snyk', **options), capsys)
    assert code == 1 and words in result['msg']


def test_failed_items_fail_at_the_end_with_every_outcome(monkeypatch, capsys):
    error = ApiError('snyk', 'POST', '/rest/orgs/x/invites', 422, vendor_message='snyk-token-0001 rejected this email')
    made = use_platform(monkeypatch, 'snyk', create_behaviour={'b@example.com': [error]})
    invites = [{'email': 'a@example.com', 'role': 'Admin'}, {'email': 'b@example.com', 'role': 'Admin'}]
    result, out, code = run_module(org_invite.main, args_for('snyk', invites=invites), capsys)
    assert code == 1 and result['failed'] is True and result['changed'] is True
    assert result['msg'] == '1 of 2 invites failed (b@example.com); see msg in each failed item of invites'
    assert [item['action'] for item in result['invites']] == ['created', 'failed']
    assert result['summary'] == summary(created=1, failed=1)
    assert 'snyk-token-0001' not in out and 'rejected this email' in result['invites'][1]['msg']
    assert len(made[0].invites) == 1


def test_credentials_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv('CISCO_XDR_CLIENT_ID', 'env-client')
    monkeypatch.setenv('CISCO_XDR_CLIENT_PASSWORD', 'env-password-0042')
    monkeypatch.setenv('CISCO_XDR_REGION', 'eu')
    made = use_platform(monkeypatch, 'cisco_xdr')
    result, out, code = run_module(org_invite.main, {'platform': 'cisco_xdr', 'email': 'a@example.com', 'role': 'Admin'}, capsys)
    assert code == 0
    connection = made[0].connection
    assert (connection['client_id'], connection['client_secret'], connection['region']) == ('env-client', 'env-password-0042', 'eu')
    assert 'env-password-0042' not in out


def test_task_options_win_over_the_environment(monkeypatch, capsys):
    monkeypatch.setenv('SNYK_TOKEN', 'env-token-0001')
    monkeypatch.setenv('SNYK_ORG_ID', '00000000-0000-0000-0000-000000000000')
    made = use_platform(monkeypatch, 'snyk')
    run_module(org_invite.main, args_for('snyk', email='a@example.com', role='Admin'), capsys)
    assert made[0].connection['api_token'] == 'snyk-token-0001'
    assert made[0].connection['org_id'] == CONNECTIONS['snyk']['org_id']


def test_missing_credentials_name_the_variables(monkeypatch, capsys):
    use_platform(monkeypatch, 'cybedefend')
    args = {'platform': 'cybedefend', 'org_id': CONNECTIONS['cybedefend']['org_id'], 'email': 'a@example.com', 'role': 'Admin'}
    result, _out, code = run_module(org_invite.main, args, capsys)
    assert code == 1 and result['msg'] == 'cybedefend: api_token: is required (or set CYBEDEFEND_PAT)'
