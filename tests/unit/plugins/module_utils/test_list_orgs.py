# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``list_orgs`` of each adapter (what the inventory plugin orgaccess.onboarding.orgs reads), over scripted HTTP."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import resolve_connection
from ansible_collections.orgaccess.onboarding.plugins.module_utils._cisco_xdr import CiscoXdrAdapter
from ansible_collections.orgaccess.onboarding.plugins.module_utils._cybedefend import CybeDefendAdapter
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError, ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._snyk import SnykAdapter
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.scripted_http import Call, scripted_client

SNYK_TOKEN = 'snyk-token-5ecret-LIST'
GROUP = '99999999-8888-4777-8666-555555555555'
ORG_A = '11111111-2222-4333-8444-00000000000a'
ORG_B = '11111111-2222-4333-8444-00000000000b'
PAT = 'pat_LIST_secret_4242'
ACCESS = 'access-token-LIST'
XDR_SECRET = 'xdr-client-secret-LIST'


def snyk(calls, **options):
    params = dict({'api_token': SNYK_TOKEN}, **options)
    connection = resolve_connection(SnykAdapter, params, environ={}, optional=('org_id',))
    client, session = scripted_client('snyk', calls)
    return SnykAdapter(client, connection), session


def snyk_org(org_id, name, slug):
    return {'type': 'org', 'id': org_id, 'attributes': {'name': name, 'slug': slug, 'is_personal': False, 'group_id': GROUP}}


def test_the_org_option_is_optional_only_when_listing():
    with pytest.raises(ValidationError) as caught:
        resolve_connection(SnykAdapter, {'api_token': SNYK_TOKEN}, environ={})
    assert caught.value.field == 'org_id'
    assert resolve_connection(SnykAdapter, {'api_token': SNYK_TOKEN}, environ={}, optional=('org_id',))['org_id'] is None
    assert (SnykAdapter.ORG_OPTION, CybeDefendAdapter.ORG_OPTION, CiscoXdrAdapter.ORG_OPTION) == ('org_id', 'org_id', None)


def test_snyk_lists_every_page_of_the_group():
    first = {'jsonapi': {'version': '1.0'}, 'data': [snyk_org(ORG_A, 'Alpha', 'alpha')],
             'links': {'next': '/groups/%s/orgs?version=2024-10-15&limit=100&starting_after=v1.abc' % GROUP}}
    second = {'jsonapi': {'version': '1.0'}, 'data': [snyk_org(ORG_B, 'Beta', 'beta')], 'links': {}}
    adapter, session = snyk([
        Call('GET', '/rest/groups/%s/orgs' % GROUP, body=first, query={'version': '2024-10-15', 'limit': '100'},
             request_headers={'Authorization': 'token ' + SNYK_TOKEN}),
        Call('GET', '/rest/groups/%s/orgs' % GROUP, body=second,
             query={'version': '2024-10-15', 'limit': '100', 'starting_after': 'v1.abc'}),
    ], group_id=GROUP)
    assert adapter.list_orgs() == [{'id': ORG_A, 'name': 'Alpha', 'slug': 'alpha'}, {'id': ORG_B, 'name': 'Beta', 'slug': 'beta'}]
    session.assert_done()


def test_snyk_reads_explicit_orgs_one_by_one():
    adapter, session = snyk([
        Call('GET', '/rest/orgs/%s' % ORG_B, body={'jsonapi': {'version': '1.0'}, 'data': snyk_org(ORG_B, 'Beta', 'beta')}),
        Call('GET', '/rest/orgs/%s' % ORG_A, status=404, body={'jsonapi': {'version': '1.0'},
                                                               'errors': [{'status': '404', 'detail': 'Org not found'}]}),
    ])
    with pytest.raises(ApiError) as caught:
        adapter.list_orgs([ORG_B, ORG_A])
    assert caught.value.status == 404 and 'Org not found' in str(caught.value) and ORG_A in str(caught.value)
    session.assert_done()


def test_snyk_without_group_or_ids_names_the_missing_option():
    adapter, session = snyk([])
    with pytest.raises(ValidationError) as caught:
        adapter.list_orgs()
    assert caught.value.field == 'group_id' and caught.value.platform == 'snyk'
    session.assert_done()


def test_snyk_org_without_a_name_is_refused_naming_the_wire_key():
    adapter, _session = snyk([Call('GET', '/rest/groups/%s/orgs' % GROUP,
                                   body={'jsonapi': {'version': '1.0'}, 'data': [{'type': 'org', 'id': ORG_A, 'attributes': {}}],
                                         'links': {}})], group_id=GROUP)
    with pytest.raises(ApiError) as caught:
        adapter.list_orgs()
    assert 'attributes.name' in str(caught.value)


def cybedefend(calls):
    connection = resolve_connection(CybeDefendAdapter, {'api_token': PAT, 'client_id': 'cli-app'}, environ={}, optional=('org_id',))
    client, session = scripted_client('cybedefend', calls)
    return CybeDefendAdapter(client, connection), session


def exchange():
    return Call('POST', '/oidc/token', body={'access_token': ACCESS, 'token_type': 'Bearer', 'expires_in': 600})


CD_ORGS = [{'id': ORG_A, 'name': 'Blue', 'description': '', 'website': '', 'email': 'a@example.com', 'concurrentScanLimit': 1},
           {'id': ORG_B, 'name': 'Green', 'description': '', 'website': '', 'email': 'b@example.com', 'concurrentScanLimit': 1}]


@pytest.mark.parametrize('body', [CD_ORGS, {'organizations': CD_ORGS}])
def test_cybedefend_lists_the_orgs_of_the_pat_user_in_either_shape(body):
    adapter, session = cybedefend([exchange(), Call('GET', '/organizations', body=body,
                                                    request_headers={'Authorization': 'Bearer ' + ACCESS})])
    assert adapter.list_orgs() == [{'id': ORG_A, 'name': 'Blue', 'slug': None}, {'id': ORG_B, 'name': 'Green', 'slug': None}]
    session.assert_done()


def test_cybedefend_explicit_ids_must_be_among_them():
    adapter, _session = cybedefend([exchange(), Call('GET', '/organizations', body=CD_ORGS)])
    assert adapter.list_orgs([ORG_B.upper()]) == [{'id': ORG_B, 'name': 'Green', 'slug': None}]
    adapter, _session = cybedefend([exchange(), Call('GET', '/organizations', body=CD_ORGS)])
    missing = '11111111-2222-4333-8444-0000000000ff'
    with pytest.raises(ApiError) as caught:
        adapter.list_orgs([ORG_A, missing])
    assert missing in str(caught.value) and 'GET /organizations' in str(caught.value) and PAT not in str(caught.value)


def cisco(calls):
    connection = resolve_connection(CiscoXdrAdapter, {'client_id': 'client-LIST', 'client_secret': XDR_SECRET}, environ={})
    client, session = scripted_client('cisco_xdr', calls)
    return CiscoXdrAdapter(client, connection), session


def whoami(org):
    return [Call('POST', '/iroh/oauth2/token', body={'access_token': ACCESS, 'expires_in': 600}),
            Call('GET', '/iroh/profile/whoami', body={'user': {'user-id': 'u', 'user-email': 'a@example.com'}, 'org': org})]


def test_cisco_lists_the_one_org_of_the_client():
    adapter, session = cisco(whoami({'id': 'org-1', 'name': 'Acme EU'}))
    assert adapter.list_orgs() == [{'id': 'org-1', 'name': 'Acme EU', 'slug': None}]
    session.assert_done()


def test_cisco_refuses_a_client_of_another_org():
    adapter, _session = cisco(whoami({'id': 'org-1', 'name': 'Acme EU'}))
    with pytest.raises(ApiError) as caught:
        adapter.list_orgs(['org-2'])
    assert 'org-1' in str(caught.value) and 'org-2' in str(caught.value) and XDR_SECRET not in str(caught.value)


def test_cisco_whoami_without_org_is_refused_naming_the_key():
    adapter, _session = cisco(whoami(None))
    with pytest.raises(ApiError) as caught:
        adapter.list_orgs()
    assert "whoami's org without a usable id" in str(caught.value)
