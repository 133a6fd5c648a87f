# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.orgaccess.onboarding.plugins.filter.onboard_export import onboard_export
from ansible_collections.orgaccess.onboarding.plugins.plugin_utils._roster import inline_rows, organization_requests, validate

TEAMS = [{'team': 'AppSec', 'team_id': 't-1', 'role': 'developer'}]


def member(email, role, enabled=None, name=None, teams=None, user_id='u-1'):
    return {'id': user_id, 'email': email, 'name': name, 'role': role, 'role_id': role, 'enabled': enabled, 'teams': teams}


def invite(email, role, teams=None):
    return {'email': email, 'role': role, 'teams': teams, 'expires_at': None}


def organization(platform, members=(), invites=()):
    return {'platform': platform, 'org_id': None, 'org_name': None, 'members': list(members), 'invites': list(invites), 'error': None}


def audit(**organizations):
    return {'organizations': organizations, 'errors': []}


def by_email(exported):
    return dict((person['email'], person) for person in exported['people'])


def test_one_row_per_person_naming_each_organisation_with_its_role_and_teams():
    exported = onboard_export(audit(
        snyk_web=organization('snyk', [member('ada@example.com', 'Org Admin', name='Ada')]),
        snyk_data=organization('snyk', [member('ADA@example.com', 'Org Collaborator')], [invite('bo@example.com', 'Org Collaborator')]),
        cybedefend_blue=organization('cybedefend', [member('ada@example.com', 'member', teams=TEAMS),
                                                    member('cy@example.com', 'manager', teams=[])]),
    ))
    # Emails compared without case: Ada is one row, spelt as on the first organisation by host name (cybedefend_blue).
    assert [person['email'] for person in exported['people']] == ['ada@example.com', 'bo@example.com', 'cy@example.com']
    assert by_email(exported)['ada@example.com'] == {'email': 'ada@example.com', 'name': 'Ada', 'access': {
        'cybedefend_blue': {'role': 'member', 'teams': [{'team': 'AppSec', 'role': 'developer'}]},
        'snyk_data': 'Org Collaborator', 'snyk_web': 'Org Admin'}}
    # A pending invitation is access; no teams where a member has none (the onboard role then leaves them alone).
    assert by_email(exported)['bo@example.com'] == {'email': 'bo@example.com', 'access': {'snyk_data': 'Org Collaborator'}}
    assert by_email(exported)['cy@example.com']['access'] == {'cybedefend_blue': 'manager'}
    assert exported['left_out'] == []


def test_what_the_onboard_role_would_change_is_left_out_with_the_reason():
    exported = onboard_export(audit(
        xdr_acme=organization('cisco_xdr', [member('cy@example.com', 'user', enabled=False), member('dee@example.com', 'admin', enabled=True)],
                              # Cy's invitation would enable her through the roster row: the membership decides.
                              [invite('cy@example.com', 'user'), invite('eve@example.com', 'user'), invite('Eve@example.com', 'admin')]),
        snyk_web=organization('snyk', [member(None, 'Org Admin', user_id='svc-1'), member('cy@example.com', 'Org Collaborator'),
                                       member('fay@example.com', None), member('not-an-email', 'Org Admin')]),
    ))
    assert by_email(exported) == {
        'cy@example.com': {'email': 'cy@example.com', 'access': {'snyk_web': 'Org Collaborator'}},
        'dee@example.com': {'email': 'dee@example.com', 'access': {'xdr_acme': 'admin'}},
    }
    reasons = dict(((entry['organization'], entry['email']), entry['reason']) for entry in exported['left_out'])
    assert sorted(reasons) == [('snyk_web', 'fay@example.com'), ('snyk_web', 'not-an-email'), ('snyk_web', 'svc-1'),
                               ('xdr_acme', 'cy@example.com'), ('xdr_acme', 'eve@example.com')]
    assert reasons[('xdr_acme', 'cy@example.com')].startswith('is disabled; left out, so that the onboard role leaves the user disabled')
    assert reasons[('xdr_acme', 'eve@example.com')].startswith('has 2 pending invitations')
    assert reasons[('snyk_web', 'svc-1')].startswith('has no email')
    assert reasons[('snyk_web', 'fay@example.com')] == 'has no role the platform reports'


def test_one_email_listed_twice_on_an_organisation_is_left_out():
    exported = onboard_export(audit(snyk_web=organization('snyk', [member('ada@example.com', 'Org Admin', user_id='u-1'),
                                                                   member('Ada@Example.com', 'Org Collaborator', user_id='u-2')])))
    assert exported['people'] == []
    assert [entry['reason'] for entry in exported['left_out']] == ['is listed 2 times; the onboard role would act on one of them only'] * 2


def test_the_export_is_a_roster_the_role_reads_and_asks_for_exactly_what_exists():
    exported = onboard_export(audit(
        snyk_web=organization('snyk', [member('ada@example.com', 'Org Admin')], [invite('bo@example.com', 'Org Collaborator')]),
        cybedefend_blue=organization('cybedefend', [member('ada@example.com', 'member', teams=TEAMS)]),
    ))
    hosts = [{'host': 'snyk_web', 'platform': 'snyk'}, {'host': 'cybedefend_blue', 'platform': 'cybedefend'}]
    people = validate(inline_rows({'onboard_people': exported['people']}, 'roster.yml'), scopes={'snyk_web', 'cybedefend_blue'})
    requests = organization_requests(people, {}, hosts, {})
    assert requests['snyk_web']['invites'] == [
        {'email': 'ada@example.com', 'state': 'present', 'role': 'Org Admin', 'teams': None},
        {'email': 'bo@example.com', 'state': 'present', 'role': 'Org Collaborator', 'teams': None}]
    assert requests['cybedefend_blue']['users'] == [
        {'email': 'ada@example.com', 'state': 'present', 'role': 'member', 'teams': [{'team': 'AppSec', 'role': 'developer'}]}]


def test_no_export_of_an_incomplete_audit():
    incomplete = dict(audit(snyk_web=organization('snyk')), errors=['xdr_acme: orgaccess.onboarding.org_user_info: HTTP 401'])
    with pytest.raises(AnsibleFilterError) as caught:
        onboard_export(incomplete)
    assert str(caught.value) == 'onboard_export: the audit is incomplete, so no roster was exported: xdr_acme: orgaccess.onboarding.org_user_info: HTTP 401'
    with pytest.raises(AnsibleFilterError, match='give the result of the onboard_audit filter'):
        onboard_export({'platforms': {}})
