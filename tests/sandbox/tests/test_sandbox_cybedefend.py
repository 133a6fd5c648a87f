# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CybeDefend emulation over real HTTP: PAT exchange, invitations, members, teams, guard rails."""

from __future__ import annotations

import uuid

from sandbox_vendors import CD_ORG, CD_TEAMS

ERROR_DTO = {'timestamp', 'service', 'method', 'message', 'code'}
NEST_ERROR = {'message', 'statusCode', 'timestamp', 'path'}


def test_client_apps_and_token_exchange(cybedefend):
    apps = cybedefend.http.get(cybedefend.api + '/client-apps')
    assert apps.status_code == 200
    assert apps.json() == {'cli': {'appId': 'sandbox-cli-app'}, 'vscode': {'appId': 'sandbox-vscode-app'},
                           'intellij': {'appId': 'sandbox-intellij-app'}}
    token = cybedefend.exchange()
    assert token.status_code == 200
    assert token.json()['token_type'] == 'Bearer' and token.json()['expires_in'] == 600
    profile = cybedefend.call('GET', '/user/profile').json()
    assert profile['email'] == 'owner@example.com'
    assert profile['myOrganizations'][0]['id'] == CD_ORG and profile['myOrganizations'][0]['myRole'] == 'administrator'


def test_token_exchange_refusals(cybedefend):
    wrong_resource = cybedefend.exchange(resource='https://api-eu.cybedefend.com')
    assert wrong_resource.status_code == 400 and wrong_resource.json()['error'] == 'invalid_target'
    assert cybedefend.exchange(resource=cybedefend.api + '/').json()['error'] == 'invalid_target'
    assert cybedefend.exchange(pat='pat_other').json()['error'] == 'invalid_grant'
    assert cybedefend.exchange(client_id='fm90ay05zohu8fk2q45ms').json()['error'] == 'invalid_client'
    vscode = cybedefend.exchange(client_id='sandbox-vscode-app')
    assert vscode.status_code == 400 and 'token_exchange_not_allowed' in vscode.text
    assert cybedefend.exchange(subject_token_type='urn:ietf:params:oauth:token-type:access_token').status_code == 400
    assert cybedefend.exchange(grant_type='client_credentials').json()['error'] == 'unsupported_grant_type'


def test_api_refuses_a_pat_as_bearer(cybedefend):
    answer = cybedefend.http.get(cybedefend.api + '/user/profile', headers={'Authorization': 'Bearer pat_sandbox'})
    assert answer.status_code == 401 and set(answer.json()) == NEST_ERROR


def test_invite_list_cancel(cybedefend, admin):
    created = cybedefend.invite('dev@example.com', 'manager', teams=[{'teamId': CD_TEAMS['Platform'], 'role': 'developer'}])
    assert created.status_code == 201
    invitation = created.json()
    assert set(invitation) == {'id', 'token', 'email', 'status', 'organizationId', 'organizationName', 'organizationRole', 'expiresAt'}
    assert invitation['status'] == 'PENDING' and invitation['organizationRole'] == 'manager' and invitation['token']
    listed = cybedefend.invitations().json()
    assert listed['organizationId'] == CD_ORG and [item['id'] for item in listed['invitations']] == [invitation['id']]
    stored = admin.state('cybedefend')['invitations'][0]
    assert stored['token'] == invitation['token']
    assert stored['teamAssignments'] == [{'teamId': CD_TEAMS['Platform'], 'role': 'developer'}]
    cancelled = cybedefend.call('DELETE', '/organization/{org}/invitation/' + invitation['id'])
    assert cancelled.status_code == 200 and cancelled.json()['status'] == 'CANCELLED'
    again = cybedefend.call('DELETE', '/organization/{org}/invitation/' + invitation['id'])
    assert again.status_code == 404 and set(again.json()) == ERROR_DTO


def test_invite_refusals_are_error_dtos(cybedefend):
    unknown_role = cybedefend.invite('x@example.com', 'owner')
    assert unknown_role.status_code == 400
    body = unknown_role.json()
    assert set(body) == ERROR_DTO and body['code'] == 400
    assert body['service'] == 'OrganizationController' and body['method'] == 'inviteUserToOrganization'
    assert 'role' in body['message']
    assert cybedefend.invite('x@example.com', teams=[{'teamId': str(uuid.uuid4()), 'role': 'developer'}]).status_code == 400
    assert cybedefend.invite('x@example.com', teams=[{'teamId': CD_TEAMS['AppSec'], 'role': 'boss'}]).status_code == 400
    assert cybedefend.invite('owner@example.com').status_code == 400
    assert cybedefend.invite('twice@example.com').status_code == 201
    assert cybedefend.invite('Twice@Example.com').status_code == 400
    other_org = cybedefend.call('POST', '/organization/%s/invite' % uuid.uuid4(), json={'email': 'y@example.com', 'role': 'member'})
    assert other_org.status_code == 403 and set(other_org.json()) == NEST_ERROR


def test_page_size_is_limited(cybedefend, admin):
    too_big = cybedefend.invitations(size=21)
    assert too_big.status_code == 400 and set(too_big.json()) == ERROR_DTO
    assert cybedefend.members(size=21).status_code == 400
    assert cybedefend.members(page=0).status_code == 400
    missing = cybedefend.call('GET', '/organization/{org}/members', params={'page': 1})
    assert missing.status_code == 400
    assert cybedefend.call('GET', '/team/%s/members' % CD_TEAMS['Platform'], params={'page': 1, 'pageSize': 21}).status_code == 400


def test_members_paging_and_search(cybedefend, admin):
    admin.seed_members('cybedefend', [{'email': 'user%02d@example.com' % n, 'name': 'User %02d' % n} for n in range(25)])
    first = cybedefend.members(page=1, size=20).json()
    assert first['totalUsers'] == 26 and first['totalPages'] == 2 and first['totalAdministrators'] == 1
    assert len(first['users']) == 20
    assert set(first['users'][0]) == {'id', 'email', 'firstName', 'lastName', 'name', 'role', 'picture'}
    second = cybedefend.members(page=2, size=20).json()
    assert len(second['users']) == 6
    assert cybedefend.members(page=3, size=20).json()['users'] == []
    found = cybedefend.members(search='user 07').json()
    assert [user['email'] for user in found['users']] == ['user07@example.com'] and found['totalUsers'] == 1
    assert cybedefend.members(search='USER07@').json()['totalUsers'] == 1


def test_change_role_and_remove_with_guard_rails(cybedefend, admin):
    admin.seed_members('cybedefend', [{'email': 'dev@example.com', 'role': 'member'},
                                      {'email': 'boss@example.com', 'role': 'administrator'}])
    dev, boss, owner = (cybedefend.member_id(email) for email in ('dev@example.com', 'boss@example.com', 'owner@example.com'))
    changed = cybedefend.call('PUT', '/organization/{org}/member/role', json={'userId': dev, 'role': 'manager'})
    assert changed.status_code == 200 and changed.json() == {'message': 'Member role updated'}
    own = cybedefend.call('PUT', '/organization/{org}/member/role', json={'userId': owner, 'role': 'member'})
    assert own.status_code == 403 and set(own.json()) == NEST_ERROR
    other_admin = cybedefend.call('PUT', '/organization/{org}/member/role', json={'userId': boss, 'role': 'member'})
    assert other_admin.status_code == 403
    assert cybedefend.call('DELETE', '/organization/{org}/member', json={'userId': owner}).status_code == 403
    assert cybedefend.call('DELETE', '/organization/{org}/member', json={'userId': boss}).status_code == 200
    assert cybedefend.call('DELETE', '/organization/{org}/member', json={'userId': dev}).status_code == 200
    assert cybedefend.call('DELETE', '/organization/{org}/member', json={'userId': dev}).status_code == 404
    assert [user['email'] for user in cybedefend.members().json()['users']] == ['owner@example.com']


def test_last_administrator_stays(cybedefend, admin):
    admin.seed_members('cybedefend', [{'email': 'owner@example.com', 'role': 'manager'},
                                      {'email': 'admin@example.com', 'role': 'administrator'}])
    only_admin = cybedefend.member_id('admin@example.com')
    answer = cybedefend.call('DELETE', '/organization/{org}/member', json={'userId': only_admin})
    assert answer.status_code == 403 and 'at least one administrator' in answer.json()['message']


def test_members_without_rights_are_refused(cybedefend, admin):
    admin.seed_members('cybedefend', [{'email': 'owner@example.com', 'role': 'member'}])
    assert cybedefend.invite('x@example.com').status_code == 403
    assert cybedefend.members().status_code == 200


def test_teams_and_team_members(cybedefend, admin):
    teams = cybedefend.call('GET', '/organization/{org}/teams').json()
    assert [team['name'] for team in teams['teams']] == ['Platform', 'AppSec']
    created = cybedefend.call('POST', '/organization/{org}/team', json={'name': 'Red', 'description': 'red team'})
    assert created.status_code == 200 and created.json()['success'] is True
    assert cybedefend.call('POST', '/organization/{org}/team', json={'name': 'red', 'description': ''}).status_code == 400
    admin.seed_members('cybedefend', [{'email': 'dev@example.com'}, {'email': 'lead@example.com'}])
    dev, lead = cybedefend.member_id('dev@example.com'), cybedefend.member_id('lead@example.com')
    team = '/team/' + created.json()['teamId']
    assert cybedefend.call('POST', team + '/member', json={'userId': lead, 'role': 'team_manager'}).status_code == 200
    added = cybedefend.call('POST', team + '/member', json={'userId': dev, 'role': 'developer'})
    assert added.status_code == 200 and added.json()['updatedTeam']['name'] == 'Red'
    assert cybedefend.call('POST', team + '/member', json={'userId': dev, 'role': 'developer'}).status_code == 400
    assert cybedefend.call('POST', team + '/member', json={'userId': str(uuid.uuid4()), 'role': 'developer'}).status_code == 400
    members = cybedefend.call('GET', team + '/members', params={'page': 1, 'pageSize': 10}).json()
    assert dict((user['email'], user['role']) for user in members['users']) == {'lead@example.com': 'team_manager',
                                                                                'dev@example.com': 'developer'}
    assert cybedefend.call('PUT', team + '/member/role', json={'userId': dev, 'role': 'read_only'}).json()['success'] is True
    last_manager = cybedefend.call('PUT', team + '/member/role', json={'userId': lead, 'role': 'developer'})
    assert last_manager.status_code == 403
    assert cybedefend.call('DELETE', team + '/member', json={'userId': lead}).status_code == 403
    assert cybedefend.call('DELETE', team + '/member', json={'userId': dev}).json()['success'] is True
    assert cybedefend.call('DELETE', team + '/member', json={'userId': dev}).status_code == 404
    assert cybedefend.call('GET', '/team/%s/members' % uuid.uuid4(), params={'page': 1, 'pageSize': 10}).status_code == 404


def test_accept_applies_team_assignments(cybedefend, admin):
    cybedefend.invite('joiner@example.com', 'manager', teams=[{'teamId': CD_TEAMS['AppSec'], 'role': 'analyst_developer'}])
    member = admin.accept('cybedefend', 'joiner@example.com')
    assert member['role'] == 'manager' and member['email'] == 'joiner@example.com'
    team_members = cybedefend.call('GET', '/team/%s/members' % CD_TEAMS['AppSec'], params={'page': 1, 'pageSize': 20}).json()
    assert [(user['email'], user['role']) for user in team_members['users']] == [('joiner@example.com', 'analyst_developer')]
    assert [item['status'] for item in cybedefend.invitations().json()['invitations']] == ['ACCEPTED']
    assert cybedefend.invite('joiner@example.com').status_code == 400
