# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The behaviour switches for what the vendors leave unsaid: the non-default value of each.

The strict defaults are covered by the platform tests; here each switch is flipped and the
other plausible behaviour is checked.
"""

from __future__ import annotations

from urllib.parse import quote

from sandbox_vendors import CD_TEAMS, SNYK_ROLES, hits


def test_duplicate_invite_duplicate(admin, cisco, snyk, cybedefend):
    admin.configure(duplicate_invite='duplicate')
    assert [cisco.invite('dup@example.com').status_code for _n in range(2)] == [201, 201]
    assert [snyk.invite('dup@example.com').status_code for _n in range(2)] == [201, 201]
    assert [cybedefend.invite('dup@example.com').status_code for _n in range(2)] == [201, 201]
    state = admin.state()
    assert len(state['cisco_xdr']['invites']) == len(state['snyk']['invites']) == len(state['cybedefend']['invitations']) == 2


def test_invite_existing_member_allow(admin, cisco, snyk, cybedefend):
    admin.configure(invite_existing_member='allow')
    assert cisco.invite('owner@example.com', 'user').status_code == 201
    assert snyk.invite('owner@example.com').status_code == 201
    assert cybedefend.invite('owner@example.com').status_code == 201


def test_list_includes_inactive_false(admin, cisco, snyk, cybedefend):
    for platform in ('cisco_xdr', 'snyk', 'cybedefend'):
        admin.seed_invites(platform, [{'email': 'live@example.com'}, {'email': 'gone@example.com', 'status': 'cancelled'},
                                      {'email': 'done@example.com', 'status': 'accepted'},
                                      {'email': 'old@example.com', 'status': 'expired'}])
    assert len(hits(cisco.search_invites())) == 4
    assert len(snyk.invites().json()['data']) == 4
    assert len(cybedefend.invitations().json()['invitations']) == 4
    admin.configure(list_includes_inactive=False)
    assert [item['email'] for item in hits(cisco.search_invites())] == ['live@example.com']
    assert [item['attributes']['email'] for item in snyk.invites().json()['data']] == ['live@example.com']
    assert [item['email'] for item in cybedefend.invitations().json()['invitations']] == ['live@example.com']


def test_inactive_invites_carry_their_status(admin, cisco, snyk, cybedefend):
    for platform in ('cisco_xdr', 'snyk', 'cybedefend'):
        admin.seed_invites(platform, [{'email': 'gone@example.com', 'status': 'cancelled'}, {'email': 'old@example.com', 'status': 'expired'}])
    assert [item['status'] for item in hits(cisco.search_invites())] == ['cancelled', 'expired']
    assert [item['attributes']['is_active'] for item in snyk.invites().json()['data']] == [False, False]
    assert [item['status'] for item in cybedefend.invitations().json()['invitations']] == ['CANCELLED', 'EXPIRED']


def test_snyk_invite_list_role_id(admin, snyk):
    snyk.invite('a@example.com', 'Org Auditor')
    assert snyk.invites().json()['data'][0]['attributes']['role'] == 'Org Auditor'
    admin.configure(snyk_invite_list_role='id')
    assert snyk.invites().json()['data'][0]['attributes']['role'] == SNYK_ROLES['Org Auditor']


def test_snyk_next_on_last_page_false(admin, snyk):
    admin.seed_invites('snyk', [{'email': 'p%02d@example.com' % n} for n in range(20)])
    admin.configure(snyk_next_on_last_page=False)
    second = snyk.follow(snyk.invites(limit=10).json()['links']['next']).json()
    assert len(second['data']) == 10 and 'next' not in second['links']
    assert 'next' not in snyk.memberships(limit=10).json()['links']


def test_cisco_search_limit_cap(admin, cisco):
    admin.seed_invites('cisco_xdr', [{'email': 'p%02d@example.com' % n} for n in range(30)])
    admin.configure(cisco_search_limit_cap=10)
    answer = cisco.search_invites(offset=0, limit=100)
    assert len(hits(answer)) == 10 and answer.json()['paging']['total-hits'] == 30
    admin.configure(cisco_search_limit_cap=1000)
    assert len(hits(cisco.search_invites(offset=0, limit=100))) == 30


def test_cisco_roles_shape_objects(admin, cisco):
    admin.configure(cisco_roles_shape='objects')
    roles = cisco.call('GET', '/iroh/invite/available-roles').json()
    assert roles == [{'id': 'admin', 'name': 'Administrator'}, {'id': 'user', 'name': 'User'}]


def test_cisco_batch_changes_role(admin, cisco):
    cisco.invite('a@example.com', 'user')
    admin.configure(cisco_batch_changes_role=True)
    answer = cisco.call('POST', '/iroh/invite/batch/invites', json=[{'email': 'a@example.com', 'role': 'admin'}])
    assert answer.json()[0]['role'] == 'admin'
    assert [item['role'] for item in admin.state('cisco_xdr')['invites']] == ['admin']


def test_cybedefend_list_wrapped_false(admin, cybedefend):
    admin.configure(cybedefend_list_wrapped=False)
    teams = cybedefend.call('GET', '/organization/{org}/teams').json()
    assert isinstance(teams, list) and [team['id'] for team in teams] == [CD_TEAMS['Platform'], CD_TEAMS['AppSec']]


def test_cybedefend_status_case_lower(admin, cybedefend):
    admin.configure(cybedefend_status_case='lower')
    assert cybedefend.invite('a@example.com').json()['status'] == 'pending'
    assert cybedefend.invitations().json()['invitations'][0]['status'] == 'pending'


def test_cisco_user_enabled_key_enabled(admin, cisco):
    """The world of the old guess: users carry `enabled`, and a change takes `enabled` (and refuses `enabled?`)."""
    user_id = admin.seed_members('cisco_xdr', [{'email': 'dev@example.com', 'role': 'user'}])[0]['user-id']
    admin.configure(cisco_user_enabled_key='enabled')
    users = hits(cisco.call('POST', '/iroh/user-mgmt/search/users', json={}))
    assert all(user['enabled'] is True and 'enabled?' not in user for user in users)
    path = '/iroh/user-mgmt/users/' + quote(user_id, safe='')
    assert cisco.call('POST', path, json={'enabled?': False}).json() == {'errors': {'enabled?': 'disallowed-key'}}
    assert cisco.call('POST', path, json={'enabled': False}).json()['enabled'] is False


def test_items_without_id(admin, cisco, snyk, cybedefend):
    for platform in ('cisco_xdr', 'snyk', 'cybedefend'):
        admin.seed_invites(platform, [{'email': 'a@example.com'}])
    admin.configure(items_without_id=True)
    assert [sorted(item) for item in hits(cisco.search_invites())] == [['created-at', 'email', 'expires-at', 'role', 'status']]
    assert all('user-id' not in user for user in hits(cisco.call('POST', '/iroh/user-mgmt/search/users', json={})))
    assert ['id' in item for item in snyk.invites().json()['data'] + snyk.memberships().json()['data']] == [False, False]
    assert ['id' in item for item in cybedefend.invitations().json()['invitations']] == [False]
    assert all('id' not in user for user in cybedefend.members().json()['users'])


def test_ignore_paging(admin, cisco, snyk, cybedefend):
    for platform in ('cisco_xdr', 'snyk', 'cybedefend'):
        admin.seed_invites(platform, [{'email': 'p%02d@example.com' % n} for n in range(30)])
    admin.configure(ignore_paging=True)
    first, second = hits(cisco.search_invites(offset=0, limit=10)), hits(cisco.search_invites(offset=10, limit=10))
    assert first == second and len(first) == 10
    page = snyk.invites(limit=10).json()
    assert snyk.follow(page['links']['next']).json()['data'] == page['data']
    pages = [cybedefend.invitations(page=n, size=10).json()['invitations'] for n in (1, 2)]
    assert pages[0] == pages[1] and len(pages[0]) == 10


def test_invite_status_unknown_and_missing(admin, cisco, snyk, cybedefend):
    for platform in ('cisco_xdr', 'snyk', 'cybedefend'):
        admin.seed_invites(platform, [{'email': 'a@example.com'}])
    admin.configure(invite_status='unknown')
    assert [item['status'] for item in hits(cisco.search_invites())] == ['sent']
    assert [item['attributes']['is_active'] for item in snyk.invites().json()['data']] == ['sent']
    assert [item['status'] for item in cybedefend.invitations().json()['invitations']] == ['sent']
    admin.configure(invite_status='missing')
    assert ['status' in item for item in hits(cisco.search_invites())] == [False]
    assert ['is_active' in item['attributes'] for item in snyk.invites().json()['data']] == [False]
    assert ['status' in item for item in cybedefend.invitations().json()['invitations']] == [False]
