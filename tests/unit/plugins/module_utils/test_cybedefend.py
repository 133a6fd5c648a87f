# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the CybeDefend adapter: every request asserted, and what it sends checked against
CybeDefend's own OpenAPI document: its contract in tests/contracts/cybedefend.json, or the full document
with $ORGACCESS_SPECS (see vendor_specs)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import requests

from ansible_collections.orgaccess.onboarding.plugins.module_utils import _cybedefend as cd
from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import CAP_TEAMS, resolve_connection
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError, OutcomeUnknown, ValidationError
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.scripted_http import Call, scripted_client
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.vendor_specs import vendor_spec

Adapter = cd.CybeDefendAdapter

ORG = '5b0e6a2c-1f3d-4c8e-9a71-2d4f6b8c0e11'
PAT = 'pat_Zq8SECRETpatValue4242'
ACCESS1 = 'eyJhbGciOiJSUzI1NiJ9.access-one.sig'
ACCESS2 = 'eyJhbGciOiJSUzI1NiJ9.access-two.sig'
INVITE_TOKEN = 'inv-tok-8f7e6d5c4b3a-SECRET'
CLI_APP = 'discovered-cli-app'
API_US = 'https://api-us.cybedefend.com'
API_EU = 'https://api-eu.cybedefend.com'
AUTH_US = 'https://auth-us.cybedefend.com'
TEAM_A = '11111111-aaaa-4aaa-8aaa-000000000001'
TEAM_B = '22222222-bbbb-4bbb-8bbb-000000000002'
USER_1 = '0d6a4a1e-7b43-4c1e-8d0b-5a9e1c3f0001'
USER_2 = '0d6a4a1e-7b43-4c1e-8d0b-5a9e1c3f0002'
INV_1 = '9c3e1f20-4d5b-4a6c-8e7f-000000000101'

ORG_BASE = '/organization/%s' % ORG
BEARER1 = {'Authorization': 'Bearer %s' % ACCESS1}
BEARER2 = {'Authorization': 'Bearer %s' % ACCESS2}
SECRETS = (PAT, ACCESS1, ACCESS2, INVITE_TOKEN)


def uid(n):
    return '0d6a4a1e-7b43-4c1e-8d0b-%012d' % n


def iid(n):
    return '9c3e1f20-4d5b-4a6c-8e7f-%012d' % n


# Scripted HTTP helpers


def client_apps_call(app_id=CLI_APP):
    return Call('GET', '/client-apps', body={'cli': {'appId': app_id}, 'vscode': {'appId': 'vs'}, 'intellij': {'appId': 'ij'}},
                request_headers={'Authorization': None})


def token_call(access=ACCESS1, resource=API_US, client_id=CLI_APP, expires_in=600, path='/oidc/token'):
    form = {
        'grant_type': 'urn:ietf:params:oauth:grant-type:token-exchange',
        'client_id': client_id,
        'subject_token': PAT,
        'subject_token_type': 'urn:logto:token-type:personal_access_token',
        'resource': resource,
    }
    return Call('POST', path, data=form, request_headers={'Authorization': None},
                body={'access_token': access, 'token_type': 'Bearer', 'expires_in': expires_in, 'scope': 'openid profile email'})


def auth_calls(access=ACCESS1, **kwargs):
    return [client_apps_call(), token_call(access, **kwargs)]


def get(path, body, query=None, status=200, bearer=None):
    return Call('GET', path, status=status, body=body, query=query, request_headers=bearer or BEARER1)


def page_query(page):
    return {'page': page, 'pageSize': 20}


class Clock(object):
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now


def make(calls, ordered=True, clock=None, concurrency=4, **overrides):
    """An adapter over scripted HTTP, and the session's log of every request sent with its full URL."""
    params = {'api_token': PAT, 'org_id': ORG}
    params.update(overrides)
    connection = resolve_connection(Adapter, params, environ={})
    client, session = scripted_client('cybedefend', calls, ordered=ordered)
    adapter = Adapter(client, connection, concurrency=concurrency, clock=clock)
    return adapter, session, session.sent


def assert_no_secret(*things):
    text = repr(things)
    for secret in SECRETS:
        assert secret not in text, 'a secret leaked: %s' % text


# Connection


def test_connection_table_is_exact():
    assert Adapter.CONNECTION == {
        'api_token': {'env': ['CYBEDEFEND_PAT'], 'required': True, 'secret': True},
        'region': {'env': ['CYBEDEFEND_REGION'], 'default': 'us', 'choices': ['eu', 'us']},
        'api_url': {'env': ['CYBEDEFEND_API_URL'], 'kind': 'url'},
        'auth_url': {'env': ['CYBEDEFEND_AUTH_URL'], 'kind': 'url'},
        'org_id': {'env': ['CYBEDEFEND_ORG_ID'], 'required': True, 'kind': 'uuid'},
        'client_id': {'env': ['CYBEDEFEND_CLIENT_ID']},
    }
    assert Adapter.NAME == 'cybedefend'
    assert Adapter.CAPABILITIES == frozenset((CAP_TEAMS,))
    assert Adapter.ADMIN_ROLE == 'administrator'
    assert Adapter.TEAM_MANAGER_ROLE == 'team_manager'


def test_connection_defaults_and_environment():
    environ = {'CYBEDEFEND_PAT': PAT, 'CYBEDEFEND_ORG_ID': ORG.upper(), 'CYBEDEFEND_CLIENT_ID': 'env-app'}
    resolved = resolve_connection(Adapter, {}, environ=environ)
    assert resolved == {'api_token': PAT, 'region': 'us', 'api_url': None, 'auth_url': None, 'org_id': ORG, 'client_id': 'env-app'}
    environ.update({'CYBEDEFEND_REGION': 'eu', 'CYBEDEFEND_API_URL': 'https://cd.example.org/', 'CYBEDEFEND_AUTH_URL': 'https://id.example.org'})
    resolved = resolve_connection(Adapter, {'org_id': ORG}, environ=environ)
    assert resolved['region'] == 'eu'
    assert resolved['api_url'] == 'https://cd.example.org'
    assert resolved['auth_url'] == 'https://id.example.org'


def test_connection_options_win_over_environment():
    environ = {'CYBEDEFEND_PAT': 'pat_from_env', 'CYBEDEFEND_REGION': 'us', 'CYBEDEFEND_ORG_ID': TEAM_A}
    resolved = resolve_connection(Adapter, {'api_token': PAT, 'region': 'eu', 'org_id': ORG}, environ=environ)
    assert (resolved['api_token'], resolved['region'], resolved['org_id']) == (PAT, 'eu', ORG)


@pytest.mark.parametrize('params, field, words', [
    ({'org_id': ORG}, 'api_token', 'CYBEDEFEND_PAT'),
    ({'api_token': PAT}, 'org_id', 'CYBEDEFEND_ORG_ID'),
    ({'api_token': PAT, 'org_id': 'not-a-uuid'}, 'org_id', 'is not a UUID'),
    ({'api_token': PAT, 'org_id': ORG, 'region': 'apjc'}, 'region', 'is not one of eu, us'),
    ({'api_token': PAT, 'org_id': ORG, 'api_url': 'http://api.example.com'}, 'api_url', 'plain http'),
    ({'api_token': PAT, 'org_id': ORG, 'auth_url': 'http://auth.example.com'}, 'auth_url', 'plain http'),
    ({'api_token': PAT, 'org_id': ORG, 'api_url': 'ftp://api.example.com'}, 'api_url', 'not an http(s) URL'),
])
def test_connection_refusals(params, field, words):
    with pytest.raises(ValidationError) as info:
        resolve_connection(Adapter, params, environ={})
    assert info.value.field == field
    assert words in str(info.value)
    assert str(info.value).startswith('cybedefend: %s: ' % field)
    assert PAT not in str(info.value)


def test_plain_http_to_loopback_is_allowed():
    resolved = resolve_connection(Adapter, {'api_token': PAT, 'org_id': ORG, 'api_url': 'http://127.0.0.1:8080/cybedefend/api/',
                                            'auth_url': 'http://localhost:8080/cybedefend/auth'}, environ={})
    assert resolved['api_url'] == 'http://127.0.0.1:8080/cybedefend/api'


@pytest.mark.parametrize('region, api, auth, app', [
    ('us', 'https://api-us.cybedefend.com', 'https://auth-us.cybedefend.com', '7o6r9cvvi8um0kisvn7hm'),
    ('eu', 'https://api-eu.cybedefend.com', 'https://auth-eu.cybedefend.com', 'fm90ay05zohu8fk2q45ms'),
])
def test_region_urls(region, api, auth, app):
    assert cd.REGIONS[region] == {'api_url': api, 'auth_url': auth, 'cli_app_id': app}
    adapter, session, sent = make([client_apps_call(), token_call(resource=api), get('/user/profile', {'id': USER_1, 'email': 'me@example.com'})],
                                  region=region)
    assert (adapter.api_url, adapter.auth_url) == (api, auth)
    adapter.whoami()
    session.assert_done()
    assert [entry['url'] for entry in sent] == [api + '/client-apps', auth + '/oidc/token', api + '/user/profile']


def test_api_url_override_is_the_token_resource_and_the_base():
    base = 'http://127.0.0.1:8080/cybedefend/api'
    auth = 'http://127.0.0.1:8080/cybedefend/auth'
    calls = [
        Call('GET', '/cybedefend/api/client-apps', body={'cli': {'appId': 'sandbox-cli'}}),
        token_call(resource=base, client_id='sandbox-cli', path='/cybedefend/auth/oidc/token'),
        Call('GET', '/cybedefend/api/user/profile', body={'id': USER_1, 'email': 'me@example.com'}, request_headers=BEARER1),
    ]
    adapter, session, sent = make(calls, api_url=base + '/', auth_url=auth)
    assert adapter.whoami() == {'id': USER_1, 'email': 'me@example.com'}
    session.assert_done()
    assert sent[1]['url'] == auth + '/oidc/token'
    assert sent[1]['data']['resource'] == base


# Authentication


def test_token_is_fetched_once_and_reused():
    calls = auth_calls() + [
        get('/user/profile', {'id': USER_1, 'email': 'Me@Example.com', 'firstName': 'Me'}),
        get(ORG_BASE + '/teams', [{'id': TEAM_A, 'name': 'Core'}]),
    ]
    adapter, session, sent = make(calls)
    assert adapter.whoami() == {'id': USER_1, 'email': 'Me@Example.com'}
    assert adapter.list_teams() == [{'id': TEAM_A, 'name': 'Core'}]
    session.assert_done()
    assert sent[1]['headers'].get('Authorization') is None
    assert sent[1]['url'] == AUTH_US + '/oidc/token'


def test_token_is_renewed_before_it_expires():
    clock = Clock(1000.0)
    calls = auth_calls(expires_in=600) + [
        get('/user/profile', {'id': USER_1, 'email': 'a@example.com'}),
        get('/user/profile', {'id': USER_1, 'email': 'a@example.com'}),
        token_call(ACCESS2),
        get('/user/profile', {'id': USER_1, 'email': 'a@example.com'}, bearer=BEARER2),
    ]
    adapter, session, sent = make(calls, clock=clock)
    adapter.whoami()
    clock.now = 1569.0  # 600 s lifetime, 30 s margin: still fresh
    adapter.whoami()
    clock.now = 1570.0
    adapter.whoami()
    session.assert_done()
    assert [entry['url'].rsplit('/', 1)[-1] for entry in sent].count('client-apps') == 1


def test_token_lifetime_comes_from_expires_in():
    clock = Clock(0.0)
    calls = auth_calls(expires_in=3600) + [
        get('/user/profile', {'id': USER_1, 'email': 'a@example.com'}),
        get('/user/profile', {'id': USER_1, 'email': 'a@example.com'}),
    ]
    adapter, session, dummy = make(calls, clock=clock)
    adapter.whoami()
    clock.now = 3000.0
    adapter.whoami()
    session.assert_done()


def test_token_is_renewed_on_401():
    calls = auth_calls() + [
        get('/user/profile', {'message': 'Unauthorized', 'statusCode': 401}, status=401),
        token_call(ACCESS2),
        get('/user/profile', {'id': USER_1, 'email': 'a@example.com'}, bearer=BEARER2),
    ]
    adapter, session, dummy = make(calls)
    assert adapter.whoami()['id'] == USER_1
    session.assert_done()


def test_a_second_401_is_an_error():
    calls = auth_calls() + [
        get('/user/profile', {'message': 'Unauthorized', 'statusCode': 401}, status=401),
        token_call(ACCESS2),
        get('/user/profile', {'message': 'Unauthorized', 'statusCode': 401}, status=401, bearer=BEARER2),
    ]
    adapter, session, dummy = make(calls)
    with pytest.raises(ApiError) as info:
        adapter.whoami()
    assert info.value.status == 401
    assert str(info.value) == 'cybedefend: GET /user/profile returned HTTP 401: Unauthorized'
    session.assert_done()


def test_given_client_id_skips_discovery():
    calls = [token_call(client_id='my-own-cli-app'), get('/user/profile', {'id': USER_1, 'email': 'a@example.com'})]
    adapter, session, dummy = make(calls, client_id='my-own-cli-app')
    adapter.whoami()
    session.assert_done()


@pytest.mark.parametrize('region, documented', [('us', '7o6r9cvvi8um0kisvn7hm'), ('eu', 'fm90ay05zohu8fk2q45ms')])
@pytest.mark.parametrize('answer', [
    Call('GET', '/client-apps', status=404, body={'message': 'Cannot GET /client-apps', 'statusCode': 404}),
    Call('GET', '/client-apps', body={'vscode': {'appId': 'vs'}}),
    Call('GET', '/client-apps', text='<html>gateway</html>'),
    Call('GET', '/client-apps', raises=requests.exceptions.ConnectionError('NewConnectionError: refused')),
])
def test_client_id_falls_back_to_the_documented_one(region, documented, answer):
    api = cd.REGIONS[region]['api_url']
    extra = [answer] * (6 if answer.raises is not None else 1)  # a refused connection is retried (5 retries)
    calls = extra + [token_call(client_id=documented, resource=api), get('/user/profile', {'id': USER_1, 'email': 'a@example.com'})]
    adapter, session, dummy = make(calls, region=region)
    adapter.whoami()
    session.assert_done()
    assert adapter.client_id() == documented


def test_client_app_discovery_auth_error_is_not_papered_over():
    calls = [Call('GET', '/client-apps', status=403, body={'message': 'Forbidden', 'statusCode': 403})]
    adapter, session, dummy = make(calls)
    with pytest.raises(ApiError) as info:
        adapter.whoami()
    assert info.value.status == 403
    assert info.value.path == '/client-apps'
    session.assert_done()


def test_no_documented_client_id_for_a_foreign_auth_server():
    calls = [Call('GET', '/client-apps', status=404, body={'message': 'Not Found', 'statusCode': 404})]
    adapter, session, dummy = make(calls, auth_url='https://login.example.org')
    with pytest.raises(ValidationError) as info:
        adapter.whoami()
    assert info.value.field == 'client_id'
    assert 'CYBEDEFEND_CLIENT_ID' in str(info.value)
    assert PAT not in str(info.value)
    session.assert_done()


@pytest.mark.parametrize('status, body, words', [
    (401, {'error': 'invalid_token', 'error_description': 'token %s revoked' % PAT}, 'personal access token is invalid or revoked'),
    (403, {'message': 'Forbidden'}, 'personal access token is invalid or revoked'),
    (400, {'error': 'invalid_grant', 'error_description': 'grant request is invalid'}, 'invalid_grant: the personal access token was refused'),
    (400, {'code': 'oidc.invalid_client', 'error_description': 'invalid client 7o6r9cvvi8um0kisvn7hm'},
     'invalid_client: the auth server does not know this client id (for example an EU client id used against US)'),
    (400, {'error': 'invalid_target', 'error_description': 'resource indicator is missing, or unknown'},
     'invalid_target: the auth server does not accept https://api-us.cybedefend.com as resource'),
    (400, {'code': 'oidc.token_exchange_not_allowed', 'error_description': 'not allowed'},
     'token_exchange_not_allowed: this client id may not exchange personal access tokens'),
    (400, {'error': 'invalid_request', 'error_description': 'missing parameter'}, 'the auth server refused the token exchange'),
])
def test_token_endpoint_errors_are_clear_and_secret_free(status, body, words):
    calls = [client_apps_call(), Call('POST', '/oidc/token', status=status, body=body)]
    adapter, session, dummy = make(calls)
    with pytest.raises(ApiError) as info:
        adapter.whoami()
    text = str(info.value)
    assert text.startswith('cybedefend: POST /oidc/token returned HTTP %d (' % status)
    assert words in text
    assert info.value.status == status
    assert_no_secret(text, info.value.vendor_message)
    session.assert_done()


def test_token_answer_without_access_token_is_an_error():
    calls = [client_apps_call(), Call('POST', '/oidc/token', body={'token_type': 'Bearer'})]
    adapter, session, dummy = make(calls)
    with pytest.raises(ApiError) as info:
        adapter.whoami()
    assert 'without an access_token' in str(info.value)
    session.assert_done()


# Roles and teams


def test_roles_are_the_documented_enums():
    adapter, session, dummy = make([])
    assert adapter.list_roles() == [{'id': name, 'name': name} for name in ('administrator', 'manager', 'billing_manager', 'member')]
    assert adapter.list_team_roles() == [{'id': name, 'name': name} for name in ('team_manager', 'analyst_developer', 'developer', 'read_only')]
    assert session.seen == []


def test_resolve_role():
    adapter, dummy, dummy2 = make([])
    assert adapter.resolve_role('manager') == {'id': 'manager', 'name': 'manager'}
    assert adapter.resolve_role(' Billing_Manager ') == {'id': 'billing_manager', 'name': 'billing_manager'}
    with pytest.raises(ValidationError) as info:
        adapter.resolve_role('owner', field='invites[2].role')
    assert info.value.field == 'invites[2].role'
    assert str(info.value) == ("cybedefend: invites[2].role: 'owner' is not a role that can be assigned; "
                               "choose one of: administrator, billing_manager, manager, member")


def test_resolve_team_role():
    adapter, dummy, dummy2 = make([])
    assert adapter.resolve_team_role('Developer') == 'developer'
    assert adapter.resolve_team_role({'id': 'read_only', 'name': 'read_only'}) == 'read_only'
    with pytest.raises(ValidationError) as info:
        adapter.resolve_team_role('integration_manager', field='invites[0].teams[1].role')
    assert info.value.field == 'invites[0].teams[1].role'
    assert 'choose one of: team_manager, analyst_developer, developer, read_only' in str(info.value)
    with pytest.raises(ValidationError):
        adapter.resolve_team_role('')


@pytest.mark.parametrize('answer', [
    [{'id': TEAM_A, 'name': 'Core', 'description': ''}, {'id': TEAM_B, 'name': 'Platform', 'description': ''}],
    {'teams': [{'id': TEAM_A, 'name': 'Core'}, {'id': TEAM_B, 'name': 'Platform'}]},
])
def test_list_and_resolve_teams(answer):
    adapter, session, dummy = make(auth_calls() + [get(ORG_BASE + '/teams', answer)])
    assert adapter.resolve_team('core') == {'id': TEAM_A, 'name': 'Core'}
    assert adapter.resolve_team(TEAM_B) == {'id': TEAM_B, 'name': 'Platform'}
    with pytest.raises(ValidationError) as info:
        adapter.resolve_team('Security', field='invites[1].teams[0].team')
    assert info.value.field == 'invites[1].teams[0].team'
    assert str(info.value) == "cybedefend: invites[1].teams[0].team: 'Security' is not a team of this organisation; teams: Core, Platform"
    session.assert_done()  # teams read once


def test_ambiguous_team_name_asks_for_the_id():
    answer = {'teams': [{'id': TEAM_A, 'name': 'Core'}, {'id': TEAM_B, 'name': 'CORE'}]}
    adapter, dummy, dummy2 = make(auth_calls() + [get(ORG_BASE + '/teams', answer)])
    with pytest.raises(ValidationError) as info:
        adapter.resolve_team('core')
    assert 'names 2 teams' in str(info.value) and TEAM_A in str(info.value)


def test_unexpected_team_list_shape_is_an_error():
    adapter, dummy, dummy2 = make(auth_calls() + [get(ORG_BASE + '/teams', {'data': []})])
    with pytest.raises(ApiError) as info:
        adapter.list_teams()
    assert 'expected a list or an object with "teams"' in str(info.value)


# Reads


def invitation(n, status='PENDING', role='member', email=None):
    return {'id': iid(n), 'token': '%s-%d' % (INVITE_TOKEN, n), 'email': email or 'user%d@example.com' % n, 'status': status,
            'organizationId': ORG, 'organizationName': 'Acme', 'organizationRole': role, 'expiresAt': '2026-12-01T10:00:00.000Z'}


def test_list_invites_pages_until_a_short_page_and_drops_tokens():
    page1 = {'organizationId': ORG, 'invitations': [invitation(n) for n in range(1, 21)]}
    page2 = {'organizationId': ORG, 'invitations': [invitation(21, status='pending', role='Manager'), invitation(22, status='Expired'),
                                                    invitation(23, status='ACCEPTED')]}
    calls = auth_calls() + [get(ORG_BASE + '/invitations', page1, query=page_query(1)),
                            get(ORG_BASE + '/invitations', page2, query=page_query(2))]
    adapter, session, dummy = make(calls)
    invites = adapter.list_invites()
    session.assert_done()
    assert len(invites) == 23
    assert invites[0] == {'id': iid(1), 'email': 'user1@example.com', 'role': 'member', 'role_id': 'member', 'status': 'pending',
                          'expires_at': '2026-12-01T10:00:00.000Z', 'teams': None, 'platform': 'cybedefend'}
    assert invites[20]['role'] == 'manager'
    assert [invite['status'] for invite in invites[20:]] == ['pending', 'expired', 'accepted']
    assert all('token' not in invite for invite in invites)
    assert_no_secret(invites)
    assert adapter.client.redact('x %s-7 y' % INVITE_TOKEN) == 'x ******** y'  # invitation tokens are registered secrets


def test_list_invites_bare_array_and_empty_last_page():
    calls = auth_calls() + [get(ORG_BASE + '/invitations', [invitation(n) for n in range(1, 21)], query=page_query(1)),
                            get(ORG_BASE + '/invitations', {'organizationId': ORG, 'invitations': []}, query=page_query(2))]
    adapter, session, dummy = make(calls)
    assert [invite['id'] for invite in adapter.list_invites()] == [iid(n) for n in range(1, 21)]
    session.assert_done()


def test_list_invites_refuses_a_server_that_ignores_page():
    """Before: the repeated page ended the list silently, as if complete."""
    same = {'organizationId': ORG, 'invitations': [invitation(n) for n in range(1, 21)]}
    calls = auth_calls() + [get(ORG_BASE + '/invitations', same, query=page_query(1)),
                            get(ORG_BASE + '/invitations', same, query=page_query(2))]
    adapter, session, dummy = make(calls)
    with pytest.raises(ApiError) as info:
        adapter.list_invites()
    assert str(info.value).startswith('cybedefend: GET %s/invitations failed: page 2 repeats an item already read (id %r): '
                                      'the server seems to ignore page' % (ORG_BASE, iid(1)))
    session.assert_done()


@pytest.mark.parametrize('status, words', [
    (None, "an invitation without a usable status (it is missing): check the wire key 'status'"),
    ('SENT', "an invitation with status 'SENT', a value this collection does not know (known: accepted, canceled, cancelled, "
             "expired, pending, revoked): check the wire key 'status'"),
])
def test_an_invitation_status_we_do_not_know_is_refused(status, words):
    """Before: no status counted as pending, and an unknown one made every run invite again."""
    listed = invitation(1, status=status)
    adapter, session, dummy = make(auth_calls() + [get(ORG_BASE + '/invitations', {'organizationId': ORG, 'invitations': [listed]},
                                                       query=page_query(1))])
    with pytest.raises(ApiError) as info:
        adapter.list_invites()
    assert str(info.value).startswith('cybedefend: GET /organization/{org_id}/invitations failed: ') and words in str(info.value)
    session.assert_done()


def test_list_invites_refuses_an_invitation_without_id():
    page1 = {'organizationId': ORG, 'invitations': [invitation(1), dict(invitation(2), id=None)]}
    adapter, session, dummy = make(auth_calls() + [get(ORG_BASE + '/invitations', page1, query=page_query(1))])
    with pytest.raises(ApiError) as info:
        adapter.list_invites()
    assert "an item on page 1 without a usable id (it is missing): check the wire key 'id'" in str(info.value)
    session.assert_done()


def user(n, role='member', **extra):
    item = {'id': uid(n), 'email': 'User%d@Example.com' % n, 'role': role}
    item.update(extra)
    return item


def test_list_members_pages_by_total_pages_and_reads_both_name_shapes():
    page1 = {'users': [user(n, name='User %d' % n) for n in range(1, 21)], 'totalUsers': 22, 'totalPages': 2}
    page2 = {'users': [user(21, role='ADMINISTRATOR', firstName='Ada', lastName='Lovelace', picture=''), user(22, firstName='Solo')],
             'totalUsers': 22, 'totalPages': 2, 'totalAdministrators': 1}
    calls = auth_calls() + [get(ORG_BASE + '/members', page1, query=page_query(1)), get(ORG_BASE + '/members', page2, query=page_query(2))]
    adapter, session, dummy = make(calls)
    members = adapter.list_members()
    session.assert_done()
    assert len(members) == 22
    assert members[0] == {'id': uid(1), 'membership_id': uid(1), 'email': 'User1@Example.com', 'name': 'User 1', 'role': 'member',
                          'role_id': 'member', 'enabled': None, 'teams': None, 'platform': 'cybedefend'}
    assert (members[20]['name'], members[20]['role']) == ('Ada Lovelace', 'administrator')
    assert members[21]['name'] == 'Solo'


def test_list_members_stops_at_total_pages_even_on_a_full_page():
    page = {'users': [user(n) for n in range(1, 21)], 'totalUsers': 20, 'totalPages': 1}
    adapter, session, dummy = make(auth_calls() + [get(ORG_BASE + '/members', page, query=page_query(1))])
    assert len(adapter.list_members()) == 20
    session.assert_done()


def test_list_members_without_total_pages_pages_to_an_empty_page():
    calls = auth_calls() + [get(ORG_BASE + '/members', [user(n) for n in range(1, 21)], query=page_query(1)),
                            get(ORG_BASE + '/members', {'users': [], 'totalUsers': 20}, query=page_query(2))]
    adapter, session, dummy = make(calls)
    assert len(adapter.list_members()) == 20
    session.assert_done()


def test_a_short_page_before_total_pages_is_not_the_end():
    """Before: a short page ended the list before totalPages was consulted."""
    page1 = {'users': [user(n) for n in range(1, 11)], 'totalUsers': 15, 'totalPages': 2}
    page2 = {'users': [user(n) for n in range(11, 16)], 'totalUsers': 15, 'totalPages': 2}
    calls = auth_calls() + [get(ORG_BASE + '/members', page1, query=page_query(1)), get(ORG_BASE + '/members', page2, query=page_query(2))]
    adapter, session, dummy = make(calls)
    assert [member['id'] for member in adapter.list_members()] == [uid(n) for n in range(1, 16)]
    session.assert_done()


@pytest.mark.parametrize('pages, words', [
    ([{'users': [user(n) for n in range(1, 21)], 'totalPages': 3}, {'users': [], 'totalPages': 3}],
     'page 2 is empty, but the answer announced totalPages 3'),
    ([{'users': [user(1)], 'totalUsers': 0, 'totalPages': 0}], 'page 1 holds items, but the answer announced totalPages 0'),
])
def test_a_total_pages_that_disagrees_with_the_pages_is_an_error(pages, words):
    calls = auth_calls() + [get(ORG_BASE + '/members', body, query=page_query(number)) for number, body in enumerate(pages, 1)]
    adapter, session, dummy = make(calls)
    with pytest.raises(ApiError) as info:
        adapter.list_members()
    assert words in str(info.value) and 'GET %s/members' % ORG_BASE in str(info.value)
    session.assert_done()


def test_writes_refuse_a_record_without_id_and_send_nothing():
    """Before: the DELETE went to .../None (or sent userId null), got 404 and counted as done, every run."""
    adapter, session, dummy = make([])
    with pytest.raises(ApiError) as info:
        adapter.cancel_invite({'id': None, 'email': 'ann@example.com'})
    assert str(info.value) == ('cybedefend: DELETE /organization/{org_id}/invitation/{invitation_id} failed: refused: the '
                               'invitation for ann@example.com has no id, so the request would not name it')
    with pytest.raises(ApiError):
        adapter.remove_member({'id': None, 'email': 'ann@example.com'})
    with pytest.raises(ApiError):
        adapter.update_member({'id': None, 'email': 'ann@example.com'}, role='member')
    with pytest.raises(ApiError):
        adapter.set_team_membership(TEAM_A, None)
    assert session.sent == []


def test_member_teams_reads_every_team_to_the_end():
    teams = {'teams': [{'id': TEAM_A, 'name': 'Core'}, {'id': TEAM_B, 'name': 'Platform'}]}
    a1 = {'users': [user(n, role='developer') for n in range(1, 21)], 'totalUsers': 21, 'totalPages': 2}
    a2 = {'users': [user(21, role='Team_Manager')], 'totalUsers': 21, 'totalPages': 2}
    b1 = {'users': [user(1, role='read_only')], 'totalUsers': 1, 'totalPages': 1}
    calls = auth_calls() + [get(ORG_BASE + '/teams', teams),
                            get('/team/%s/members' % TEAM_A, a1, query=page_query(1)),
                            get('/team/%s/members' % TEAM_A, a2, query=page_query(2)),
                            get('/team/%s/members' % TEAM_B, b1, query=page_query(1))]
    adapter, session, dummy = make(calls)
    result = adapter.member_teams()
    session.assert_done()
    assert len(result) == 21
    assert result[uid(1)] == [{'team_id': TEAM_A, 'team': 'Core', 'role': 'developer'},
                              {'team_id': TEAM_B, 'team': 'Platform', 'role': 'read_only'}]
    assert result[uid(21)] == [{'team_id': TEAM_A, 'team': 'Core', 'role': 'team_manager'}]


@pytest.mark.parametrize('body, text', [
    ({'timestamp': '2026-01-01T00:00:00Z', 'service': 'OrganizationService', 'method': 'getMembers',
      'message': 'Organization not found', 'code': 400}, 'returned HTTP 400: Organization not found'),
    ({'message': ['page must not be less than 1', 'pageSize must not be greater than 20'], 'error': 'Bad Request', 'statusCode': 400},
     'returned HTTP 400: page must not be less than 1; pageSize must not be greater than 20'),
    ({'message': 'Forbidden resource', 'statusCode': 403, 'timestamp': '2026-01-01T00:00:00Z', 'path': '/x'}, 'Forbidden resource'),
])
def test_error_bodies_give_the_vendor_message(body, text):
    status = body.get('code') or body.get('statusCode')
    adapter, session, dummy = make(auth_calls() + [get(ORG_BASE + '/members', body, query=page_query(1), status=status)])
    with pytest.raises(ApiError) as info:
        adapter.list_members()
    assert str(info.value).startswith('cybedefend: GET %s/members returned HTTP %d' % (ORG_BASE, status))
    assert text in str(info.value)
    assert_no_secret(str(info.value))


# Writes


def invite_item(email, role='member', teams=None):
    return {'email': email, 'role': {'id': role, 'name': role}, 'teams': teams}


def test_create_invites_bodies_and_records():
    teams = [{'team_id': TEAM_A, 'team': 'Core', 'role': 'developer'}, {'team_id': TEAM_B, 'team': 'Platform', 'role': 'Team_Manager'}]
    items = [invite_item('dev@example.com', 'member', teams), invite_item('boss@example.com', 'manager'), invite_item('ops@example.com')]
    calls = auth_calls() + [
        Call('POST', ORG_BASE + '/invite', status=201, body=invitation(1, email='dev@example.com'), request_headers=BEARER1,
             json={'email': 'dev@example.com', 'role': 'member',
                   'teamAssignments': [{'teamId': TEAM_A, 'role': 'developer'}, {'teamId': TEAM_B, 'role': 'team_manager'}]}),
        Call('POST', ORG_BASE + '/invite', status=201, body=invitation(2, email='boss@example.com', role='manager'), request_headers=BEARER1,
             json={'email': 'boss@example.com', 'role': 'manager'}),
        Call('POST', ORG_BASE + '/invite', status=200, request_headers=BEARER1, json={'email': 'ops@example.com', 'role': 'member'}),
    ]
    adapter, session, sent = make(calls, concurrency=1)
    results = adapter.create_invites(items)
    session.assert_done()
    assert [item for item, dummy in results] == items
    records = [record for dummy, record in results]
    assert records[0] == {'id': iid(1), 'email': 'dev@example.com', 'role': 'member', 'role_id': 'member', 'status': 'pending',
                          'expires_at': '2026-12-01T10:00:00.000Z', 'platform': 'cybedefend',
                          'teams': [{'team_id': TEAM_A, 'team': 'Core', 'role': 'developer'},
                                    {'team_id': TEAM_B, 'team': 'Platform', 'role': 'team_manager'}]}
    assert (records[1]['id'], records[1]['role'], records[1]['teams']) == (iid(2), 'manager', None)
    # any 2xx is success; without an invitation in the answer the record holds what was sent
    assert records[2] == {'id': None, 'email': 'ops@example.com', 'role': 'member', 'role_id': 'member', 'status': 'pending',
                          'expires_at': None, 'teams': None, 'platform': 'cybedefend'}
    assert_no_secret(results)
    assert 'teamAssignments' not in sent[3]['json']
    assert len(session.writes()) == 4  # the token exchange and three invites


def test_create_invites_run_concurrently_and_keep_input_order():
    emails = ['u%d@example.com' % n for n in range(6)]
    calls = auth_calls() + [Call('POST', ORG_BASE + '/invite', status=201, request_headers=BEARER1) for dummy in emails]
    adapter, session, sent = make(calls, ordered=False, concurrency=3)
    results = adapter.create_invites([invite_item(email) for email in emails])
    session.assert_done()  # one discovery and one token exchange shared by the threads
    assert [record['email'] for dummy, record in results] == emails
    assert sorted(entry['json']['email'] for entry in sent if entry['json']) == sorted(emails)


def test_create_invites_failures_stay_per_item_and_unknown_outcomes_are_not_retried():
    items = [invite_item('a@example.com'), invite_item('b@example.com'), invite_item('c@example.com')]
    calls = auth_calls() + [
        Call('POST', ORG_BASE + '/invite', status=201, body=invitation(1, email='a@example.com'), json={'email': 'a@example.com', 'role': 'member'}),
        Call('POST', ORG_BASE + '/invite', status=400, json={'email': 'b@example.com', 'role': 'member'},
             body={'timestamp': 't', 'service': 'OrganizationService', 'method': 'invite', 'message': 'User already invited', 'code': 400}),
        Call('POST', ORG_BASE + '/invite', status=502, json={'email': 'c@example.com', 'role': 'member'}, body={'message': 'Bad Gateway'}),
    ]
    adapter, session, dummy = make(calls, concurrency=1)
    results = adapter.create_invites(items)
    session.assert_done()  # exactly one POST each: the 502 was not retried
    assert results[0][1]['id'] == iid(1)
    assert isinstance(results[1][1], ApiError) and not isinstance(results[1][1], OutcomeUnknown)
    assert str(results[1][1]) == 'cybedefend: POST %s/invite returned HTTP 400: User already invited' % ORG_BASE
    assert isinstance(results[2][1], OutcomeUnknown)
    assert_no_secret(results, [str(result) for dummy, result in results])


def test_create_invites_with_an_unknown_team_role_sends_nothing():
    items = [invite_item('a@example.com', teams=[{'team_id': TEAM_A, 'team': 'Core', 'role': 'owner'}])]
    adapter, session, dummy = make([])
    results = adapter.create_invites(items)
    assert isinstance(results[0][1], ValidationError)
    assert session.seen == []


@pytest.mark.parametrize('status', [200, 404])
def test_cancel_invite_and_404_is_done(status):
    body = invitation(1, status='CANCELLED') if status == 200 else {'message': 'Invitation not found', 'statusCode': 404}
    calls = auth_calls() + [Call('DELETE', ORG_BASE + '/invitation/' + INV_1, status=status, body=body, request_headers=BEARER1)]
    adapter, session, dummy = make(calls)
    assert adapter.cancel_invite({'id': INV_1, 'email': 'user1@example.com'}) is None
    session.assert_done()


def test_cancel_invite_400_is_an_error():
    # The spec documents no "already cancelled" answer, so a 400 is not read as done.
    body = {'timestamp': 't', 'service': 'OrganizationService', 'method': 'cancel', 'message': 'Invitation is not pending', 'code': 400}
    calls = auth_calls() + [Call('DELETE', ORG_BASE + '/invitation/' + INV_1, status=400, body=body)]
    adapter, session, dummy = make(calls)
    with pytest.raises(ApiError) as info:
        adapter.cancel_invite({'id': INV_1})
    assert info.value.status == 400 and 'Invitation is not pending' in str(info.value)


def test_update_member_role():
    member = {'id': USER_1, 'membership_id': USER_1, 'email': 'a@example.com', 'name': None, 'role': 'member', 'role_id': 'member',
              'enabled': None, 'teams': None, 'platform': 'cybedefend'}
    calls = auth_calls() + [Call('PUT', ORG_BASE + '/member/role', body={'message': 'Role updated'}, request_headers=BEARER1,
                                 json={'userId': USER_1, 'role': 'billing_manager'})]
    adapter, session, dummy = make(calls)
    updated = adapter.update_member(member, role={'id': 'billing_manager', 'name': 'billing_manager'})
    session.assert_done()
    assert (updated['role'], updated['role_id']) == ('billing_manager', 'billing_manager')
    assert member['role'] == 'member'  # the caller's record is left alone
    assert adapter.update_member(member) == member


def test_update_member_role_change_is_retried_as_idempotent():
    calls = auth_calls() + [Call('PUT', ORG_BASE + '/member/role', status=503, body={'message': 'busy'}),
                            Call('PUT', ORG_BASE + '/member/role', json={'userId': USER_1, 'role': 'manager'})]
    adapter, session, dummy = make(calls)
    assert adapter.update_member({'id': USER_1}, role='Manager')['role_id'] == 'manager'
    session.assert_done()


@pytest.mark.parametrize('status', [200, 404])
def test_remove_member_sends_a_delete_body(status):
    calls = auth_calls() + [Call('DELETE', ORG_BASE + '/member', status=status, body={'message': 'Member removed'}, request_headers=BEARER1,
                                 json={'userId': USER_2})]
    adapter, session, dummy = make(calls)
    assert adapter.remove_member({'id': USER_2, 'email': 'b@example.com'}) is None
    session.assert_done()


def test_set_team_membership_add_change_remove():
    calls = auth_calls() + [
        Call('POST', '/team/%s/member' % TEAM_A, body={'message': 'ok'}, json={'userId': USER_1, 'role': 'developer'}, request_headers=BEARER1),
        Call('PUT', '/team/%s/member/role' % TEAM_A, body={'success': True}, json={'userId': USER_1, 'role': 'team_manager'}),
        Call('DELETE', '/team/%s/member' % TEAM_A, body={'success': True}, json={'userId': USER_1}),
        Call('DELETE', '/team/%s/member' % TEAM_B, status=404, body={'message': 'Not Found'}, json={'userId': USER_1}),
    ]
    adapter, session, dummy = make(calls)
    adapter.set_team_membership(TEAM_A, USER_1, role='developer')
    adapter.set_team_membership(TEAM_A, USER_1, role='Team_Manager', current_role='developer')
    adapter.set_team_membership(TEAM_A, USER_1, role='developer', current_role='Developer')  # nothing to do: no request
    adapter.set_team_membership(TEAM_A, USER_1, role=None, current_role='team_manager')
    adapter.set_team_membership(TEAM_B, USER_1, role=None, current_role='read_only')
    session.assert_done()


def test_set_team_membership_add_is_a_create():
    calls = auth_calls() + [Call('POST', '/team/%s/member' % TEAM_A, status=504, body={'message': 'Gateway Timeout'})]
    adapter, session, dummy = make(calls)
    with pytest.raises(OutcomeUnknown):
        adapter.set_team_membership(TEAM_A, USER_1, role='read_only')
    session.assert_done()
    with pytest.raises(ValidationError) as info:
        adapter.set_team_membership(TEAM_A, USER_1, role='owner')
    assert info.value.field == 'role'


def test_secrets_never_leak_through_errors_or_records():
    calls = auth_calls() + [
        get(ORG_BASE + '/invitations', {'organizationId': ORG, 'invitations': [invitation(1)]}, query=page_query(1)),
        Call('POST', ORG_BASE + '/invite', status=400,
             body={'message': 'token %s-1 for pat %s with bearer %s refused' % (INVITE_TOKEN, PAT, ACCESS1), 'code': 400}),
    ]
    adapter, session, dummy = make(calls)
    invites = adapter.list_invites()
    results = adapter.create_invites([invite_item('x@example.com')])
    text = str(results[0][1])
    assert text.count('********') == 3
    assert_no_secret(invites, results, text)
    session.assert_done()


# The vendor's OpenAPI document: what the adapter sends must be valid there.


SPEC_FILE = 'cybedefend'
SPEC_OPERATIONS = {
    '/user/profile': ['get'],
    '/organizations': ['get'],
    '/client-apps': ['get'],
    '/organization/{organizationId}/invite': ['post'],
    '/organization/{organizationId}/invitations': ['get'],
    '/organization/{organizationId}/invitation/{invitationId}': ['delete'],
    '/organization/{organizationId}/members': ['get'],
    '/organization/{organizationId}/member/role': ['put'],
    '/organization/{organizationId}/member': ['delete'],
    '/organization/{organizationId}/teams': ['get'],
    '/team/{teamId}/members': ['get'],
    '/team/{teamId}/member': ['post', 'delete'],
    '/team/{teamId}/member/role': ['put'],
}


def fix_team_members_page(sliced):
    """Generator bug: `page` of GET /team/{teamId}/members is typed as a $ref to the body DTO
    TeamGetMembersBodyDto; it is a number >= 1 like on every other list (the CLI sends it so)."""
    page = [param for param in sliced['paths']['/team/{teamId}/members']['get']['parameters'] if param['name'] == 'page'][0]
    assert page['schema'] == {'$ref': '#/components/schemas/TeamGetMembersBodyDto'}, 'the spec changed: review the workaround'
    page['schema'] = {'type': 'number', 'minimum': 1}


@pytest.fixture
def spec():
    """The operations this adapter uses, cut out of the vendor document (built once per process)."""
    return vendor_spec(SPEC_FILE, SPEC_OPERATIONS, patch=fix_team_members_page)


def check_request(spec, entry):
    """Validate one sent request (a ``ScriptedSession.sent`` entry) against the vendor document."""
    assert entry['url'].startswith(API_US), entry['url']
    spec.validate_request(**entry)
    body = entry['json']
    if body is not None:
        # The document does not forbid extra keys, NestJS whitelisting might: send only declared ones.
        path = entry['url'][len(API_US):]
        for template, methods in spec.document['paths'].items():
            operation = methods.get(entry['method'].lower())
            if operation and 'requestBody' in operation and _matches(template, path):
                ref = operation['requestBody']['content']['application/json']['schema']['$ref']
                declared = spec.document['components']['schemas'][ref.rsplit('/', 1)[-1]]['properties']
                assert set(body) <= set(declared), 'undeclared keys %r' % (set(body) - set(declared))


def _matches(template, path):
    parts, actual = template.split('/'), path.split('/')
    return len(parts) == len(actual) and all(p == a or p.startswith('{') for p, a in zip(parts, actual))


def api_requests(sent):
    return [entry for entry in sent if entry['url'].startswith(API_US)]


def test_spec_every_request_the_adapter_sends(spec):
    teams = {'teams': [{'id': TEAM_A, 'name': 'Core'}]}
    calls = auth_calls() + [
        get('/user/profile', {'id': USER_1, 'email': 'a@example.com'}),
        get(ORG_BASE + '/invitations', {'organizationId': ORG, 'invitations': [invitation(n) for n in range(1, 21)]}, query=page_query(1)),
        get(ORG_BASE + '/invitations', {'organizationId': ORG, 'invitations': []}, query=page_query(2)),
        get(ORG_BASE + '/members', {'users': [user(1)], 'totalUsers': 1, 'totalPages': 1}, query=page_query(1)),
        get(ORG_BASE + '/teams', teams),
        get('/team/%s/members' % TEAM_A, {'users': [user(1, role='developer')], 'totalUsers': 1, 'totalPages': 1}, query=page_query(1)),
        Call('POST', ORG_BASE + '/invite', status=201, body=invitation(2)),
        Call('POST', ORG_BASE + '/invite', status=201, body=invitation(3)),
        Call('DELETE', ORG_BASE + '/invitation/' + iid(2), body=invitation(2)),
        Call('PUT', ORG_BASE + '/member/role', body={'message': 'ok'}),
        Call('DELETE', ORG_BASE + '/member', body={'message': 'ok'}),
        Call('POST', '/team/%s/member' % TEAM_A, body={'message': 'ok'}),
        Call('PUT', '/team/%s/member/role' % TEAM_A, body={'success': True}),
        Call('DELETE', '/team/%s/member' % TEAM_A, body={'success': True}),
    ]
    adapter, session, sent = make(calls, concurrency=1)
    adapter.whoami()
    adapter.list_invites()
    adapter.list_members()
    adapter.member_teams()
    results = adapter.create_invites([
        invite_item('user2@example.com', 'administrator', [{'team_id': TEAM_A, 'team': 'Core', 'role': 'analyst_developer'}]),
        invite_item('user3@example.com', 'billing_manager'),
    ])
    assert [record['id'] for dummy, record in results] == [iid(2), iid(3)]
    adapter.cancel_invite({'id': iid(2)})
    adapter.update_member({'id': USER_1}, role='manager')
    adapter.remove_member({'id': USER_1})
    adapter.set_team_membership(TEAM_A, USER_2, role='read_only')
    adapter.set_team_membership(TEAM_A, USER_2, role='developer', current_role='read_only')
    adapter.set_team_membership(TEAM_A, USER_2)
    session.assert_done()
    checked = api_requests(sent)
    assert len(checked) == 15  # client-apps and the 14 calls above; the token exchange goes to the auth host
    for entry in checked:
        check_request(spec, entry)


@pytest.mark.parametrize('body, error', [
    ({'email': 'a@example.com', 'role': 'owner'}, "'owner' is not one of"),
    ({'email': 'a@example.com', 'role': 'member', 'teamAssignments': [{'teamId': TEAM_A, 'role': 'integration_manager'}]}, 'is not one of'),
    ({'email': 'a@example.com', 'role': 'member', 'teamAssignments': [{'teamId': 'Core', 'role': 'developer'}]}, "is not a 'uuid'"),
    ({'role': 'member'}, "'email' is a required property"),
])
def test_spec_check_can_fail_on_bodies(spec, body, error):
    from openapi_core.validation.request.exceptions import InvalidRequestBody
    entry = {'method': 'POST', 'url': API_US + ORG_BASE + '/invite', 'params': {}, 'json': body}
    with pytest.raises(InvalidRequestBody) as info:
        check_request(spec, entry)
    assert error in repr(info.value.__cause__.schema_errors)


@pytest.mark.parametrize('entry', [
    {'method': 'GET', 'url': API_US + '/team/%s/members' % TEAM_A, 'params': {'page': 1, 'pageSize': 50}, 'json': None},
    {'method': 'GET', 'url': API_US + ORG_BASE + '/invitations', 'params': {'pageSize': 20}, 'json': None},
    {'method': 'DELETE', 'url': API_US + ORG_BASE + '/member', 'params': {}, 'json': {'userId': 'someone@example.com'}},
    {'method': 'PUT', 'url': API_US + ORG_BASE + '/member/role', 'params': {}, 'json': {'userId': USER_1, 'role': 'team_manager'}},
])
def test_spec_check_can_fail_on_parameters_and_other_bodies(spec, entry):
    from openapi_core.validation.request.exceptions import RequestValidationError
    with pytest.raises(RequestValidationError):
        check_request(spec, entry)


def test_spec_check_refuses_undeclared_body_keys(spec):
    entry = {'method': 'DELETE', 'url': API_US + ORG_BASE + '/member', 'params': {}, 'json': {'userId': USER_1, 'confirm': True}}
    with pytest.raises(AssertionError) as info:
        check_request(spec, entry)
    assert 'confirm' in str(info.value)


def test_spec_tables_match_the_document(spec):
    document = spec.document
    schemas = document['components']['schemas']
    assert tuple(schemas['OrganizationInviteBodyDto']['properties']['role']['enum']) == cd.ORG_ROLES
    assert tuple(schemas['OrganizationUpdateRoleBodyDto']['properties']['role']['enum']) == cd.ORG_ROLES
    for name in ('TeamAssignmentDto', 'TeamAddMemberBodyDto', 'UpdateTeamRoleBodyDto'):
        assert tuple(schemas[name]['properties']['role']['enum']) == cd.TEAM_ROLES
    for path in cd.PATHS.values():
        if path != cd.PATHS['token']:
            template = path.replace('{org_id}', '{organizationId}').replace('{invitation_id}', '{invitationId}').replace('{team_id}', '{teamId}')
            assert template in document['paths'], path
    invite = schemas['OrganizationInviteResponseDto']['properties']
    for key in ('id', 'email', 'status', 'invite_role', 'expires_at', 'invite_token'):
        assert cd.ANSWER[key] in invite, key
    assert cd.ANSWER['invitations'] in schemas['GetOrganizationInvitationsResponseDto']['properties']
    assert {cd.ANSWER['users'], cd.ANSWER['total_pages']} <= set(schemas['PaginatedUsersResponseDto']['properties'])
    assert cd.ANSWER['team_name'] in schemas['TeamInformationsResponseDto']['properties']
    assert schemas['ClientAppsResponseDto']['properties'][cd.ANSWER['client_apps_cli']] == {'$ref': '#/components/schemas/AppEntryDto'}
    assert cd.ANSWER['app_id'] in schemas['AppEntryDto']['properties']
    page_size = document['paths']['/organization/{organizationId}/invitations']['get']['parameters'][2]
    assert page_size['name'] == cd.QUERY['page_size'] and page_size['schema']['maximum'] == cd.PAGE_SIZE
    assert sorted(server['url'] for server in document['servers']) == sorted(region['api_url'] for region in cd.REGIONS.values())
