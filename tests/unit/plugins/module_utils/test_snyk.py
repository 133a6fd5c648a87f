# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the Snyk adapter: every request it sends is scripted and asserted.

The requests the adapter sends are also checked against Snyk's own REST document with openapi-core:
its contract in tests/contracts/snyk-rest.json, or the full document with $ORGACCESS_SPECS (see vendor_specs).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re

import pytest

from ansible_collections.orgaccess.onboarding.plugins.module_utils import _snyk
from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import resolve_connection
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError, OutcomeUnknown, ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._snyk import PATHS, SnykAdapter
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.scripted_http import Call, scripted_client
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.vendor_specs import document, vendor_spec

TOKEN = 'snyk-token-5ecret-0f1e2d3c4b5a'
ORG = '11111111-2222-4333-8444-555555555555'
GROUP = '99999999-8888-4777-8666-555555555555'
ADMIN_ID = 'af047fef-69f3-4bd9-9760-8957ce0d2ece'
COLLAB_ID = '6525b356-a400-465f-b2e5-3eee1161e69f'
CUSTOM_ID = 'f1968726-1dca-42d4-a4dc-80cab99e2b6c'
VERSION = '2024-10-15'
V = {'version': VERSION}
JSONAPI = 'application/vnd.api+json'
REST_HEADERS = {'Authorization': 'token %s' % TOKEN, 'Accept': JSONAPI}
BODY_HEADERS = dict(REST_HEADERS, **{'Content-Type': JSONAPI})
V1_HEADERS = {'Authorization': 'token %s' % TOKEN, 'Accept': 'application/json'}

ORG_PATH = '/rest/orgs/%s' % ORG
INVITES = ORG_PATH + '/invites'
MEMBERSHIPS = ORG_PATH + '/memberships'
GROUP_ROLES = '/v1/group/%s/roles' % GROUP
GROUP_ADMIN_ID = '55555555-5555-4555-8555-000000000001'


REST_SPEC = 'snyk-rest'
V1_SPEC = 'snyk-v1'


def make(calls, ordered=True, concurrency=1, environ=None, **params):
    options = {'api_token': TOKEN, 'org_id': ORG}
    options.update(params)
    connection = resolve_connection(SnykAdapter, options, environ={} if environ is None else environ)
    client, session = scripted_client('snyk', calls, ordered=ordered)
    return SnykAdapter(client, connection, concurrency=concurrency), session


def v1_roles():
    return [
        {'name': 'Org Collaborator', 'description': 'Collaborator', 'publicId': COLLAB_ID, 'created': '2021-04-22T16:02:53.233Z'},
        {'name': 'Org Admin', 'description': 'Admin', 'publicId': ADMIN_ID, 'created': '2021-04-22T16:02:53.233Z'},
        {'name': 'Developer', 'description': 'custom', 'publicId': CUSTOM_ID},
    ]


def org_body(group_id=GROUP):
    attributes = {'name': 'Acme', 'slug': 'acme', 'is_personal': group_id is None}
    if group_id:
        attributes['group_id'] = group_id
    return {'jsonapi': {'version': '1.0'}, 'data': {'type': 'org', 'id': ORG, 'attributes': attributes},
            'links': {'self': '/orgs/%s?version=%s' % (ORG, VERSION)}}


def role_calls(group_id=GROUP):
    return [
        Call('GET', ORG_PATH, body=org_body(group_id), query=V, request_headers=REST_HEADERS),
        Call('GET', GROUP_ROLES, body=v1_roles(), query={}, request_headers=V1_HEADERS),
    ]


def invite(invite_id, email, role, active=True):
    return {'type': 'org_invitation', 'id': invite_id,
            'attributes': {'email': email, 'is_active': active, 'role': role},
            'relationships': {'org': {'data': {'id': ORG, 'type': 'org'}}}}


def membership(membership_id, user_id, email, role_id, role_name, name='Some One', username='someone'):
    user_attributes = {'email': email, 'username': username}
    if name is not None:
        user_attributes['name'] = name
    return {'type': 'org_membership', 'id': membership_id, 'attributes': {'created_at': '2024-01-01T00:00:00Z'},
            'relationships': {
                'org': {'data': {'id': ORG, 'type': 'org', 'attributes': {'name': 'Acme'}}},
                'role': {'data': {'id': role_id, 'type': 'org_role', 'attributes': {'name': role_name}}},
                'user': {'data': {'id': user_id, 'type': 'user', 'attributes': user_attributes}}}}


def page(data, next_link=None, self_link=None):
    links = {}
    if next_link is not None:
        links['next'] = next_link
    if self_link is not None:
        links['self'] = self_link
    return {'jsonapi': {'version': '1.0'}, 'data': data, 'links': links}


def error_doc(status, detail):
    return {'jsonapi': {'version': '1.0'},
            'errors': [{'status': str(status), 'detail': detail, 'id': '0b8d2ab6-0000-4000-8000-000000000001'}]}


def members_page():
    return page([membership('m-1', 'u-1', 'Ann@Example.com', ADMIN_ID, 'Org Admin', name='Ann'),
                 membership('m-2', 'u-2', 'bob@example.com', COLLAB_ID, 'Org Collaborator', name=None, username='bobby')])


# Connection resolution


def test_connection_table_is_what_the_module_resolves():
    table = SnykAdapter.CONNECTION
    assert table['api_token'] == {'env': ['SNYK_TOKEN'], 'required': True, 'secret': True}
    assert table['region']['default'] == 'SNYK-US-01'
    assert table['region']['choices'] == ['SNYK-AU-01', 'SNYK-EU-01', 'SNYK-US-01', 'SNYK-US-02']
    assert table['org_id']['kind'] == 'uuid' and table['org_id']['required'] is True
    assert table['group_id'] == {'env': ['SNYK_GROUP_ID'], 'kind': 'uuid'}
    assert table['api_url'] == {'env': ['SNYK_API_URL'], 'kind': 'url'}
    assert table['api_version']['default'] == '2024-10-15'
    assert table['auth_scheme'] == {'default': 'token', 'choices': ['bearer', 'token']}
    assert SnykAdapter.NAME == 'snyk'
    assert SnykAdapter.CAPABILITIES == frozenset()


def test_connection_defaults_from_options():
    adapter, session = make([])
    assert adapter.connection == {'api_token': TOKEN, 'region': 'SNYK-US-01', 'api_url': None, 'org_id': ORG,
                                  'group_id': None, 'api_version': VERSION, 'auth_scheme': 'token'}
    assert adapter.api_url == 'https://api.snyk.io'
    assert adapter.org_id == ORG and adapter.group_id is None and adapter.api_version == VERSION
    session.assert_done()


def test_connection_from_environment_variables():
    environ = {'SNYK_TOKEN': TOKEN, 'SNYK_ORG_ID': ORG.upper(), 'SNYK_REGION': 'SNYK-EU-01', 'SNYK_GROUP_ID': GROUP,
               'SNYK_API_VERSION': '2025-11-05'}
    connection = resolve_connection(SnykAdapter, {}, environ=environ)
    client, dummy = scripted_client('snyk', [])
    adapter = SnykAdapter(client, connection)
    assert connection['org_id'] == ORG  # normalised to the lower-case form
    assert adapter.api_url == 'https://api.eu.snyk.io'
    assert adapter.group_id == GROUP and adapter.api_version == '2025-11-05'


def test_options_win_over_environment_variables():
    environ = {'SNYK_TOKEN': 'env-token', 'SNYK_REGION': 'SNYK-EU-01', 'SNYK_API_URL': 'https://env.example.com'}
    adapter, dummy = make([], environ=environ, region='SNYK-AU-01', api_url='https://api.example.com/')
    assert adapter.connection['api_token'] == TOKEN
    assert adapter.api_url == 'https://api.example.com'


@pytest.mark.parametrize('region, url', [
    ('SNYK-US-01', 'https://api.snyk.io'),
    ('SNYK-US-02', 'https://api.us.snyk.io'),
    ('SNYK-EU-01', 'https://api.eu.snyk.io'),
    ('SNYK-AU-01', 'https://api.au.snyk.io'),
])
def test_region_urls(region, url):
    adapter, dummy = make([], region=region)
    assert adapter.api_url == url


@pytest.mark.parametrize('given, base', [
    ('https://snyk.example.com', 'https://snyk.example.com'),
    ('https://snyk.example.com/', 'https://snyk.example.com'),
    ('https://snyk.example.com/rest', 'https://snyk.example.com'),
    ('https://snyk.example.com/rest/', 'https://snyk.example.com'),
    ('https://snyk.example.com/v1', 'https://snyk.example.com'),
    ('http://127.0.0.1:8080/snyk/rest', 'http://127.0.0.1:8080/snyk'),
    ('http://localhost:9/snyk', 'http://localhost:9/snyk'),
])
def test_api_url_override_is_the_host_root(given, base):
    adapter, dummy = make([], api_url=given, region='SNYK-EU-01')
    assert adapter.api_url == base


def test_api_url_override_is_used_for_calls():
    adapter, session = make([Call('GET', '/snyk/rest/self', body={'data': {'id': 'u-1', 'attributes': {'email': 'a@b.io'}}},
                                  query=V)], api_url='http://127.0.0.1:8080/snyk/rest/')
    assert adapter.whoami() == {'id': 'u-1', 'email': 'a@b.io'}
    session.assert_done()


@pytest.mark.parametrize('url', ['http://api.snyk.io', 'http://10.0.0.5/snyk', 'ftp://api.snyk.io'])
def test_plain_http_to_a_remote_host_is_refused(url):
    with pytest.raises(ValidationError) as info:
        make([], api_url=url)
    assert info.value.field == 'api_url'
    assert 'snyk: api_url' in str(info.value)


@pytest.mark.parametrize('option', ['org_id', 'group_id'])
def test_bad_uuids_are_refused(option):
    with pytest.raises(ValidationError) as info:
        make([], **{option: 'my-org'})
    assert info.value.field == option
    assert "'my-org'" in str(info.value) and 'UUID' in str(info.value)


@pytest.mark.parametrize('option, variable', [('api_token', 'SNYK_TOKEN'), ('org_id', 'SNYK_ORG_ID')])
def test_required_options(option, variable):
    with pytest.raises(ValidationError) as info:
        make([], **{option: None})
    assert info.value.field == option
    assert variable in str(info.value)


def test_unknown_region_and_auth_scheme_are_refused():
    with pytest.raises(ValidationError) as info:
        make([], region='SNYK-XX-01')
    assert info.value.field == 'region' and 'SNYK-US-01' in str(info.value)
    with pytest.raises(ValidationError) as info:
        make([], auth_scheme='basic')
    assert info.value.field == 'auth_scheme' and 'bearer, token' in str(info.value)


@pytest.mark.parametrize('version', ['2024-10-15', '2024-10-15~beta', '2021-09-13~experimental', 'beta', 'wip'])
def test_good_api_versions(version):
    adapter, dummy = make([], api_version=version)
    assert adapter.api_version == version


@pytest.mark.parametrize('version', ['2024-10-32', '15-10-2024', '2024-10-15~alpha', '2024-10-15 ', 'latest'])
def test_bad_api_versions(version):
    with pytest.raises(ValidationError) as info:
        make([], api_version=version)
    assert info.value.field == 'api_version'


# Auth


def test_token_header_is_sent_on_every_call_and_registered_as_secret():
    adapter, session = make([Call('GET', '/rest/self', body={'data': {'id': 'u-1', 'attributes': {'email': 'a@b.io'}}},
                                  query=V, request_headers=REST_HEADERS)] + role_calls())
    adapter.whoami()
    adapter.list_roles()
    session.assert_done()
    assert [entry[5]['Authorization'] for entry in session.seen] == ['token %s' % TOKEN] * 3
    assert adapter.client.redact('x %s y' % TOKEN) == 'x ******** y'


def test_bearer_scheme_for_oauth_tokens():
    adapter, session = make([Call('GET', '/rest/self', body={'data': {'id': 'u-1', 'attributes': {}}}, query=V,
                                  request_headers={'Authorization': 'bearer %s' % TOKEN})], auth_scheme='bearer')
    assert adapter.whoami() == {'id': 'u-1', 'email': None}
    session.assert_done()


def test_token_from_environment_is_stripped_and_redacted():
    adapter, session = make([Call('GET', '/rest/self', body={'data': {'id': 'u-1', 'attributes': {}}}, query=V,
                                  request_headers=REST_HEADERS)], api_token=None, environ={'SNYK_TOKEN': TOKEN + '\n'})
    adapter.whoami()
    session.assert_done()
    assert adapter.client.redact(TOKEN) == '********'


def test_bad_credentials_give_a_clear_error_without_the_token():
    body = error_doc(401, 'Invalid auth token provided: %s' % TOKEN)
    headers = {'snyk-request-id': 'req-401'}
    adapter, session = make([Call('GET', '/rest/self', status=401, body=body, headers=headers, query=V)])
    with pytest.raises(ApiError) as info:
        adapter.whoami()
    session.assert_done()  # a static token has nothing to renew: the first 401 is reported
    text = str(info.value)
    assert info.value.status == 401
    assert text == 'snyk: GET /rest/self returned HTTP 401 (api_token rejected): Invalid auth token provided: ******** [request id req-401]'
    assert TOKEN not in text


# Reads


def test_whoami():
    adapter, session = make([Call('GET', '/rest/self', query=V, request_headers=REST_HEADERS, body={
        'jsonapi': {'version': '1.0'},
        'data': {'type': 'user', 'id': '55a348e2-c3ad-4bbc-b40e-9b232d1f4121',
                 'attributes': {'name': 'Ann', 'email': 'ann@example.com', 'avatar_url': 'https://x.example/a.png'}},
        'links': {}})])
    assert adapter.whoami() == {'id': '55a348e2-c3ad-4bbc-b40e-9b232d1f4121', 'email': 'ann@example.com'}
    session.assert_done()


def test_whoami_service_account_has_no_email():
    adapter, dummy = make([Call('GET', '/rest/self', query=V, body={
        'data': {'type': 'service_account', 'id': 'sa-1', 'attributes': {'name': 'ci'}}})])
    assert adapter.whoami() == {'id': 'sa-1', 'email': None}


def test_list_roles_finds_the_group_through_the_org():
    adapter, session = make(role_calls())
    assert adapter.list_roles() == [{'id': COLLAB_ID, 'name': 'Org Collaborator'}, {'id': ADMIN_ID, 'name': 'Org Admin'},
                                    {'id': CUSTOM_ID, 'name': 'Developer'}]
    session.assert_done()


def test_list_roles_with_group_id_option_skips_the_org():
    adapter, session = make([Call('GET', GROUP_ROLES, body=v1_roles() + [{'name': 'broken'}], query={},
                                  request_headers=V1_HEADERS)], group_id=GROUP)
    assert [role['id'] for role in adapter.list_roles()] == [COLLAB_ID, ADMIN_ID, CUSTOM_ID]
    session.assert_done()


def test_list_roles_org_read_error_is_reported():
    adapter, session = make([Call('GET', ORG_PATH, status=403, body=error_doc(403, 'You do not have access'), query=V)])
    with pytest.raises(ApiError) as info:
        adapter.list_roles()
    assert str(info.value) == 'snyk: GET %s returned HTTP 403: You do not have access' % ORG_PATH
    session.assert_done()


def test_list_roles_v1_answer_not_a_list():
    adapter, dummy = make([Call('GET', GROUP_ROLES, body={'roles': []})], group_id=GROUP)
    with pytest.raises(ApiError) as info:
        adapter.list_roles()
    assert 'not a list of roles' in str(info.value)


def test_personal_org_learns_roles_from_members():
    adapter, session = make([
        Call('GET', ORG_PATH, body=org_body(None), query=V),
        Call('GET', MEMBERSHIPS, query={'version': VERSION, 'limit': '100'}, body=page([
            membership('m-1', 'u-1', 'a@example.com', ADMIN_ID, 'Org Admin'),
            membership('m-2', 'u-2', 'b@example.com', ADMIN_ID, 'Org Admin'),
            membership('m-3', 'u-3', 'c@example.com', COLLAB_ID, 'Org Collaborator')])),
    ])
    assert adapter.roles() == [{'id': ADMIN_ID, 'name': 'Org Admin'}, {'id': COLLAB_ID, 'name': 'Org Collaborator'}]
    assert adapter.resolve_role('org admin') == {'id': ADMIN_ID, 'name': 'Org Admin'}
    # The list is partial: a role id nobody holds yet is taken as given.
    assert adapter.resolve_role(CUSTOM_ID.upper()) == {'id': CUSTOM_ID, 'name': CUSTOM_ID.upper()}
    with pytest.raises(ValidationError) as info:
        adapter.resolve_role('Developer', field='invites[2].role')
    assert info.value.field == 'invites[2].role'
    assert 'known roles: Org Admin, Org Collaborator' in str(info.value)
    assert 'group_id' in str(info.value) and 'UUID' in str(info.value)
    session.assert_done()


def test_personal_org_without_members_needs_a_role_id():
    adapter, session = make([
        Call('GET', ORG_PATH, body=org_body(None), query=V),
        Call('GET', MEMBERSHIPS, query={'version': VERSION, 'limit': '100'}, body=page([])),
    ])
    with pytest.raises(ValidationError) as info:
        adapter.resolve_role('Org Admin')
    assert info.value.field == 'role'
    assert "'Org Admin' cannot be resolved" in str(info.value)
    assert 'role id (a UUID)' in str(info.value) and 'group_id' in str(info.value)
    assert adapter.resolve_role(CUSTOM_ID) == {'id': CUSTOM_ID, 'name': CUSTOM_ID}
    session.assert_done()


def test_resolve_role_by_name_and_id():
    adapter, session = make(role_calls())
    assert adapter.resolve_role('org ADMIN') == {'id': ADMIN_ID, 'name': 'Org Admin'}
    assert adapter.resolve_role(' Developer ') == {'id': CUSTOM_ID, 'name': 'Developer'}
    assert adapter.resolve_role(COLLAB_ID) == {'id': COLLAB_ID, 'name': 'Org Collaborator'}
    assert adapter.resolve_role(COLLAB_ID.upper()) == {'id': COLLAB_ID, 'name': 'Org Collaborator'}
    session.assert_done()  # roles were read once


def test_group_level_roles_of_the_group_list_are_not_organisation_roles():
    group_level = [{'name': 'Group Admin', 'description': 'Admin', 'publicId': GROUP_ADMIN_ID},
                   {'name': 'Group Viewer', 'description': 'Viewer', 'publicId': '55555555-5555-4555-8555-000000000002'}]
    adapter, session = make([Call('GET', GROUP_ROLES, body=v1_roles() + group_level, query={})], group_id=GROUP)
    assert [role['name'] for role in adapter.roles()] == ['Org Collaborator', 'Org Admin', 'Developer']
    for value in ('group admin', GROUP_ADMIN_ID.upper()):
        with pytest.raises(ValidationError) as info:
            adapter.resolve_role(value, field='invites[1].role')
        assert str(info.value) == ("snyk: invites[1].role: 'Group Admin' is a group-level role; it cannot be given in an "
                                   "organisation; choose one of: Developer, Org Admin, Org Collaborator")
    session.assert_done()


def test_resolve_role_unknown_lists_valid_names():
    adapter, dummy = make(role_calls())
    with pytest.raises(ValidationError) as info:
        adapter.resolve_role('Owner', field='invites[0].role')
    assert info.value.field == 'invites[0].role'
    assert str(info.value) == ("snyk: invites[0].role: 'Owner' is not a role that can be assigned; "
                               "choose one of: Developer, Org Admin, Org Collaborator")
    # With the group's list, an unlisted id is refused too.
    with pytest.raises(ValidationError) as info:
        adapter.resolve_role('00000000-0000-4000-8000-000000000000')
    assert info.value.field == 'role'
    with pytest.raises(ValidationError) as info:
        adapter.resolve_role('  ')
    assert 'a role is required' in str(info.value)


def test_list_invites_pages_to_the_end_and_maps_roles():
    next1 = '/rest/orgs/%s/invites?version=%s&limit=100&starting_after=abc%%3D' % (ORG, VERSION)
    next2 = {'href': '/orgs/%s/invites?limit=100&starting_after=def&version=%s' % (ORG, VERSION), 'meta': {}}
    next3 = '/orgs/%s/invites?limit=100&starting_after=ghi&version=%s' % (ORG, VERSION)
    adapter, session = make([
        Call('GET', INVITES, query={'version': VERSION, 'limit': '100'}, request_headers=REST_HEADERS,
             body=page([invite('i-1', 'Ann@Example.com', 'org admin'), invite('i-2', 'bob@example.com', COLLAB_ID)], next1)),
        Call('GET', INVITES, query={'version': VERSION, 'limit': '100', 'starting_after': 'abc='}, request_headers=REST_HEADERS,
             body=page([invite('i-3', 'cy@example.com', 'Developer', active=False)], next2)),
        Call('GET', INVITES, query={'version': VERSION, 'limit': '100', 'starting_after': 'def'},
             body=page([invite('i-4', 'dee@example.com', 'Auditor')], next3)),
        Call('GET', INVITES, query={'version': VERSION, 'limit': '100', 'starting_after': 'ghi'}, body=page([], next3)),
    ] + role_calls())
    invites = adapter.list_invites()
    session.assert_done()
    assert invites == [
        {'id': 'i-1', 'email': 'Ann@Example.com', 'role': 'Org Admin', 'role_id': ADMIN_ID, 'status': 'pending',
         'expires_at': None, 'teams': None, 'platform': 'snyk'},
        {'id': 'i-2', 'email': 'bob@example.com', 'role': 'Org Collaborator', 'role_id': COLLAB_ID, 'status': 'pending',
         'expires_at': None, 'teams': None, 'platform': 'snyk'},
        {'id': 'i-3', 'email': 'cy@example.com', 'role': 'Developer', 'role_id': CUSTOM_ID, 'status': 'inactive',
         'expires_at': None, 'teams': None, 'platform': 'snyk'},
        {'id': 'i-4', 'email': 'dee@example.com', 'role': 'Auditor', 'role_id': 'Auditor', 'status': 'pending',
         'expires_at': None, 'teams': None, 'platform': 'snyk'},
    ]


@pytest.mark.parametrize('active, words', [
    (None, "an invite without a usable attributes.is_active (it is missing): check the wire key 'attributes.is_active'"),
    ('yes', "an invite with attributes.is_active 'yes', a value this collection does not know (known: False, True)"),
])
def test_an_invite_without_a_boolean_is_active_is_refused(active, words):
    """Before: a missing is_active counted as pending."""
    listed = invite('i-1', 'a@example.com', ADMIN_ID)
    if active is None:
        del listed['attributes']['is_active']
    else:
        listed['attributes']['is_active'] = active
    adapter, session = make([Call('GET', INVITES, query={'version': VERSION, 'limit': '100'}, body=page([listed]))] + role_calls())
    with pytest.raises(ApiError) as info:
        adapter.list_invites()
    assert str(info.value).startswith('snyk: GET %s failed: ' % INVITES.replace(ORG, '{org_id}')) and words in str(info.value)


def test_list_invites_empty_reads_no_roles():
    adapter, session = make([Call('GET', INVITES, query={'version': VERSION, 'limit': '100'}, body=page([]))])
    assert adapter.list_invites() == []
    session.assert_done()


def test_paging_stops_when_next_is_self():
    link_x = '/orgs/%s/invites?version=%s&limit=100&starting_after=x' % (ORG, VERSION)
    link_y = '/orgs/%s/invites?version=%s&limit=100&starting_after=y' % (ORG, VERSION)
    adapter, session = make([
        Call('GET', INVITES, query={'version': VERSION, 'limit': '100'}, body=page([invite('i-1', 'a@example.com', ADMIN_ID)], link_x)),
        Call('GET', INVITES, query={'version': VERSION, 'limit': '100', 'starting_after': 'x'},
             body=page([invite('i-2', 'b@example.com', ADMIN_ID)], link_y, {'href': link_y})),
        Call('GET', GROUP_ROLES, body=v1_roles()),
    ], group_id=GROUP)
    assert [item['id'] for item in adapter.list_invites()] == ['i-1', 'i-2']
    session.assert_done()


def test_paging_stops_when_next_is_the_url_just_read():
    link = '/rest/orgs/%s/memberships?limit=100&version=%s' % (ORG, VERSION)
    adapter, session = make([Call('GET', MEMBERSHIPS, query={'version': VERSION, 'limit': '100'},
                                  body=page([membership('m-1', 'u-1', 'a@example.com', ADMIN_ID, 'Org Admin')], link))])
    assert [member['id'] for member in adapter.list_members()] == ['u-1']
    session.assert_done()


def test_paging_refuses_a_next_link_back_to_a_page_already_read():
    """Before: a cycle ended the list silently, as if complete."""
    link_a = '/orgs/%s/memberships?version=%s&limit=100&starting_after=a' % (ORG, VERSION)
    link_b = '/orgs/%s/memberships?version=%s&limit=100&starting_after=b' % (ORG, VERSION)
    one = [membership('m-1', 'u-1', 'a@example.com', ADMIN_ID, 'Org Admin')]
    two = [membership('m-2', 'u-2', 'b@example.com', ADMIN_ID, 'Org Admin')]
    adapter, session = make([
        Call('GET', MEMBERSHIPS, query={'version': VERSION, 'limit': '100'}, body=page(one, link_a)),
        Call('GET', MEMBERSHIPS, query={'version': VERSION, 'limit': '100', 'starting_after': 'a'}, body=page(two, link_b)),
        Call('GET', MEMBERSHIPS, query={'version': VERSION, 'limit': '100', 'starting_after': 'b'}, body=page(one, link_a)),
    ])
    with pytest.raises(ApiError) as info:
        adapter.list_members()
    assert str(info.value) == ("snyk: GET %s failed: page 3 repeats an item already read (id 'm-1'): the server seems to ignore "
                               "links.next (starting_after), or the list changed while it was read; refused rather than trusted"
                               % MEMBERSHIPS)
    session.assert_done()


def test_paging_refuses_an_item_without_id():
    item = membership('m-1', 'u-1', 'a@example.com', ADMIN_ID, 'Org Admin')
    del item['id']
    adapter, session = make([Call('GET', MEMBERSHIPS, query={'version': VERSION, 'limit': '100'}, body=page([item]))])
    with pytest.raises(ApiError) as info:
        adapter.list_members()
    assert "an item on page 1 without a usable id (it is missing): check the wire key 'id'" in str(info.value)
    session.assert_done()


def test_paging_is_capped(monkeypatch):
    """Before: Snyk lists had no cap on pages."""
    from ansible_collections.orgaccess.onboarding.plugins.module_utils import _paging
    monkeypatch.setattr(_paging, 'MAX_ITEMS', 200)  # 2 pages of 100, and the empty one that may end a list
    link = '/orgs/%s/memberships?version=%s&limit=100&starting_after=c%%d' % (ORG, VERSION)
    calls = [Call('GET', MEMBERSHIPS, query={'version': VERSION, 'limit': '100'},
                  body=page([membership('m-0', 'u-0', 'p0@example.com', ADMIN_ID, 'Org Admin')], link % 1))]
    for number in range(1, 4):
        calls.append(Call('GET', MEMBERSHIPS, query={'version': VERSION, 'limit': '100', 'starting_after': 'c%d' % number},
                          body=page([membership('m-%d' % number, 'u-%d' % number, 'p%d@example.com' % number, ADMIN_ID,
                                                'Org Admin')], link % (number + 1))))
    adapter, session = make(calls)
    with pytest.raises(ApiError) as info:
        adapter.list_members()
    assert 'page 4: more than 3 pages of 100, the most a list of 200 items takes' in str(info.value)
    session.assert_done()


def test_next_link_without_version_gets_it_once_and_absolute_links_stay_on_our_host():
    link1 = 'https://elsewhere.example.net/rest/orgs/%s/memberships?starting_after=p2&limit=100' % ORG
    link2 = 'rest/orgs/%s/memberships?starting_after=p3&limit=100&version=%s' % (ORG, VERSION)
    one, two, three = [[membership('m-%d' % n, 'u-%d' % n, 'p%d@example.com' % n, ADMIN_ID, 'Org Admin')] for n in (1, 2, 3)]
    adapter, session = make([
        Call('GET', MEMBERSHIPS, query={'version': VERSION, 'limit': '100'}, body=page(one, link1)),
        Call('GET', MEMBERSHIPS, query={'version': VERSION, 'limit': '100', 'starting_after': 'p2'}, body=page(two, link2)),
        Call('GET', MEMBERSHIPS, query={'version': VERSION, 'limit': '100', 'starting_after': 'p3'}, body=page(three)),
    ])
    assert len(adapter.list_members()) == 3
    session.assert_done()
    urls = [entry['url'] for entry in session.sent]
    assert [url.split('?')[0] for url in urls] == ['https://api.snyk.io' + MEMBERSHIPS] * 3
    # nothing is appended to a link that carries version and limit: each appears once
    assert [url.count('version=') for url in urls] == [0, 0, 1]
    assert [url.count('limit=') for url in urls] == [0, 1, 1]


def test_next_link_below_an_api_url_with_a_path():
    link = '/snyk/rest/orgs/%s/invites?version=%s&limit=100&starting_after=z' % (ORG, VERSION)
    path = '/snyk' + INVITES
    adapter, session = make([
        Call('GET', path, query={'version': VERSION, 'limit': '100'}, body=page([], link)),
    ], api_url='http://127.0.0.1:8080/snyk')
    assert adapter.list_invites() == []
    session.assert_done()
    adapter, session = make([
        Call('GET', path, query={'version': VERSION, 'limit': '100'},
             body=page([invite('i-1', 'a@example.com', ADMIN_ID)], link)),
        Call('GET', path, query={'version': VERSION, 'limit': '100', 'starting_after': 'z'}, body=page([])),
        Call('GET', '/snyk' + GROUP_ROLES, body=v1_roles()),
    ], api_url='http://127.0.0.1:8080/snyk', group_id=GROUP)
    assert [item['role'] for item in adapter.list_invites()] == ['Org Admin']
    session.assert_done()


def test_a_list_answer_without_data_is_an_error():
    adapter, dummy = make([Call('GET', INVITES, body={'errors': []})])
    with pytest.raises(ApiError) as info:
        adapter.list_invites()
    assert str(info.value) == 'snyk: GET %s failed: the answer has no list of data' % INVITES


def test_list_members_pages_to_the_end():
    next1 = {'href': '/orgs/%s/memberships?version=%s&limit=100&starting_after=m2' % (ORG, VERSION)}
    adapter, session = make([
        Call('GET', MEMBERSHIPS, query={'version': VERSION, 'limit': '100'}, request_headers=REST_HEADERS,
             body=dict(members_page(), links={'next': next1})),
        Call('GET', MEMBERSHIPS, query={'version': VERSION, 'limit': '100', 'starting_after': 'm2'},
             body=page([membership('m-3', 'u-3', 'cy@example.com', CUSTOM_ID, 'Developer', name='Cy')])),
    ])
    members = adapter.list_members()
    session.assert_done()
    assert members == [
        {'id': 'u-1', 'membership_id': 'm-1', 'email': 'Ann@Example.com', 'name': 'Ann', 'role': 'Org Admin',
         'role_id': ADMIN_ID, 'enabled': None, 'teams': None, 'platform': 'snyk'},
        {'id': 'u-2', 'membership_id': 'm-2', 'email': 'bob@example.com', 'name': 'bobby', 'role': 'Org Collaborator',
         'role_id': COLLAB_ID, 'enabled': None, 'teams': None, 'platform': 'snyk'},
        {'id': 'u-3', 'membership_id': 'm-3', 'email': 'cy@example.com', 'name': 'Cy', 'role': 'Developer',
         'role_id': CUSTOM_ID, 'enabled': None, 'teams': None, 'platform': 'snyk'},
    ]


def test_a_membership_without_its_user_id_is_refused():
    """Before: members without a user id became records with id None (and collapsed into one in the planner)."""
    broken = membership('m-1', 'u-1', 'a@example.com', ADMIN_ID, 'Org Admin')
    del broken['relationships']['user']['data']['id']
    adapter, session = make([Call('GET', MEMBERSHIPS, query={'version': VERSION, 'limit': '100'}, body=page([broken]))])
    with pytest.raises(ApiError) as info:
        adapter.list_members()
    assert ("a membership without a usable relationships.user.data.id (it is missing): check the wire key "
            "'relationships.user.data.id'") in str(info.value)
    session.assert_done()


def test_writes_refuse_a_record_without_id_and_send_nothing():
    """Before: the DELETE went to .../None, got 404 and counted as done, every run."""
    adapter, session = make([])
    with pytest.raises(ApiError) as info:
        adapter.cancel_invite({'id': None, 'email': 'ann@example.com'})
    assert 'refused: the invite for ann@example.com has no id' in str(info.value)
    with pytest.raises(ApiError) as info:
        adapter.remove_member({'id': 'u-1', 'membership_id': None, 'email': 'ann@example.com'})
    assert str(info.value).startswith('snyk: DELETE /rest/orgs/{org_id}/memberships/{membership_id} failed: refused')
    with pytest.raises(ApiError):
        adapter.update_member({'id': 'u-1', 'membership_id': '', 'email': 'ann@example.com'}, role={'id': ADMIN_ID, 'name': 'Org Admin'})
    assert session.sent == []


def test_list_teams_is_empty():
    adapter, session = make([])
    assert adapter.list_teams() == []
    session.assert_done()


# Writes


def invite_body(email, role_id):
    return {'data': {'type': 'org_invitation', 'attributes': {'email': email, 'role': role_id}}}


def created(invite_id, email, role_id):
    return {'jsonapi': {'version': '1.0'}, 'data': invite(invite_id, email, role_id),
            'links': {'self': '/orgs/%s/invites/%s' % (ORG, invite_id)}}


ADMIN = {'id': ADMIN_ID, 'name': 'Org Admin'}
COLLAB = {'id': COLLAB_ID, 'name': 'Org Collaborator'}


def test_create_invites_sends_role_ids():
    adapter, session = make([
        Call('POST', INVITES, status=201, query=V, json=invite_body('ann@example.com', ADMIN_ID), request_headers=BODY_HEADERS,
             body=created('i-1', 'ann@example.com', ADMIN_ID), headers={'location': '/rest/orgs/%s/invites/i-1' % ORG}),
        Call('POST', INVITES, status=201, query=V, json=invite_body('bob@example.com', COLLAB_ID), request_headers=BODY_HEADERS,
             body=created('i-2', 'bob@example.com', COLLAB_ID)),
    ])
    items = [{'email': 'ann@example.com', 'role': ADMIN, 'teams': None}, {'email': 'bob@example.com', 'role': COLLAB, 'teams': None}]
    results = adapter.create_invites(items)
    session.assert_done()
    assert results == [
        (items[0], {'id': 'i-1', 'email': 'ann@example.com', 'role': 'Org Admin', 'role_id': ADMIN_ID, 'status': 'pending',
                    'expires_at': None, 'teams': None, 'platform': 'snyk'}),
        (items[1], {'id': 'i-2', 'email': 'bob@example.com', 'role': 'Org Collaborator', 'role_id': COLLAB_ID,
                    'status': 'pending', 'expires_at': None, 'teams': None, 'platform': 'snyk'}),
    ]


def test_create_invites_with_bounded_concurrency_keeps_input_order():
    emails = ['u%d@example.com' % number for number in range(5)]
    calls = [Call('POST', INVITES, status=201, body={'data': {'type': 'org_invitation', 'id': 'i-%d' % number}})
             for number in range(5)]
    adapter, session = make(calls, ordered=False, concurrency=3)
    items = [{'email': email, 'role': ADMIN, 'teams': None} for email in emails]
    results = adapter.create_invites(items)
    session.assert_done()
    assert [item['email'] for item, record in results] == emails
    assert [record['email'] for item, record in results] == emails
    assert all(record['role_id'] == ADMIN_ID and record['status'] == 'pending' for item, record in results)
    assert sorted(record['id'] for item, record in results) == ['i-%d' % number for number in range(5)]
    assert sorted(entry[3]['data']['attributes']['email'] for entry in session.writes()) == emails


def test_create_invite_vendor_400_shows_the_detail():
    detail = 'Request body validation error: role must be a UUID'
    adapter, session = make([
        Call('POST', INVITES, status=400, body=error_doc(400, detail), headers={'snyk-request-id': 'req-123'}),
        Call('POST', INVITES, status=201, body=created('i-2', 'b@example.com', ADMIN_ID)),
    ])
    items = [{'email': 'a@example.com', 'role': ADMIN}, {'email': 'b@example.com', 'role': ADMIN}]
    results = adapter.create_invites(items)
    session.assert_done()
    error = results[0][1]
    assert isinstance(error, ApiError) and not isinstance(error, OutcomeUnknown)
    assert str(error) == 'snyk: POST %s returned HTTP 400: %s [request id req-123]' % (INVITES, detail)
    assert error.request_id == 'req-123' and error.vendor_message == detail
    assert results[1][1]['id'] == 'i-2'


def test_create_invite_server_error_is_an_unknown_outcome_and_not_retried():
    adapter, session = make([Call('POST', INVITES, status=502, text='bad gateway')])
    results = adapter.create_invites([{'email': 'a@example.com', 'role': ADMIN}])
    session.assert_done()
    assert isinstance(results[0][1], OutcomeUnknown)
    assert len(session.writes()) == 1


def test_create_invite_without_a_body_falls_back_to_the_request():
    adapter, dummy = make([Call('POST', INVITES, status=201)])
    results = adapter.create_invites([{'email': 'a@example.com', 'role': ADMIN}])
    assert results[0][1] == {'id': None, 'email': 'a@example.com', 'role': 'Org Admin', 'role_id': ADMIN_ID,
                             'status': 'pending', 'expires_at': None, 'teams': None, 'platform': 'snyk'}


@pytest.mark.parametrize('status', [204, 404])
def test_cancel_invite(status):
    adapter, session = make([Call('DELETE', INVITES + '/i-1', status=status, query=V, request_headers=REST_HEADERS)])
    assert adapter.cancel_invite({'id': 'i-1', 'email': 'a@example.com'}) is None
    session.assert_done()
    assert session.seen[0][3] is None


def test_cancel_invite_forbidden_is_an_error_and_ids_are_escaped():
    adapter, session = make([Call('DELETE', INVITES + '/a%2Fb', status=403, body=error_doc(403, 'Forbidden'))])
    with pytest.raises(ApiError) as info:
        adapter.cancel_invite({'id': 'a/b'})
    assert info.value.status == 403 and 'Forbidden' in str(info.value)
    session.assert_done()


def test_cancel_invite_is_retried_on_server_errors():
    adapter, session = make([Call('DELETE', INVITES + '/i-1', status=503), Call('DELETE', INVITES + '/i-1', status=204)])
    adapter.cancel_invite({'id': 'i-1'})
    session.assert_done()


def patch_body(membership_id, role_id):
    return {'data': {'type': 'org_membership', 'id': membership_id, 'attributes': {},
                     'relationships': {'role': {'data': {'type': 'org_role', 'id': role_id}}}}}


MEMBER = {'id': 'u-2', 'membership_id': '7a1c5a52-0000-4000-8000-000000000002', 'email': 'bob@example.com', 'name': 'Bob',
          'role': 'Org Collaborator', 'role_id': COLLAB_ID, 'enabled': None, 'teams': None, 'platform': 'snyk'}


def test_update_member_role():
    path = MEMBERSHIPS + '/' + MEMBER['membership_id']
    adapter, session = make([Call('PATCH', path, status=204, query=V, json=patch_body(MEMBER['membership_id'], ADMIN_ID),
                                  request_headers=BODY_HEADERS)])
    updated = adapter.update_member(MEMBER, role=ADMIN)
    session.assert_done()
    assert updated == dict(MEMBER, role='Org Admin', role_id=ADMIN_ID)
    assert MEMBER['role'] == 'Org Collaborator'


def test_update_member_patch_id_reading_is_one_table_entry(monkeypatch):
    monkeypatch.setitem(_snyk.BODY, 'membership_patch_id', 'org_id')
    path = MEMBERSHIPS + '/' + MEMBER['membership_id']
    adapter, session = make([Call('PATCH', path, status=204, json=patch_body(ORG, ADMIN_ID))])
    adapter.update_member(MEMBER, role=ADMIN)
    session.assert_done()


def test_update_member_is_retried_on_server_errors():
    path = MEMBERSHIPS + '/' + MEMBER['membership_id']
    adapter, session = make([Call('PATCH', path, status=500), Call('PATCH', path, status=204)])
    assert adapter.update_member(MEMBER, role=ADMIN)['role_id'] == ADMIN_ID
    session.assert_done()


def test_update_member_conflict_is_an_error():
    path = MEMBERSHIPS + '/' + MEMBER['membership_id']
    adapter, dummy = make([Call('PATCH', path, status=409, body=error_doc(409, 'cannot change the role of the last admin'))])
    with pytest.raises(ApiError) as info:
        adapter.update_member(MEMBER, role=COLLAB)
    assert 'cannot change the role of the last admin' in str(info.value)


@pytest.mark.parametrize('status', [204, 404])
def test_remove_member(status):
    path = MEMBERSHIPS + '/' + MEMBER['membership_id']
    adapter, session = make([Call('DELETE', path, status=status, query=V, request_headers=REST_HEADERS)])
    assert adapter.remove_member(MEMBER) is None
    session.assert_done()


def test_no_secret_in_records_or_errors():
    leak = error_doc(400, 'token %s is not allowed here' % TOKEN)
    adapter, session = make(role_calls() + [
        Call('GET', INVITES, body=page([invite('i-1', 'a@example.com', ADMIN_ID)])),
        Call('GET', MEMBERSHIPS, body=members_page()),
        Call('POST', INVITES, status=400, body=leak),
        Call('DELETE', INVITES + '/i-1', status=400, body=leak),
        Call('PATCH', MEMBERSHIPS + '/m-1', status=400, body=leak),
        Call('DELETE', MEMBERSHIPS + '/m-1', status=400, body=leak),
    ])
    outputs = [adapter.roles(), adapter.list_invites(), adapter.list_members()]
    outputs.append([str(result) for item, result in adapter.create_invites([{'email': 'b@example.com', 'role': ADMIN}])])
    for action in (lambda: adapter.cancel_invite({'id': 'i-1'}), lambda: adapter.update_member({'membership_id': 'm-1'}, role=ADMIN),
                   lambda: adapter.remove_member({'membership_id': 'm-1'})):
        with pytest.raises(ApiError) as info:
            action()
        outputs.append(str(info.value))
        assert '********' in str(info.value)
    session.assert_done()
    assert TOKEN not in json.dumps(outputs)
    assert 'is not allowed here' in json.dumps(outputs)


# The tables against the vendor's documents


def _placeholders(path):
    return re.sub(r'\{[^}]+\}', '{}', path)


def test_paths_exist_in_the_vendor_documents():
    rest_paths = set(_placeholders(path) for path in document(REST_SPEC)['paths'])
    v1_paths = set(_placeholders(path) for path in document(V1_SPEC)['paths'])
    for name, path in PATHS.items():
        if name in ('rest', 'v1'):
            continue
        if path.startswith(PATHS['rest'] + '/'):
            assert _placeholders(path[len(PATHS['rest']):]) in rest_paths, name
        else:
            assert _placeholders(path[len(PATHS['v1']):]) in v1_paths, name


@pytest.fixture
def rest_spec():
    """Snyk's REST document, cut to the paths this adapter uses, every method (loading all 185 takes seconds)."""
    rest = PATHS['rest']
    return vendor_spec(REST_SPEC, dict.fromkeys(path[len(rest):] for path in PATHS.values() if path.startswith(rest + '/')))


def test_requests_sent_are_valid_for_the_vendor_document(rest_spec):
    next_link = '/orgs/%s/invites?version=%s&limit=100&starting_after=v1.eyJpZCI6IjEwMDAifQo%%3D' % (ORG, VERSION)
    member_id = MEMBER['membership_id']
    adapter, session = make([
        Call('GET', '/rest/self', body={'data': {'id': 'u-1', 'attributes': {'email': 'a@b.io'}}}),
        Call('GET', ORG_PATH, body=org_body()),
        Call('GET', GROUP_ROLES, body=v1_roles()),
        Call('GET', INVITES, body=page([invite('3d7c0f5c-0000-4000-8000-000000000001', 'a@example.com', ADMIN_ID)], next_link)),
        Call('GET', INVITES, body=page([])),
        Call('GET', MEMBERSHIPS, body=members_page()),
        Call('POST', INVITES, status=201, body=created('3d7c0f5c-0000-4000-8000-000000000002', 'b@example.com', CUSTOM_ID)),
        Call('DELETE', INVITES + '/3d7c0f5c-0000-4000-8000-000000000001', status=204),
        Call('PATCH', MEMBERSHIPS + '/' + member_id, status=204),
        Call('DELETE', MEMBERSHIPS + '/' + member_id, status=204),
    ])
    adapter.whoami()
    adapter.roles()
    invites = adapter.list_invites()
    adapter.list_members()
    results = adapter.create_invites([{'email': 'b@example.com', 'role': adapter.resolve_role('developer')}])
    assert results[0][1]['role_id'] == CUSTOM_ID
    adapter.cancel_invite(invites[0])
    adapter.update_member(MEMBER, role=adapter.resolve_role('Org Admin'))
    adapter.remove_member(MEMBER)
    session.assert_done()
    rest_calls = [entry for entry in session.sent if entry['url'].startswith('https://api.snyk.io/rest/')]
    assert len(rest_calls) == 9
    for entry in rest_calls:
        rest_spec.validate_request(**entry)


@pytest.mark.parametrize('method, path, query, body', [
    # an attribute the document does not allow
    ('POST', INVITES, V, {'data': {'type': 'org_invitation',
                                   'attributes': {'email': 'a@example.com', 'role': ADMIN_ID, 'name': 'A'}}}),
    # the role missing
    ('POST', INVITES, V, {'data': {'type': 'org_invitation', 'attributes': {'email': 'a@example.com'}}}),
    # relationships, removed from the invite body in 2024-06-21
    ('POST', INVITES, V, {'data': {'type': 'org_invitation', 'attributes': {'email': 'a@example.com', 'role': ADMIN_ID},
                                   'relationships': {}}}),
    # the PATCH without its id
    ('PATCH', MEMBERSHIPS + '/' + ADMIN_ID, V, {'data': {'type': 'org_membership', 'attributes': {},
                                                         'relationships': {'role': {'data': {'type': 'org_role', 'id': ADMIN_ID}}}}}),
    # a page size above the maximum, and no version
    ('GET', INVITES, {'version': VERSION, 'limit': '150'}, None),
    ('GET', MEMBERSHIPS, {'limit': '100'}, None),
])
def test_the_document_check_can_fail(rest_spec, method, path, query, body):
    headers = dict(BODY_HEADERS if body is not None else REST_HEADERS)
    with pytest.raises(Exception) as info:
        rest_spec.validate_request(method, 'https://api.snyk.io' + path, params=query, json=body, headers=headers)
    assert type(info.value).__module__.startswith('openapi_core')
