# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError
from ansible_collections.orgaccess.onboarding.plugins.modules import invite_info
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_adapter import pending
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.module_runner import (
    CONNECTIONS,
    args_for,
    run_module,
    use_platform,
)

INVITES = [
    dict(pending('i1', 'Alice@Example.com', 'Admin', expires_at='2026-12-01T00:00:00Z'), token='invite-token-secret'),
    pending('i2', 'bob@example.com', 'Viewer'),
    pending('i3', 'alice@example.com', 'Viewer', status='expired'),
]


@pytest.mark.parametrize('platform', ['cisco_xdr', 'snyk', 'cybedefend'])
def test_pending_invites_by_default(monkeypatch, capsys, platform):
    made = use_platform(monkeypatch, platform, invites=INVITES)
    result, out, code = run_module(invite_info.main, args_for(platform), capsys)
    assert code == 0 and result['changed'] is False
    assert [invite['id'] for invite in result['invites']] == ['i1', 'i2']
    assert result['invites'][0] == {'id': 'i1', 'email': 'Alice@Example.com', 'role': 'Admin', 'role_id': 'r-admin',
                                    'status': 'pending', 'expires_at': '2026-12-01T00:00:00Z', 'teams': None, 'platform': 'fake'}
    assert 'roles' not in result
    assert 'invite-token-secret' not in out and 'token' not in result['invites'][0]
    assert made[0].writes() == [] and made[0].client.read_only is True  # an _info module never writes, check mode or not


def test_filters_and_roles(monkeypatch, capsys):
    use_platform(monkeypatch, 'snyk', invites=INVITES)
    args = args_for('snyk', email='ALICE@example.com ', include_inactive=True, include_roles=True)
    result, _out, code = run_module(invite_info.main, args, capsys)
    assert code == 0
    assert [(invite['id'], invite['status']) for invite in result['invites']] == [('i1', 'pending'), ('i3', 'expired')]
    assert result['roles'] == [{'id': 'r-admin', 'name': 'Admin'}, {'id': 'r-viewer', 'name': 'Viewer'},
                               {'id': 'r-dev', 'name': 'Developer'}]


def test_role_filter(monkeypatch, capsys):
    use_platform(monkeypatch, 'cisco_xdr', invites=INVITES)
    result, _out, code = run_module(invite_info.main, args_for('cisco_xdr', role='VIEWER', include_inactive=True), capsys)
    assert code == 0 and [invite['id'] for invite in result['invites']] == ['i2', 'i3']


def test_unknown_role_filter_fails(monkeypatch, capsys):
    use_platform(monkeypatch, 'cisco_xdr', invites=INVITES)
    result, _out, code = run_module(invite_info.main, args_for('cisco_xdr', role='Owner'), capsys)
    assert code == 1 and result['msg'].startswith("cisco_xdr: role: 'Owner' is not a role that can be assigned")


def test_check_mode_returns_the_same(monkeypatch, capsys):
    use_platform(monkeypatch, 'snyk', invites=INVITES)
    checked, _out, _code = run_module(invite_info.main, args_for('snyk', _ansible_check_mode=True), capsys)
    real, _out, _code = run_module(invite_info.main, args_for('snyk'), capsys)
    assert checked['invites'] == real['invites']


def test_credentials_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv('CYBEDEFEND_PAT', 'env-pat-0007')
    monkeypatch.setenv('CYBEDEFEND_ORG_ID', CONNECTIONS['cybedefend']['org_id'].upper())
    monkeypatch.setenv('CYBEDEFEND_REGION', 'eu')
    made = use_platform(monkeypatch, 'cybedefend', invites=INVITES)
    result, out, code = run_module(invite_info.main, {'platform': 'cybedefend'}, capsys)
    assert code == 0
    connection = made[0].connection
    assert (connection['api_token'], connection['org_id'], connection['region']) == (
        'env-pat-0007', CONNECTIONS['cybedefend']['org_id'], 'eu')
    assert 'env-pat-0007' not in out


def test_bad_region_from_the_environment_names_the_variable(monkeypatch, capsys):
    monkeypatch.setenv('SNYK_REGION', 'MARS-01')
    use_platform(monkeypatch, 'snyk')
    result, _out, code = run_module(invite_info.main, args_for('snyk'), capsys)
    assert code == 1 and "snyk: region: 'MARS-01' (from environment variable SNYK_REGION) is not one of" in result['msg']


def test_api_errors_fail_without_secrets(monkeypatch, capsys):
    error = ApiError('snyk', 'GET', '/rest/orgs/x/invites', 403, vendor_message='token snyk-token-0001 may not read invites')
    use_platform(monkeypatch, 'snyk', read_error=error)
    result, out, code = run_module(invite_info.main, args_for('snyk'), capsys)
    assert code == 1 and result['msg'] == 'snyk: GET /rest/orgs/x/invites returned HTTP 403: token ******** may not read invites'
    assert 'snyk-token-0001' not in out
