# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Snyk emulation over real HTTP: auth, version, media type, invites, memberships, paging, v1 roles."""

from __future__ import annotations

import uuid

import pytest

from sandbox_vendors import SNYK_GROUP, SNYK_ORG, SNYK_ROLES

NOT_CONFORMING = 'Client request did not conform to OpenAPI specification'


def _error(answer):
    body = answer.json()
    assert body['jsonapi'] == {'version': '1.0'}
    assert answer.headers['Content-Type'] == 'application/vnd.api+json'
    return body['errors'][0]


def test_self_org_and_headers(snyk):
    me = snyk.call('GET', '/rest/self')
    assert me.status_code == 200
    assert me.headers['Content-Type'] == 'application/vnd.api+json'
    assert uuid.UUID(me.headers['snyk-request-id'])
    assert me.headers['snyk-version-requested'] == '2024-10-15'
    assert me.headers['snyk-version-served'] == '2024-04-22'
    assert me.json()['data']['attributes']['email'] == 'owner@example.com'
    org = snyk.call('GET', '/rest/orgs/' + SNYK_ORG).json()['data']
    assert org['attributes']['group_id'] == SNYK_GROUP
    assert snyk.call('GET', '/rest/orgs/' + str(uuid.uuid4())).status_code == 404


@pytest.mark.parametrize('header', ['token sandbox-snyk-token', 'Token sandbox-snyk-token', 'bearer sandbox-snyk-token',
                                    'BEARER sandbox-snyk-token'])
def test_auth_prefix_is_case_insensitive(snyk, header):
    assert snyk.call('GET', '/rest/self', headers={'Authorization': header}).status_code == 200


@pytest.mark.parametrize('header', ['sandbox-snyk-token', 'token wrong', 'Basic c2FuZGJveA==', ''])
def test_bad_auth_is_401(snyk, header):
    answer = snyk.call('GET', '/rest/self', headers={'Authorization': header})
    assert answer.status_code == 401
    assert _error(answer)['status'] == '401'


def test_version_is_required_and_checked(snyk):
    missing = snyk.call('GET', '/rest/self', version=None)
    assert missing.status_code == 400
    error = _error(missing)
    assert error['detail'] == NOT_CONFORMING and error['source'] == {'parameter': 'version'}
    assert snyk.call('GET', '/rest/self', version='2024-13-45').status_code == 400
    assert snyk.call('GET', '/rest/self', version='2024-10-15~beta').status_code == 200
    too_old = snyk.call('GET', '/rest/orgs/%s/memberships' % SNYK_ORG, version='2024-01-01')
    assert too_old.status_code == 404


def test_invite_create_list_delete(snyk, admin):
    created = snyk.invite('New@example.com', 'Org Auditor')
    assert created.status_code == 201
    data = created.json()['data']
    assert data['type'] == 'org_invitation'
    assert data['attributes'] == {'email': 'New@example.com', 'is_active': True, 'role': SNYK_ROLES['Org Auditor']}
    assert created.headers['location'].endswith('/snyk/rest/orgs/%s/invites/%s' % (SNYK_ORG, data['id']))
    listed = snyk.invites().json()['data']
    assert [(item['id'], item['attributes']['role']) for item in listed] == [(data['id'], 'Org Auditor')]
    assert snyk.call('DELETE', '/rest/orgs/%s/invites/%s' % (SNYK_ORG, data['id'])).status_code == 204
    assert snyk.call('DELETE', '/rest/orgs/%s/invites/%s' % (SNYK_ORG, data['id'])).status_code == 404
    assert [item['status'] for item in admin.state('snyk')['invites']] == ['cancelled']


def test_invite_refused_the_vendor_way(snyk):
    no_version = snyk.invite('a@example.com', version=None)
    assert no_version.status_code == 400 and _error(no_version)['detail'] == NOT_CONFORMING
    wrong_type = snyk.invite('a@example.com', headers={'Content-Type': 'application/json'})
    assert wrong_type.status_code == 400 and _error(wrong_type)['detail'] == NOT_CONFORMING
    extra = snyk.call('POST', '/rest/orgs/%s/invites' % SNYK_ORG,
                      body={'data': {'type': 'org_invitation',
                                     'attributes': {'email': 'a@example.com', 'role': SNYK_ROLES['Org Admin'], 'note': 'hi'}}})
    assert extra.status_code == 400
    assert any("'note' was unexpected" in reason for reason in _error(extra)['meta']['reasons'])
    name_not_id = snyk.invite('a@example.com', role='admin')
    assert name_not_id.status_code == 400  # the document wants a role id (uuid), not a name
    unknown_role = snyk.invite('a@example.com', role=str(uuid.uuid4()))
    assert unknown_role.status_code == 400 and 'not a role' in _error(unknown_role)['detail']
    assert snyk.invite('owner@example.com').status_code == 400
    assert snyk.invite('twice@example.com').status_code == 201
    assert snyk.invite('TWICE@example.com').status_code == 400


def test_invite_paging_with_cursors(snyk, admin):
    admin.seed_invites('snyk', [{'email': 'p%02d@example.com' % n} for n in range(25)])
    first = snyk.invites(limit=10)
    assert first.status_code == 200
    page = first.json()
    assert len(page['data']) == 10
    assert page['links']['next'].startswith('/orgs/%s/invites?version=2024-10-15&limit=10&starting_after=' % SNYK_ORG)
    emails, answer = [], page
    while True:
        emails += [item['attributes']['email'] for item in answer['data']]
        if not answer['data'] or 'next' not in answer['links']:
            break
        answer = snyk.follow(answer['links']['next']).json()
    assert emails == ['p%02d@example.com' % n for n in range(25)]
    assert 'next' not in answer['links']  # the last page (5 items) is short: no next
    assert snyk.invites(limit=15).status_code == 400
    assert snyk.invites(limit=200).status_code == 400
    assert snyk.invites(starting_after='garbage').status_code == 400


def test_full_last_page_links_to_an_empty_page(snyk, admin):
    admin.seed_invites('snyk', [{'email': 'p%02d@example.com' % n} for n in range(20)])
    second = snyk.follow(snyk.invites(limit=10).json()['links']['next']).json()
    assert len(second['data']) == 10
    empty = snyk.follow(second['links']['next']).json()
    assert empty['data'] == [] and 'next' not in empty['links']
    prev = snyk.follow(second['links']['prev']).json()
    assert [item['attributes']['email'] for item in prev['data']] == ['p%02d@example.com' % n for n in range(10)]


def test_memberships_filters_sort_and_changes(snyk, admin):
    admin.seed_members('snyk', [{'email': 'zed@example.com', 'name': 'Zed', 'role': 'Org Auditor'},
                                {'email': 'amy@example.com', 'name': 'Amy', 'role': 'Org Collaborator'}])
    listed = snyk.memberships().json()['data']
    assert [item['relationships']['user']['data']['attributes']['email'] for item in listed] == [
        'owner@example.com', 'zed@example.com', 'amy@example.com']
    member = listed[1]
    assert member['type'] == 'org_membership'
    assert member['relationships']['role']['data'] == {'id': SNYK_ROLES['Org Auditor'], 'type': 'org_role',
                                                       'attributes': {'name': 'Org Auditor'}}
    assert set(member['relationships']['user']['data']['attributes']) == {'name', 'username', 'email', 'login_method'}
    by_email = snyk.memberships(email='ZED@example.com').json()['data']
    assert [item['id'] for item in by_email] == [member['id']]
    assert len(snyk.memberships(role_name='org collaborator').json()['data']) == 1
    ordered = snyk.memberships(sort_by='email', sort_order='DESC').json()['data']
    assert [item['relationships']['user']['data']['attributes']['email'] for item in ordered] == [
        'zed@example.com', 'owner@example.com', 'amy@example.com']
    path = '/rest/orgs/%s/memberships/%s' % (SNYK_ORG, member['id'])
    patch = {'data': {'type': 'org_membership', 'id': member['id'], 'attributes': {},
                      'relationships': {'role': {'data': {'type': 'org_role', 'id': SNYK_ROLES['Org Admin']}}}}}
    assert snyk.call('PATCH', path, body=patch).status_code == 204
    assert snyk.memberships(email='zed@example.com').json()['data'][0]['relationships']['role']['data']['attributes']['name'] == 'Org Admin'
    patch['data']['id'] = SNYK_ORG
    assert snyk.call('PATCH', path, body=patch).status_code == 409
    assert snyk.call('DELETE', path).status_code == 204
    assert snyk.call('DELETE', path).status_code == 404
    assert len(snyk.memberships().json()['data']) == 2


def test_v1_group_roles(snyk):
    answer = snyk.call('GET', '/v1/group/%s/roles' % SNYK_GROUP)
    assert answer.status_code == 200
    listed = dict((role['name'], role['publicId']) for role in answer.json())
    assert dict((name, listed[name]) for name in SNYK_ROLES) == SNYK_ROLES
    # The group's list also holds group-level roles, which an organisation refuses.
    assert sorted(set(listed) - set(SNYK_ROLES)) == ['Group Admin', 'Group Member', 'Group Viewer']
    body = {'data': {'type': 'org_invitation', 'attributes': {'email': 'gr@example.com', 'role': listed['Group Viewer']}}}
    assert snyk.call('POST', '/rest/orgs/%s/invites' % SNYK_ORG, body=body).status_code == 400
    assert set(answer.json()[0]) == {'name', 'description', 'publicId', 'created', 'modified'}
    assert snyk.call('GET', '/v1/group/%s/roles' % SNYK_GROUP, headers={'Authorization': 'token nope'}).status_code == 401
    assert snyk.call('GET', '/v1/group/%s/roles' % uuid.uuid4()).json()['code'] == 404


def test_accept_makes_a_member_and_deactivates_the_invite(snyk, admin):
    snyk.invite('joiner@example.com', 'Org Auditor')
    member = admin.accept('snyk', 'joiner@example.com')
    assert member['relationships']['role']['data']['attributes']['name'] == 'Org Auditor'
    listed = snyk.invites().json()['data']
    assert [item['attributes']['is_active'] for item in listed] == [False]
    assert len(snyk.memberships(email='joiner@example.com').json()['data']) == 1
