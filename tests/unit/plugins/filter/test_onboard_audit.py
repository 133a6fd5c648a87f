# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.orgaccess.onboarding.plugins.filter.onboard_audit import onboard_audit
from ansible_collections.orgaccess.onboarding.plugins.filter.onboard_host_connection import onboard_host_connection

MEMBERS = {'changed': False, 'users': [{'email': 'a@example.com', 'enabled': None}, {'email': 'b@example.com', 'enabled': False}]}
INVITES = {'changed': False, 'invites': [{'email': 'c@example.com'}]}


def read(platform='snyk', members=None, invites=None, **facts):
    return dict({'platform': platform, 'org_id': None, 'org_name': None, 'members': members or MEMBERS, 'invites': invites or INVITES},
                **facts)


def test_members_and_invites_per_organisation_with_counts():
    audit = onboard_audit({'snyk_web': read(org_id='o-1', org_name='Web'), 'snyk_data': read(members={'users': []})})
    web = audit['organizations']['snyk_web']
    assert (web['platform'], web['org_id'], web['org_name'], web['error']) == ('snyk', 'o-1', 'Web', None)
    assert web['summary'] == {'members': 2, 'disabled': 1, 'pending_invites': 1}
    assert web['invites'] == INVITES['invites']
    assert audit['organizations']['snyk_data']['summary'] == {'members': 0, 'disabled': 0, 'pending_invites': 1}
    # The name defaults to the host's.
    assert audit['organizations']['snyk_data']['org_name'] == 'snyk_data'
    assert audit['errors'] == []


@pytest.mark.parametrize('members, invites, words', [
    ({'failed': True, 'msg': 'snyk: GET /rest/self returned HTTP 401'}, INVITES,
     'snyk_web: orgaccess.onboarding.org_user_info: snyk: GET /rest/self returned HTTP 401'),
    ({'skipped': True}, INVITES, 'snyk_web: orgaccess.onboarding.org_user_info: it was skipped'),
    (MEMBERS, {'changed': False}, 'snyk_web: orgaccess.onboarding.invite_info: it has no invites list'),
])
def test_a_failed_read_is_the_organisations_error_and_the_others_are_still_reported(members, invites, words):
    audit = onboard_audit({'snyk_web': read(members=members, invites=invites), 'snyk_data': read()})
    assert audit['errors'] == [words]
    web = audit['organizations']['snyk_web']
    assert web['error'] and (web['members'], web['invites']) == ([], [])
    assert audit['organizations']['snyk_data']['summary']['members'] == 2


@pytest.mark.parametrize('given, words', [
    ([read()], 'give a mapping from organisation host to what was read there, got list'),
    ({'snyk_web': {'members': MEMBERS}}, 'snyk_web: give platform, org_id, org_name, members and invites'),
])
def test_input_without_what_the_audit_needs_is_a_clear_error(given, words):
    with pytest.raises(AnsibleFilterError) as caught:
        onboard_audit(given)
    assert str(caught.value).startswith('onboard_audit: ' + words)


def test_host_connection_adds_the_org_id_where_the_platform_takes_one():
    assert onboard_host_connection({'region': 'eu'}, 'snyk', 'snyk_web', org_id='o-1') == {'region': 'eu', 'org_id': 'o-1'}
    assert onboard_host_connection(None, 'cisco_xdr', 'xdr_acme', org_id='x-1') == {}


@pytest.mark.parametrize('connection, platform, words', [
    ({'client_id': 'c', 'client_secret': 'hunter2'}, 'cisco_xdr', 'host xdr_acme: orgaccess_connection.client_secret holds a secret'),
    ({}, 'gitlab', "host xdr_acme: orgaccess_platform is 'gitlab', not one of"),
    ('region=eu', 'cisco_xdr', 'host xdr_acme: orgaccess_connection must be a mapping'),
])
def test_host_connection_refuses_a_secret_or_an_unknown_platform_naming_the_host(connection, platform, words):
    with pytest.raises(AnsibleFilterError) as caught:
        onboard_host_connection(connection, platform, 'xdr_acme')
    assert str(caught.value).startswith(words)
    assert 'hunter2' not in str(caught.value)
