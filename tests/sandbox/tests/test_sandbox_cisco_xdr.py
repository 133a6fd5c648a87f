# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cisco XDR (IROH) emulation over real HTTP: token, whoami, invites, users, paging."""

from __future__ import annotations

from urllib.parse import quote

from sandbox_vendors import CISCO_OWNER, hits

from orgaccess_sandbox.emulation import parse_time, utcnow


def test_token_and_whoami(cisco):
    answer = cisco.token()
    assert answer.status_code == 200
    body = answer.json()
    assert body['token_type'] == 'bearer' and body['expires_in'] == 600 and body['access_token']
    assert answer.headers['X-Ratelimit-Org-Limit'] == '8000'
    whoami = cisco.call('GET', '/iroh/profile/whoami').json()
    assert whoami == {'user': {'user-id': CISCO_OWNER, 'user-email': 'owner@example.com', 'user-name': 'Sandbox Owner', 'role': 'admin',
                               'enabled?': True},
                      'org': {'id': 'sandbox-org', 'name': 'Sandbox Org'}}


def test_bad_credentials_and_missing_token(cisco):
    answer = cisco.token(secret='wrong')
    assert answer.status_code == 401
    assert answer.json()['error'] == 'invalid_client'
    assert set(answer.json()) == {'error', 'error_description', 'trace_id'}
    assert cisco.token(grant_type='password').json()['error'] == 'unsupported_grant_type'
    anonymous = cisco.http.get(cisco.base + '/iroh/profile/whoami')
    assert anonymous.status_code == 401
    assert anonymous.headers['X-Ratelimit-Org-Limit'] == '8000'


def test_available_roles(cisco):
    assert cisco.call('GET', '/iroh/invite/available-roles').json() == ['admin', 'user']


def test_invite_delete_and_renew(cisco, admin):
    created = cisco.invite('New.Person@example.com', 'user')
    assert created.status_code == 201
    invite = created.json()
    assert set(invite) == {'invite-id', 'email', 'role', 'status', 'created-at', 'expires-at'}
    assert invite['status'] == 'pending' and invite['role'] == 'user'
    lifetime = parse_time(invite['expires-at']) - parse_time(invite['created-at'])
    assert lifetime.days == 7
    admin.seed_invites('cisco_xdr', [{'email': 'old@example.com', 'role': 'admin', 'status': 'expired'}])
    old = [item for item in admin.state('cisco_xdr')['invites'] if item['email'] == 'old@example.com'][0]
    assert old['status'] == 'expired'
    renewed = cisco.call('POST', '/iroh/invite/invites/%s/renew' % old['invite-id'])
    assert renewed.status_code == 200
    assert renewed.json()['status'] == 'pending'
    assert (parse_time(renewed.json()['expires-at']) - utcnow()).days == 6  # 7 days minus the test's few ms
    assert cisco.call('DELETE', '/iroh/invite/invites/' + invite['invite-id']).status_code == 204
    gone = cisco.call('DELETE', '/iroh/invite/invites/' + invite['invite-id'])
    assert gone.status_code == 404 and gone.json()['error'] == 'not_found'
    assert cisco.call('POST', '/iroh/invite/invites/%s/renew' % invite['invite-id']).status_code == 404


def test_invite_refusals(cisco):
    assert cisco.invite('someone@example.com', 'superuser').status_code == 400
    extra = cisco.call('POST', '/iroh/invite/invites', json={'email': 'x@example.com', 'role': 'user', 'name': 'X'})
    assert extra.status_code == 400 and 'name' in extra.json()['error_description']
    member = cisco.invite('OWNER@example.com', 'user')
    assert member.status_code == 400 and member.json()['error'] == 'invalid_request'
    assert cisco.invite('twice@example.com').status_code == 201
    assert cisco.invite('twice@example.com').status_code == 400
    not_json = cisco.call('POST', '/iroh/invite/invites', data='email=x', headers={'Content-Type': 'application/x-www-form-urlencoded'})
    assert not_json.status_code == 400


def test_batch_send_or_renew(cisco, admin):
    first = cisco.invite('a@example.com', 'user').json()
    batch = [{'email': 'b@example.com', 'role': 'admin'}, {'email': 'a@example.com', 'role': 'admin'}]
    answer = cisco.call('POST', '/iroh/invite/batch/invites', json=batch)
    assert answer.status_code == 200
    items = answer.json()
    assert [item['email'] for item in items] == ['b@example.com', 'a@example.com']
    assert items[1]['invite-id'] == first['invite-id']
    assert items[1]['role'] == 'user'  # renewing keeps the role (cisco_batch_changes_role is false)
    assert len(admin.state('cisco_xdr')['invites']) == 2
    too_many = cisco.call('POST', '/iroh/invite/batch/invites', json=[{'email': 'p%d@example.com' % n, 'role': 'user'} for n in range(101)])
    assert too_many.status_code == 400
    assert cisco.call('POST', '/iroh/invite/batch/invites', json={'email': 'c@example.com'}).status_code == 400
    half_bad = [{'email': 'c@example.com', 'role': 'user'}, {'email': 'd@example.com', 'role': 'nope'}]
    half_bad = cisco.call('POST', '/iroh/invite/batch/invites', json=half_bad)
    assert half_bad.status_code == 400
    with_member = [{'email': 'c@example.com', 'role': 'user'}, {'email': 'owner@example.com', 'role': 'user'}]
    with_member = cisco.call('POST', '/iroh/invite/batch/invites', json=with_member)
    assert with_member.status_code == 400 and 'owner@example.com' in with_member.json()['error_description']
    assert len(admin.state('cisco_xdr')['invites']) == 2  # a refused batch changes nothing


def test_search_invites_paging_and_cap_wrapped_by_default(cisco, admin):
    admin.seed_invites('cisco_xdr', [{'email': 'p%02d@example.com' % n} for n in range(60)])
    first = cisco.search_invites(offset=0, limit=100)
    assert first.status_code == 200
    assert len(hits(first)) == 50  # silently capped at cisco_search_limit_cap
    assert first.json()['paging'] == {'total-hits': 60, 'next': {'limit': 50, 'offset': 50}}
    rest = cisco.search_invites(offset=50, limit=100)
    assert [item['email'] for item in hits(rest)] == ['p%02d@example.com' % n for n in range(50, 60)]
    assert rest.json()['paging'] == {'total-hits': 60, 'previous': {'limit': 50, 'offset': 0}}
    assert hits(cisco.search_invites(offset=60, limit=100)) == []


def test_search_invites_as_a_bare_array(cisco, admin):
    admin.seed_invites('cisco_xdr', [{'email': 'p%02d@example.com' % n} for n in range(60)])
    admin.configure(cisco_search_shape='array')
    first = cisco.search_invites(offset=0, limit=100)
    assert len(first.json()) == 50 and first.headers['X-Total-Hits'] == '60'
    assert [item['email'] for item in cisco.search_invites(offset=50, limit=100).json()] == ['p%02d@example.com' % n for n in range(50, 60)]
    assert cisco.search_invites(limit=0).status_code == 400
    not_object = cisco.call('POST', '/iroh/invite/search/invites', json=[])
    assert not_object.status_code == 400


def test_users_get_change_batch_and_search(cisco, admin):
    seeded = admin.seed_members('cisco_xdr', [{'email': 'dev@example.com', 'name': 'Dev One', 'role': 'user'}])
    user_id = seeded[0]['user-id']
    assert user_id.startswith('idb-amp:')
    encoded = '/iroh/user-mgmt/users/' + quote(user_id, safe='')
    assert '%3A' in encoded
    user = cisco.call('GET', encoded).json()
    assert user == {'user-id': user_id, 'user-email': 'dev@example.com', 'user-name': 'Dev One', 'role': 'user',
                    'enabled?': True, 'org-id': 'sandbox-org'}
    changed = cisco.call('POST', encoded, json={'role': 'admin', 'enabled?': False})
    assert changed.status_code == 200 and changed.json()['role'] == 'admin' and changed.json()['enabled?'] is False
    assert cisco.call('POST', encoded, json={'role': 'god'}).status_code == 400
    assert cisco.call('POST', encoded, json={'enabled?': 'no'}).status_code == 400
    assert cisco.call('GET', '/iroh/user-mgmt/users/' + quote('idb-amp:nobody', safe='')).status_code == 404
    batch = cisco.call('GET', '/iroh/user-mgmt/batch/users', params=[('id', user_id), ('id', CISCO_OWNER), ('id', 'idb-amp:x')])
    assert [item['user-id'] for item in batch.json()] == [user_id, CISCO_OWNER]
    search = cisco.call('POST', '/iroh/user-mgmt/search/users', params={'offset': 1, 'limit': 10}, json={})
    assert [item['user-email'] for item in hits(search)] == ['dev@example.com']
    assert search.json()['paging']['total-hits'] == 2


def test_unknown_user_keys_are_a_disallowed_key_as_iroh_answers(cisco, admin):
    user_id = admin.seed_members('cisco_xdr', [{'email': 'dev@example.com', 'role': 'user'}])[0]['user-id']
    encoded = '/iroh/user-mgmt/users/' + quote(user_id, safe='')
    refused = cisco.call('POST', encoded, json={'enabled': False, 'email': 'x@example.com'})
    assert refused.status_code == 400
    assert refused.json() == {'errors': {'email': 'disallowed-key', 'enabled': 'disallowed-key'}}
    assert admin.state('cisco_xdr')['users'][-1]['enabled?'] is True
    assert admin.writes('cisco_xdr') == 0
    assert cisco.call('GET', '/iroh/profile/whoami').json()['user']['enabled?'] is True


def test_accept_turns_invite_into_user(cisco, admin):
    cisco.invite('joiner@example.com', 'admin')
    member = admin.accept('cisco_xdr', 'joiner@example.com')
    assert member['role'] == 'admin' and member['enabled?'] is True
    invites = admin.state('cisco_xdr')['invites']
    assert [item['status'] for item in invites] == ['accepted']
    # the invite became a user: inviting again is refused, and the search shows the accepted invite
    assert cisco.invite('joiner@example.com').status_code == 400
    assert [item['status'] for item in hits(cisco.search_invites())] == ['accepted']
