# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the Cisco XDR adapter against scripted HTTP (every request asserted)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import threading

import pytest

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import resolve_connection
from ansible_collections.orgaccess.onboarding.plugins.module_utils._cisco_xdr import (
    PATHS,
    REGIONS,
    SIZES,
    CiscoXdrAdapter,
)
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import (
    ApiError,
    OutcomeUnknown,
    ValidationError,
)
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.scripted_http import (
    Call,
    scripted_client,
)

CLIENT_ID = 'client-5f1e0c'
SECRET = 'S3cr3t-Client-Password-9Qz'
TOKEN1 = 'eyJhbGciOiJSUzI1NiJ9.token-one.sig1'
TOKEN2 = 'eyJhbGciOiJSUzI1NiJ9.token-two.sig2'
CONNECTION = {'client_id': CLIENT_ID, 'client_secret': SECRET, 'region': 'us', 'api_url': None}
USER_ID = 'idb-amp:13375ee9-8f2c-4b55-a1b2-1f0c5a7d9e01'
USER_ID_PATH = '/iroh/user-mgmt/users/idb-amp%3A13375ee9-8f2c-4b55-a1b2-1f0c5a7d9e01'
SEARCH_INVITES = '/iroh/invite/search/invites'
SEARCH_USERS = '/iroh/user-mgmt/search/users'
BATCH = '/iroh/invite/batch/invites'
ROLES = '/iroh/invite/available-roles'
BEARER1 = {'Authorization': 'Bearer %s' % TOKEN1}
BEARER2 = {'Authorization': 'Bearer %s' % TOKEN2}


def token_call(token=TOKEN1, expires_in=600, status=200, body=None):
    if body is None:
        body = {'access_token': token, 'token_type': 'bearer', 'expires_in': expires_in, 'scope': 'invite users profile'}
    return Call('POST', '/iroh/oauth2/token', status=status, body=body, data={'grant_type': 'client_credentials'})


def make(calls, connection=None, clock=None, concurrency=4, **kwargs):
    client, session = scripted_client('cisco_xdr', calls, **kwargs)
    adapter = CiscoXdrAdapter(client, dict(connection or CONNECTION), concurrency=concurrency, clock=clock)
    return adapter, session


def invite(number, role='admin', status='pending', email=None):
    return {'invite-id': 'inv-%04d' % number, 'email': email or 'user%04d@example.com' % number, 'role': role,
            'status': status, 'created-at': '2026-01-01T00:00:00Z', 'expires-at': '2026-01-08T00:00:00Z'}


def user(number, role='user', enabled=True):
    return {'user-id': 'idb-amp:user-%04d' % number, 'user-email': 'member%04d@example.com' % number,
            'user-name': 'Member %d' % number, 'role': role, 'enabled?': enabled, 'org-id': 'org-1'}


def page_query(offset):
    return {'offset': offset, 'limit': SIZES['page']}


def item(email, role_id='admin', name='admin'):
    return {'email': email, 'role': {'id': role_id, 'name': name}, 'teams': None}


# Connection resolution


def test_connection_from_options_with_defaults():
    resolved = resolve_connection(CiscoXdrAdapter, {'client_id': CLIENT_ID, 'client_secret': SECRET}, environ={})
    assert resolved == {'client_id': CLIENT_ID, 'client_secret': SECRET, 'region': 'us', 'api_url': None}
    assert CiscoXdrAdapter.CONNECTION['client_secret']['secret'] is True
    assert CiscoXdrAdapter.CONNECTION['region']['choices'] == ['us', 'eu', 'apjc']


def test_connection_from_environment_prefers_client_password():
    environ = {'CISCO_XDR_CLIENT_ID': 'env-id', 'CISCO_XDR_CLIENT_PASSWORD': 'env-password',
               'CISCO_XDR_CLIENT_SECRET': 'env-secret', 'CISCO_XDR_REGION': 'apjc',
               'CISCO_XDR_API_URL': 'https://iroh.example.com/base/'}
    resolved = resolve_connection(CiscoXdrAdapter, {}, environ=environ)
    assert resolved == {'client_id': 'env-id', 'client_secret': 'env-password', 'region': 'apjc',
                        'api_url': 'https://iroh.example.com/base'}
    del environ['CISCO_XDR_CLIENT_PASSWORD']
    assert resolve_connection(CiscoXdrAdapter, {}, environ=environ)['client_secret'] == 'env-secret'


def test_connection_options_win_over_environment():
    environ = {'CISCO_XDR_CLIENT_ID': 'env-id', 'CISCO_XDR_CLIENT_PASSWORD': 'env-password', 'CISCO_XDR_REGION': 'eu'}
    resolved = resolve_connection(CiscoXdrAdapter, {'client_id': 'opt-id', 'client_secret': 'opt-secret', 'region': 'us'},
                                  environ=environ)
    assert (resolved['client_id'], resolved['client_secret'], resolved['region']) == ('opt-id', 'opt-secret', 'us')


def test_connection_missing_secret_names_field_and_variables():
    with pytest.raises(ValidationError) as caught:
        resolve_connection(CiscoXdrAdapter, {'client_id': CLIENT_ID}, environ={})
    assert caught.value.field == 'client_secret'
    assert 'CISCO_XDR_CLIENT_PASSWORD or CISCO_XDR_CLIENT_SECRET' in str(caught.value)


def test_connection_bad_region_lists_choices():
    with pytest.raises(ValidationError) as caught:
        resolve_connection(CiscoXdrAdapter, {'client_id': CLIENT_ID, 'client_secret': SECRET, 'region': 'emea'}, environ={})
    assert caught.value.field == 'region'
    assert 'us, eu, apjc' in str(caught.value)


@pytest.mark.parametrize('url', ['http://iroh.example.com', 'ftp://127.0.0.1/x', 'visibility.amp.cisco.com'])
def test_connection_refuses_plain_http_to_remote_hosts_and_non_urls(url):
    with pytest.raises(ValidationError) as caught:
        resolve_connection(CiscoXdrAdapter, {'client_id': CLIENT_ID, 'client_secret': SECRET, 'api_url': url}, environ={})
    assert caught.value.field == 'api_url'


@pytest.mark.parametrize('region', ['us', 'eu', 'apjc'])
def test_region_picks_the_iroh_host(region):
    adapter, session = make([token_call(), Call('GET', '/iroh/profile/whoami', body={'user': {}})],
                            connection=dict(CONNECTION, region=region))
    adapter.whoami()
    assert adapter.base_url == REGIONS[region]
    assert [entry['url'] for entry in session.sent] == [REGIONS[region] + '/iroh/oauth2/token', REGIONS[region] + '/iroh/profile/whoami']
    assert REGIONS == {'us': 'https://visibility.amp.cisco.com', 'eu': 'https://visibility.eu.amp.cisco.com',
                       'apjc': 'https://visibility.apjc.amp.cisco.com'}


def test_api_url_overrides_the_region_and_allows_loopback_http():
    resolved = resolve_connection(CiscoXdrAdapter, {'client_id': CLIENT_ID, 'client_secret': SECRET, 'region': 'eu',
                                                    'api_url': 'http://127.0.0.1:8443/cisco_xdr/'}, environ={})
    assert resolved['api_url'] == 'http://127.0.0.1:8443/cisco_xdr'
    adapter, session = make([Call('POST', '/cisco_xdr/iroh/oauth2/token', body={'access_token': TOKEN1, 'expires_in': 600}),
                             Call('GET', '/cisco_xdr/iroh/profile/whoami', body={'user': {}}, request_headers=BEARER1)],
                            connection=resolved)
    adapter.whoami()
    assert session.sent[0]['url'] == 'http://127.0.0.1:8443/cisco_xdr/iroh/oauth2/token'
    session.assert_done()


def test_capabilities_and_name():
    assert CiscoXdrAdapter.NAME == 'cisco_xdr'
    assert CiscoXdrAdapter.CAPABILITIES == frozenset(('renew', 'disable_users'))


# Auth


def test_token_request_uses_basic_auth_and_form_then_bearer_everywhere():
    adapter, session = make([token_call(),
                             Call('GET', '/iroh/profile/whoami', request_headers=BEARER1,
                                  body={'user': {'user-id': USER_ID, 'user-email': 'Admin@Example.com', 'user-name': 'Admin',
                                                 'role': 'admin'}, 'org': {'id': 'org-1', 'name': 'Org'}})])
    assert adapter.whoami() == {'id': USER_ID, 'email': 'Admin@Example.com'}
    method, path, query, body, data, headers, auth = session.seen[0]
    assert (method, path, query, body, data, auth) == ('POST', '/iroh/oauth2/token', {}, None,
                                                       {'grant_type': 'client_credentials'}, (CLIENT_ID, SECRET))
    assert 'Authorization' not in headers
    assert session.seen[1][6] is None
    assert session.headers['Accept'] == 'application/json'
    session.assert_done()


def test_token_is_reused_over_many_calls():
    calls = [token_call()] + [Call('GET', '/iroh/profile/whoami', body={'user': {}}, request_headers=BEARER1)
                              for count in range(6)]
    adapter, session = make(calls)
    for count in range(6):
        adapter.whoami()
    assert [entry[1] for entry in session.seen].count('/iroh/oauth2/token') == 1
    session.assert_done()


def test_token_renewed_once_on_401():
    adapter, session = make([token_call(TOKEN1),
                             Call('GET', '/iroh/profile/whoami', status=401, request_headers=BEARER1,
                                  body={'error': 'invalid_token', 'error_description': 'expired'}),
                             token_call(TOKEN2),
                             Call('GET', '/iroh/profile/whoami', request_headers=BEARER2,
                                  body={'user': {'user-id': 'u1', 'user-email': 'a@example.com'}}),
                             Call('GET', '/iroh/profile/whoami', request_headers=BEARER2, body={'user': {}})])
    assert adapter.whoami() == {'id': 'u1', 'email': 'a@example.com'}
    assert adapter.whoami() == {'id': None, 'email': None}
    session.assert_done()


def test_second_401_in_a_row_is_an_error_not_a_loop():
    adapter, session = make([token_call(TOKEN1),
                             Call('GET', '/iroh/profile/whoami', status=401, request_headers=BEARER1),
                             token_call(TOKEN2),
                             Call('GET', '/iroh/profile/whoami', status=401, request_headers=BEARER2,
                                  body={'error': 'invalid_token', 'error_description': 'scope profile missing'})])
    with pytest.raises(ApiError) as caught:
        adapter.whoami()
    assert caught.value.status == 401
    assert 'scope profile missing' in str(caught.value)
    session.assert_done()


def test_token_renewed_before_expiry_with_injected_clock():
    now = [1000.0]
    adapter, session = make([token_call(TOKEN1, expires_in=600),
                             Call('GET', '/iroh/profile/whoami', body={'user': {}}, request_headers=BEARER1),
                             Call('GET', '/iroh/profile/whoami', body={'user': {}}, request_headers=BEARER1),
                             token_call(TOKEN2, expires_in=600),
                             Call('GET', '/iroh/profile/whoami', body={'user': {}}, request_headers=BEARER2)],
                            clock=lambda: now[0])
    adapter.whoami()
    now[0] = 1569.0   # 31 s before expiry: still good
    adapter.whoami()
    now[0] = 1571.0   # inside the 30 s margin: renewed first
    adapter.whoami()
    session.assert_done()


@pytest.mark.parametrize('status', [400, 401])
def test_bad_credentials_give_a_clear_error_without_the_secret(status):
    adapter, session = make([token_call(status=status, body={'error': 'invalid_client',
                                                             'error_description': 'bad client %s' % SECRET})])
    with pytest.raises(ApiError) as caught:
        adapter.whoami()
    text = str(caught.value)
    assert 'client_id/client_secret rejected' in text
    assert 'POST /iroh/oauth2/token returned HTTP %d' % status in text
    assert SECRET not in text
    assert 'bad client ********' in text
    session.assert_done()


def test_token_answer_without_access_token_is_an_error():
    adapter, session = make([token_call(body={'token_type': 'bearer'})])
    with pytest.raises(ApiError) as caught:
        adapter.whoami()
    assert 'no access_token' in str(caught.value)
    session.assert_done()


def test_token_endpoint_server_error_is_retried():
    adapter, session = make([token_call(status=503, body={'error': 'unavailable'}), token_call(),
                             Call('GET', '/iroh/profile/whoami', body={'user': {}}, request_headers=BEARER1)])
    adapter.whoami()
    session.assert_done()


def test_tokens_and_secret_never_appear_in_errors():
    adapter, session = make([token_call(),
                             Call('GET', '/iroh/profile/whoami', status=403,
                                  body={'error': 'forbidden', 'error_description': 'token %s lacks profile' % TOKEN1,
                                        'trace_id': 'trace-42'})])
    with pytest.raises(ApiError) as caught:
        adapter.whoami()
    text = str(caught.value)
    assert TOKEN1 not in text and SECRET not in text
    assert 'token ******** lacks profile' in text
    assert '[request id trace-42]' in text
    session.assert_done()


# Roles


def test_roles_as_strings_and_resolution():
    adapter, session = make([token_call(), Call('GET', ROLES, request_headers=BEARER1, body=['admin', 'user', 'analyst'])])
    assert adapter.list_roles() == [{'id': 'admin', 'name': 'admin'}, {'id': 'user', 'name': 'user'},
                                    {'id': 'analyst', 'name': 'analyst'}]
    session.assert_done()


def test_roles_as_objects_resolve_by_name_and_id():
    body = [{'id': 'admin', 'name': 'Administrator'}, {'role': 'incident-responder', 'title': 'Incident Responder'},
            {'id': 'analyst'}, {'name': 'no id, skipped'}, 42]
    adapter, session = make([token_call(), Call('GET', ROLES, body=body)])
    assert adapter.list_roles() == [{'id': 'admin', 'name': 'Administrator'},
                                    {'id': 'incident-responder', 'name': 'Incident Responder'},
                                    {'id': 'analyst', 'name': 'analyst'}]
    session.assert_done()
    adapter._roles = None
    session.calls.append(Call('GET', ROLES, body=body))
    assert adapter.resolve_role('incident responder') == {'id': 'incident-responder', 'name': 'Incident Responder'}
    assert adapter.resolve_role('admin') == {'id': 'admin', 'name': 'Administrator'}
    assert adapter.resolve_role(' ADMINISTRATOR ') == {'id': 'admin', 'name': 'Administrator'}
    with pytest.raises(ValidationError) as caught:
        adapter.resolve_role('owner', field='invites[2].role')
    assert caught.value.field == 'invites[2].role'
    assert "'owner' is not a role that can be assigned; choose one of: Administrator, Incident Responder, analyst" in str(caught.value)
    session.assert_done()


def test_roles_wrapped_in_an_object_are_tolerated():
    adapter, session = make([token_call(), Call('GET', ROLES, body={'roles': ['admin']})])
    assert adapter.list_roles() == [{'id': 'admin', 'name': 'admin'}]
    session.assert_done()


def test_roles_in_an_unexpected_shape_are_a_clear_error():
    adapter, session = make([token_call(), Call('GET', ROLES, body={'unexpected': True})])
    with pytest.raises(ApiError) as caught:
        adapter.list_roles()
    assert 'GET /iroh/invite/available-roles failed: expected a JSON array, got dict' in str(caught.value)
    session.assert_done()


# Invites: search and paging


def test_list_invites_pages_by_items_returned_when_the_server_caps_limit():
    invites = [invite(number) for number in range(120)]
    invites[3]['status'] = 'PENDING'
    invites[4]['status'] = 'Expired'
    invites[6]['expires-at'] = 1767225600000
    invites[7]['code'] = 'CONFIRM-CODE-777'
    adapter, session = make([token_call(),
                             Call('POST', SEARCH_INVITES, query=page_query(0), json={}, request_headers=BEARER1,
                                  body=invites[:50], headers={'X-Total-Hits': '120'}),
                             Call('POST', SEARCH_INVITES, query=page_query(50), json={}, body=invites[50:100]),
                             Call('POST', SEARCH_INVITES, query=page_query(100), json={}, body=invites[100:]),
                             Call('GET', ROLES, body=[{'id': 'admin', 'name': 'Administrator'}])])
    records = adapter.list_invites()
    session.assert_done()
    assert [record['id'] for record in records] == ['inv-%04d' % number for number in range(120)]
    assert records[0] == {'id': 'inv-0000', 'email': 'user0000@example.com', 'role': 'Administrator', 'role_id': 'admin',
                          'status': 'pending', 'expires_at': '2026-01-08T00:00:00Z', 'teams': None, 'platform': 'cisco_xdr'}
    assert [records[index]['status'] for index in (3, 4, 5)] == ['pending', 'expired', 'pending']
    assert records[6]['expires_at'] == '2026-01-01T00:00:00Z'
    assert 'CONFIRM-CODE-777' not in json.dumps(records)
    assert adapter.client.redact('code CONFIRM-CODE-777') == 'code ********'


def test_search_stops_at_a_short_page_that_reaches_the_announced_total():
    invites = [invite(number) for number in range(120)]
    total = {'X-Total-Hits': '120'}
    adapter, session = make([token_call(),
                             Call('POST', SEARCH_INVITES, query=page_query(0), body=invites[:50], headers=total),
                             Call('POST', SEARCH_INVITES, query=page_query(50), body=invites[50:100], headers=total),
                             Call('POST', SEARCH_INVITES, query=page_query(100), body=invites[100:], headers=total),
                             Call('GET', ROLES, body=['admin'])])
    assert [record['id'] for record in adapter.list_invites()] == ['inv-%04d' % number for number in range(120)]
    session.assert_done()


def test_search_reads_on_to_an_empty_page_when_the_total_is_unreadable():
    adapter, session = make([token_call(),
                             Call('POST', SEARCH_USERS, query=page_query(0), body=[user(1)], headers={'X-Total-Hits': 'many'}),
                             Call('POST', SEARCH_USERS, query=page_query(1), body=[]),
                             Call('GET', ROLES, body=['user'])])
    assert [record['id'] for record in adapter.list_members()] == ['idb-amp:user-0001']
    session.assert_done()


def test_list_invites_empty_reads_no_roles():
    adapter, session = make([token_call(), Call('POST', SEARCH_INVITES, query=page_query(0), json={}, body=[])])
    assert adapter.list_invites() == []
    session.assert_done()


def test_search_that_ignores_offset_is_an_error_not_an_endless_loop():
    page = [invite(1), invite(2)]
    adapter, session = make([token_call(),
                             Call('POST', SEARCH_INVITES, query=page_query(0), body=page),
                             Call('POST', SEARCH_INVITES, query=page_query(2), body=page)])
    with pytest.raises(ApiError) as caught:
        adapter.list_invites()
    assert 'seems to ignore offset' in str(caught.value)
    session.assert_done()


@pytest.mark.parametrize('status, words', [
    (None, "an invite without a usable status (it is missing): check the wire key 'status'"),
    ('sent', "an invite with status 'sent', a value this collection does not know (known: accepted, canceled, cancelled, "
             "expired, pending): check the wire key 'status' and its values"),
])
def test_an_invite_status_we_do_not_know_is_refused_naming_the_key_and_value(status, words):
    """Before: no status counted as pending, and any value but pending made every run invite again."""
    listed = invite(1)
    if status is None:
        del listed['status']
    else:
        listed['status'] = status
    adapter, session = make([token_call(), Call('POST', SEARCH_INVITES, query=page_query(0), body=[listed], headers={'X-Total-Hits': '1'}),
                             Call('GET', ROLES, body=['admin'])])
    with pytest.raises(ApiError) as caught:
        adapter.list_invites()
    assert str(caught.value).startswith('cisco_xdr: POST /iroh/invite/search/invites failed: ') and words in str(caught.value)
    session.assert_done()


def test_known_invite_statuses_map_in_any_case():
    statuses = ['PENDING', 'Expired', 'accepted', 'Cancelled', 'canceled']
    listed = [dict(invite(number), status=status) for number, status in enumerate(statuses)]
    adapter, session = make([token_call(), Call('POST', SEARCH_INVITES, query=page_query(0), body=listed, headers={'X-Total-Hits': '5'}),
                             Call('GET', ROLES, body=['admin'])])
    assert [record['status'] for record in adapter.list_invites()] == ['pending', 'expired', 'accepted', 'cancelled', 'cancelled']
    session.assert_done()


def wrapped(items, total, offset=0, limit=None):
    """IROH's other search shape ([V] S19): {"data": [...], "paging": {"total-hits": N, "next": {...}}}."""
    paging = {'total-hits': total}
    if offset + len(items) < total:
        paging['next'] = {'limit': limit or len(items), 'offset': offset + len(items)}
    return {'data': items, 'paging': paging}


def test_wrapped_search_answers_stop_at_total_hits_without_an_extra_empty_page():
    invites = [invite(number) for number in range(130)]
    adapter, session = make([token_call(),
                             Call('POST', SEARCH_INVITES, query=page_query(0), body=wrapped(invites[:100], 130)),
                             Call('POST', SEARCH_INVITES, query=page_query(100), body=wrapped(invites[100:], 130, 100)),
                             Call('GET', ROLES, body=['admin'])])
    assert [record['id'] for record in adapter.list_invites()] == ['inv-%04d' % number for number in range(130)]
    session.assert_done()


def test_bare_array_answers_stop_at_x_total_hits_even_on_a_full_page():
    users = [user(number) for number in range(100)]
    adapter, session = make([token_call(),
                             Call('POST', SEARCH_USERS, query=page_query(0), body=users, headers={'X-Total-Hits': '100'}),
                             Call('GET', ROLES, body=['user'])])
    assert len(adapter.list_members()) == 100
    session.assert_done()


def test_body_total_hits_wins_over_the_header_and_a_shortfall_is_an_error():
    adapter, session = make([token_call(),
                             Call('POST', SEARCH_USERS, query=page_query(0), body=wrapped([user(1), user(2)], 3),
                                  headers={'X-Total-Hits': '2'}),
                             Call('POST', SEARCH_USERS, query=page_query(2), body=wrapped([], 3, 2))])
    with pytest.raises(ApiError) as caught:
        adapter.list_members()
    assert 'announced X-Total-Hits (or paging.total-hits) 3, but 2 were read' in str(caught.value)
    assert 'POST /iroh/user-mgmt/search/users' in str(caught.value)
    session.assert_done()


def test_more_items_than_total_hits_is_an_error():
    adapter, session = make([token_call(),
                             Call('POST', SEARCH_INVITES, query=page_query(0), body=[invite(1), invite(2)], headers={'X-Total-Hits': '1'})])
    with pytest.raises(ApiError) as caught:
        adapter.list_invites()
    assert 'announced X-Total-Hits (or paging.total-hits) 1, but 2 were read' in str(caught.value)
    session.assert_done()


def test_a_search_answer_in_another_shape_is_an_error():
    adapter, session = make([token_call(), Call('POST', SEARCH_INVITES, query=page_query(0), body={'invites': [invite(1)]})])
    with pytest.raises(ApiError) as caught:
        adapter.list_invites()
    assert 'expected a JSON array or {"data": [...], "paging": {...}}, got dict' in str(caught.value)
    session.assert_done()


def test_items_without_the_id_key_stop_a_search_that_ignores_offset():
    """Before: items without `invite-id` always counted as fresh, so a server ignoring offset was read forever."""
    page = [dict(invite(1), **{'id': 'x-1'}), dict(invite(2), **{'id': 'x-2'})]
    for entry in page:
        entry.pop('invite-id')
    adapter, session = make([token_call(), Call('POST', SEARCH_INVITES, query=page_query(0), body=page)])
    with pytest.raises(ApiError) as caught:
        adapter.list_invites()
    assert "an item on the page at offset 0 without a usable invite-id (it is missing): check the wire key 'invite-id'" in str(caught.value)
    assert str(caught.value).startswith('cisco_xdr: POST /iroh/invite/search/invites failed')
    session.assert_done()


def test_search_pages_are_capped(monkeypatch):
    from ansible_collections.orgaccess.onboarding.plugins.module_utils import _paging
    monkeypatch.setattr(_paging, 'MAX_ITEMS', 200)  # 200 / 100 per page: 2 pages, and the empty one that ends a list
    calls = [token_call()] + [Call('POST', SEARCH_USERS, query=page_query(number), body=[user(number)]) for number in range(4)]
    adapter, session = make(calls)
    with pytest.raises(ApiError) as caught:
        adapter.list_members()
    assert 'more than 3 pages of 100, the most a list of 200 items takes' in str(caught.value)
    assert 'advance with offset' in str(caught.value)
    session.assert_done()


def test_search_is_a_read_and_retried_on_server_errors():
    adapter, session = make([token_call(),
                             Call('POST', SEARCH_INVITES, query=page_query(0), status=503),
                             Call('POST', SEARCH_INVITES, query=page_query(0), body=[invite(1)]),
                             Call('POST', SEARCH_INVITES, query=page_query(1), body=[]),
                             Call('GET', ROLES, body=['admin'])])
    assert [record['id'] for record in adapter.list_invites()] == ['inv-0001']
    session.assert_done()


# Members


def test_list_members_pages_and_maps_enabled():
    users = [user(number) for number in range(70)]
    users[1]['enabled?'] = False
    users[3]['enabled?'] = 'false'
    users[4]['role'] = 'admin'
    adapter, session = make([token_call(),
                             Call('POST', SEARCH_USERS, query=page_query(0), json={}, request_headers=BEARER1, body=users[:50]),
                             Call('POST', SEARCH_USERS, query=page_query(50), json={}, body={'data': users[50:]}),
                             Call('POST', SEARCH_USERS, query=page_query(70), json={}, body=[]),
                             Call('GET', ROLES, body=[{'id': 'admin', 'name': 'Administrator'}, {'id': 'user', 'name': 'User'}])])
    records = adapter.list_members()
    session.assert_done()
    assert len(records) == 70
    assert records[0] == {'id': 'idb-amp:user-0000', 'membership_id': 'idb-amp:user-0000', 'email': 'member0000@example.com',
                          'name': 'Member 0', 'role': 'User', 'role_id': 'user', 'enabled': True, 'teams': None,
                          'platform': 'cisco_xdr'}
    assert [records[index]['enabled'] for index in range(4)] == [True, False, True, False]
    assert (records[4]['role'], records[4]['role_id']) == ('Administrator', 'admin')
    assert records[69]['id'] == 'idb-amp:user-0069'


def test_the_enabled_flag_is_iroh_enabled_question_mark_read_and_written():
    """IROH's User schema names the flag `enabled?` ([V] S18-S20); `enabled` reads nothing and is a disallowed-key."""
    old_guess = dict(user(1), **{'user-id': USER_ID})
    old_guess['enabled'] = old_guess.pop('enabled?')
    adapter, session = make([token_call(),
                             Call('POST', SEARCH_USERS, query=page_query(0), body=[dict(user(2), **{'enabled?': False})]),
                             Call('POST', SEARCH_USERS, query=page_query(1), body=[]),
                             Call('GET', ROLES, body=['user']),
                             Call('POST', USER_ID_PATH, json={'enabled?': True}, body=dict(user(1), **{'user-id': USER_ID}))])
    assert [member['enabled'] for member in adapter.list_members()] == [False]
    assert adapter.update_member({'id': USER_ID}, enabled=True)['enabled'] is True
    session.assert_done()
    assert all('enabled' not in (entry['json'] or {}) for entry in session.sent)


@pytest.mark.parametrize('key, value, words', [
    ('user-id', None, "a user without a usable user-id (it is missing): check the wire key 'user-id'"),
    ('enabled?', None, "a user without a usable enabled? (it is missing): check the wire key 'enabled?'"),
    ('enabled?', 'maybe', "a user whose enabled? is 'maybe', not true or false: check the wire key 'enabled?'"),
])
def test_users_we_cannot_trust_are_refused_naming_the_wire_key(key, value, words):
    """Before: a user without user-id became a member with id None, and one without the flag had enabled None."""
    broken = user(1)
    if value is None:
        del broken[key]
    else:
        broken[key] = value
    adapter, session = make([token_call(), Call('GET', '/iroh/user-mgmt/batch/users', query={'id': ['idb-amp:user-0001']},
                                                body=[broken]), Call('GET', ROLES, body=['user'])])
    with pytest.raises(ApiError) as caught:
        adapter.members_by_ids(['idb-amp:user-0001'])
    assert str(caught.value).startswith('cisco_xdr: GET /iroh/user-mgmt/batch/users failed: ') and words in str(caught.value)
    session.assert_done()


def test_writes_refuse_a_record_without_id_and_send_nothing():
    """Before: the DELETE went to .../None, got 404 and counted as done, every run."""
    adapter, session = make([])
    with pytest.raises(ApiError) as caught:
        adapter.cancel_invite({'id': None, 'email': 'ann@example.com'})
    assert str(caught.value) == ('cisco_xdr: DELETE /iroh/invite/invites/{invite_id} failed: refused: the invite for '
                                 'ann@example.com has no id, so the request would not name it')
    with pytest.raises(ApiError):
        adapter.update_member({'id': None, 'email': 'ann@example.com'}, enabled=False)
    assert session.sent == []


def test_members_keep_role_ids_when_roles_cannot_be_read():
    adapter, session = make([token_call(),
                             Call('POST', SEARCH_USERS, query=page_query(0), body=[user(1, role='admin')]),
                             Call('POST', SEARCH_USERS, query=page_query(1), body=[]),
                             Call('GET', ROLES, status=403, body={'error': 'forbidden', 'error_description': 'invite scope'})])
    records = adapter.list_members()
    assert (records[0]['role'], records[0]['role_id']) == ('admin', 'admin')
    session.assert_done()


def test_members_by_ids_in_chunks_of_100():
    ids = ['idb-amp:user-%04d' % number for number in range(150)]
    adapter, session = make([token_call(),
                             Call('GET', '/iroh/user-mgmt/batch/users', query={'id': ids[:100]}, request_headers=BEARER1,
                                  body=[user(number) for number in range(100)]),
                             Call('GET', '/iroh/user-mgmt/batch/users', query={'id': ids[100:]},
                                  body=[user(number) for number in range(100, 150)]),
                             Call('GET', ROLES, body=['user', 'admin'])])
    records = adapter.members_by_ids(ids)
    assert [record['id'] for record in records] == ids
    assert records[0]['role'] == 'user'
    session.assert_done()


def test_update_member_role_percent_encodes_the_user_id():
    answer = dict(user(1, role='admin'), **{'user-id': USER_ID})
    adapter, session = make([token_call(),
                             Call('POST', USER_ID_PATH, json={'role': 'admin'}, request_headers=BEARER1, body=answer)])
    adapter._role_names = {}
    member = {'id': USER_ID, 'email': 'member0001@example.com'}
    record = adapter.update_member(member, role={'id': 'admin', 'name': 'Administrator'})
    assert (record['id'], record['role'], record['role_id'], record['enabled']) == (USER_ID, 'Administrator', 'admin', True)
    session.assert_done()


def test_update_member_disable_and_both_and_retry():
    disabled = dict(user(1), **{'user-id': USER_ID, 'enabled?': False})
    adapter, session = make([token_call(),
                             Call('POST', USER_ID_PATH, json={'enabled?': False}, status=502),
                             Call('POST', USER_ID_PATH, json={'enabled?': False}, body=disabled),
                             Call('POST', USER_ID_PATH, json={'role': 'user', 'enabled?': True},
                                  body=dict(disabled, **{'enabled?': True}))])
    adapter._role_names = {'user': 'User'}
    assert adapter.update_member({'id': USER_ID}, enabled=False)['enabled'] is False
    record = adapter.update_member({'id': USER_ID}, role={'id': 'user', 'name': 'User'}, enabled=True)
    assert (record['enabled'], record['role']) == (True, 'User')
    session.assert_done()


def test_update_member_with_an_empty_answer_reads_the_user_back():
    adapter, session = make([token_call(),
                             Call('POST', USER_ID_PATH, json={'enabled?': False}, status=204),
                             Call('GET', USER_ID_PATH, body=dict(user(1), **{'user-id': USER_ID, 'enabled?': False}))])
    adapter._role_names = {}
    assert adapter.update_member({'id': USER_ID}, enabled=False)['enabled'] is False
    session.assert_done()


def test_update_member_with_nothing_to_change_sends_nothing():
    adapter, session = make([])
    member = {'id': USER_ID}
    assert adapter.update_member(member) is member
    assert session.seen == []


def test_remove_member_is_not_possible():
    adapter, session = make([])
    with pytest.raises(NotImplementedError) as caught:
        adapter.remove_member({'id': USER_ID, 'email': 'gone@example.com'})
    assert 'cannot delete users (gone@example.com)' in str(caught.value)
    assert 'disable' in str(caught.value)
    assert session.seen == []


# Invites: writes


def test_cancel_invite_percent_encodes_and_treats_404_as_done():
    adapter, session = make([token_call(),
                             Call('DELETE', '/iroh/invite/invites/idb-amp%3Ainv%2F1', status=204, request_headers=BEARER1),
                             Call('DELETE', '/iroh/invite/invites/inv-2', status=404, body={'error': 'not_found'}),
                             Call('DELETE', '/iroh/invite/invites/inv-3', status=500),
                             Call('DELETE', '/iroh/invite/invites/inv-3', status=204)])
    assert adapter.cancel_invite({'id': 'idb-amp:inv/1'}) is None
    assert adapter.cancel_invite({'id': 'inv-2'}) is None
    assert adapter.cancel_invite({'id': 'inv-3'}) is None
    session.assert_done()


def test_cancel_invite_other_errors_raise():
    forbidden = Call('DELETE', '/iroh/invite/invites/inv-9', status=403,
                     body={'error': 'forbidden', 'error_description': 'needs invite scope'})
    adapter, session = make([token_call(), forbidden])
    with pytest.raises(ApiError) as caught:
        adapter.cancel_invite({'id': 'inv-9'})
    assert 'DELETE /iroh/invite/invites/inv-9 returned HTTP 403: needs invite scope' in str(caught.value)
    session.assert_done()


def echo(entries):
    return [{'invite-id': 'inv-%s' % entry['email'].split('@')[0], 'email': entry['email'].lower(), 'role': entry['role'],
             'status': 'pending', 'expires-at': '2026-02-01T00:00:00Z'} for entry in entries]


def test_create_invites_chunks_250_into_100_100_50_and_maps_answers_by_email():
    items = [item('New%03d@Example.com' % number, 'analyst', 'Security Analyst') for number in range(250)]
    bodies = [[{'email': entry['email'], 'role': 'analyst'} for entry in items[start:stop]]
              for start, stop in ((0, 100), (100, 200), (200, 250))]
    adapter, session = make([token_call(),
                             Call('POST', BATCH, json=bodies[0], request_headers=BEARER1, body=echo(bodies[0])),
                             Call('POST', BATCH, json=bodies[1], body=list(reversed(echo(bodies[1])))),
                             Call('POST', BATCH, json=bodies[2], body=echo(bodies[2]))], concurrency=1)
    results = adapter.create_invites(items)
    session.assert_done()
    assert [len(entry[3]) for entry in session.writes()[1:]] == [100, 100, 50]
    assert [pair[0] for pair in results] == items
    assert [pair[1]['id'] for pair in results] == ['inv-New%03d' % number for number in range(250)]
    assert results[150][1] == {'id': 'inv-New150', 'email': 'new150@example.com', 'role': 'Security Analyst',
                               'role_id': 'analyst', 'status': 'pending', 'expires_at': '2026-02-01T00:00:00Z',
                               'teams': None, 'platform': 'cisco_xdr'}


def test_create_invites_outcome_unknown_on_one_chunk_only_affects_that_chunk():
    items = [item('p%03d@example.com' % number) for number in range(250)]
    bodies = [[{'email': entry['email'], 'role': 'admin'} for entry in items[start:stop]]
              for start, stop in ((0, 100), (100, 200), (200, 250))]
    adapter, session = make([token_call(),
                             Call('POST', BATCH, json=bodies[0], body=echo(bodies[0])),
                             Call('POST', BATCH, json=bodies[1], status=504, body={'error': 'gateway timeout'}),
                             Call('POST', BATCH, json=bodies[2], body=echo(bodies[2]))], concurrency=1)
    results = adapter.create_invites(items)
    session.assert_done()
    assert len(session.writes()) == 4   # token + 3 chunks: the create that may have happened is never resent blindly
    assert all(isinstance(pair[1], dict) for pair in results[:100] + results[200:])
    assert all(isinstance(pair[1], OutcomeUnknown) for pair in results[100:200])
    assert len(set(id(pair[1]) for pair in results[100:200])) == 1
    assert results[100][1].status == 504


def test_create_invites_sends_up_to_concurrency_chunks_at_once():
    items = [item('p%03d@example.com' % number) for number in range(250)]
    bodies = [[{'email': entry['email'], 'role': 'admin'} for entry in items[start:stop]]
              for start, stop in ((0, 100), (100, 200), (200, 250))]
    adapter, session = make([token_call()] + [Call('POST', BATCH, json=body, body=echo(body)) for body in bodies],
                            concurrency=3, ordered=False)
    adapter.client.authenticator.headers()  # the token first, so that only the batches meet at the barrier
    all_three_in_flight = threading.Barrier(3, timeout=10)
    answer = session.request

    def request_once_all_three_are_sent(method, url, **kwargs):
        all_three_in_flight.wait()
        return answer(method, url, **kwargs)

    session.request = request_once_all_three_are_sent
    results = adapter.create_invites(items)
    session.assert_done()
    assert [pair[1]['email'] for pair in results] == [entry['email'] for entry in items]


def test_create_invites_chunk_rejected_gives_every_item_the_error():
    items = [item('a@example.com', 'nope'), item('b@example.com', 'nope')]
    adapter, session = make([token_call(),
                             Call('POST', BATCH, status=400, body={'error': 'invalid_request', 'error_description': 'unknown role nope'})])
    results = adapter.create_invites(items)
    assert [pair[1].__class__.__name__ for pair in results] == ['ApiError', 'ApiError']
    assert 'unknown role nope' in str(results[1][1])
    session.assert_done()


def test_create_invites_missing_or_failed_items_are_exceptions_for_those_items():
    items = [item('Alice@Example.com'), item('bob@example.com'), item('carol@example.com')]
    answer = [{'email': 'carol@example.com', 'error': 'invalid_request', 'error_description': 'already a member'},
              {'invite-id': 'inv-a', 'email': 'alice@example.com', 'role': 'admin', 'status': 'pending', 'code': 'SECRETCODE1'}]
    adapter, session = make([token_call(), Call('POST', BATCH, body=answer)])
    results = adapter.create_invites(items)
    session.assert_done()
    assert results[0][1]['id'] == 'inv-a' and results[0][1]['email'] == 'alice@example.com'
    assert isinstance(results[1][1], OutcomeUnknown)
    assert 'the answer has no invite for bob@example.com' in str(results[1][1])
    assert isinstance(results[2][1], ApiError) and not isinstance(results[2][1], OutcomeUnknown)
    assert 'no invite for carol@example.com' in str(results[2][1]) and 'already a member' in str(results[2][1])
    assert 'SECRETCODE1' not in json.dumps(results[0][1])


def test_create_invites_answers_without_emails_map_by_position():
    items = [item('x@example.com'), item('y@example.com')]
    adapter, session = make([token_call(), Call('POST', BATCH, body=[{'invite-id': 'inv-x'}, {'invite-id': 'inv-y'}])])
    results = adapter.create_invites(items)
    assert [(pair[1]['id'], pair[1]['email'], pair[1]['role_id']) for pair in results] == [
        ('inv-x', 'x@example.com', 'admin'), ('inv-y', 'y@example.com', 'admin')]
    session.assert_done()


def test_renew_invites_sends_current_roles_and_is_retried():
    pending = [{'id': 'inv-1', 'email': 'one@example.com', 'role': 'Administrator', 'role_id': 'admin', 'status': 'pending',
                'expires_at': None, 'teams': None, 'platform': 'cisco_xdr'},
               {'id': 'inv-2', 'email': 'two@example.com', 'role': 'User', 'role_id': 'user', 'status': 'expired',
                'expires_at': None, 'teams': None, 'platform': 'cisco_xdr'}]
    body = [{'email': 'one@example.com', 'role': 'admin'}, {'email': 'two@example.com', 'role': 'user'}]
    answer = [{'invite-id': 'inv-1', 'email': 'one@example.com', 'role': 'admin', 'status': 'pending', 'expires-at': '2026-03-01T00:00:00Z'},
              {'invite-id': 'inv-2', 'email': 'two@example.com', 'role': 'user', 'status': 'pending', 'expires-at': '2026-03-01T00:00:00Z'}]
    adapter, session = make([token_call(),
                             Call('POST', BATCH, json=body, status=503),
                             Call('POST', BATCH, json=body, request_headers=BEARER1, body=answer)])
    results = adapter.renew_invites(pending)
    session.assert_done()
    assert [pair[0] for pair in results] == pending
    assert [(pair[1]['id'], pair[1]['role'], pair[1]['status'], pair[1]['expires_at']) for pair in results] == [
        ('inv-1', 'Administrator', 'pending', '2026-03-01T00:00:00Z'), ('inv-2', 'User', 'pending', '2026-03-01T00:00:00Z')]


def test_paths_table_matches_the_architecture_document():
    assert PATHS == {
        'token': '/iroh/oauth2/token',
        'whoami': '/iroh/profile/whoami',
        'roles': '/iroh/invite/available-roles',
        'invite': '/iroh/invite/invites/{invite_id}',
        'batch_invites': '/iroh/invite/batch/invites',
        'search_invites': '/iroh/invite/search/invites',
        'user': '/iroh/user-mgmt/users/{user_id}',
        'batch_users': '/iroh/user-mgmt/batch/users',
        'search_users': '/iroh/user-mgmt/search/users',
    }
    assert SIZES == {'batch': 100, 'page': 100, 'ids': 100}
