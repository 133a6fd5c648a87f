# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Several organizations per platform: created through the admin API, listed the vendors' ways,
each with its own members and invites; and the rate limit per credential (token)."""

from __future__ import annotations

import pytest

from orgaccess_sandbox.client import SandboxError
from orgaccess_sandbox.state import principal_label

from sandbox_vendors import CD_ORG, SNYK_GROUP, SNYK_ORG, SNYK_ROLES, Cisco, CybeDefend, Snyk


def _snyk_orgs(admin, count, **extra):
    return admin.add_orgs('snyk', [dict({'name': 'Team %02d' % number}, **extra) for number in range(count)])


def _conforms(sandbox, document, answer):
    return sandbox.server.validator.response_errors(document, answer.request.method, answer.request.url, answer.status_code,
                                                    answer.headers.items(), answer.content)


def test_snyk_group_lists_every_org_by_name_across_pages(sandbox, admin, snyk):
    created = _snyk_orgs(admin, 24)
    assert created[0]['slug'] == 'team-00' and created[0]['group_id'] == SNYK_GROUP
    assert created[0]['credentials'] == {'token': 'sandbox-snyk-token'}
    names, answer = [], snyk.call('GET', '/rest/groups/%s/orgs' % SNYK_GROUP, params={'limit': 10, 'expand': 'count'})
    pages = 0
    while True:
        assert answer.status_code == 200, answer.text
        assert _conforms(sandbox, 'snyk_rest', answer) == []
        body = answer.json()
        pages += 1
        names += [org['attributes']['name'] for org in body['data']]
        assert body['meta'] == {'total_count': 25}
        if not body['data'] or 'next' not in body['links']:
            break
        answer = snyk.follow(body['links']['next'])
    assert names == sorted(['Sandbox Org'] + ['Team %02d' % number for number in range(24)], key=str.casefold)
    assert pages >= 3
    filtered = snyk.call('GET', '/rest/groups/%s/orgs' % SNYK_GROUP, params={'name': 'TEAM 1'}).json()['data']
    assert [org['attributes']['slug'] for org in filtered] == ['team-10', 'team-11', 'team-12', 'team-13', 'team-14',
                                                               'team-15', 'team-16', 'team-17', 'team-18', 'team-19']
    assert snyk.call('GET', '/rest/groups/%s/orgs' % CD_ORG).status_code == 404


def test_snyk_orgs_of_the_token_with_member_role_and_group_filter(sandbox, admin, snyk):
    other_group = '66666666-6666-4666-8666-666666666666'
    _snyk_orgs(admin, 2)
    admin.add_orgs('snyk', [{'name': 'Elsewhere', 'group_id': other_group}])
    answer = snyk.call('GET', '/rest/orgs', params={'expand': 'member_role', 'limit': 100})
    assert _conforms(sandbox, 'snyk_rest', answer) == []
    everything = answer.json()['data']
    assert [org['attributes']['name'] for org in everything] == ['Sandbox Org', 'Team 00', 'Team 01', 'Elsewhere']
    assert everything[1]['relationships']['member_role']['data']['attributes']['name'] == 'Org Admin'
    grouped = snyk.call('GET', '/rest/orgs', params={'group_id': other_group}).json()['data']
    assert [org['attributes']['name'] for org in grouped] == ['Elsewhere']


def test_snyk_orgs_keep_their_own_invites_and_memberships(admin, snyk):
    [org] = admin.add_orgs('snyk', [{'name': 'Payments', 'members': [{'email': 'pat@example.com', 'role': 'Org Auditor'}],
                                     'invites': [{'email': 'ivy@example.com'}]}])
    body = {'data': {'type': 'org_invitation', 'attributes': {'email': 'new@example.com', 'role': SNYK_ROLES['Org Admin']}}}
    assert snyk.call('POST', '/rest/orgs/%s/invites' % org['id'], body=body).status_code == 201
    invites = snyk.call('GET', '/rest/orgs/%s/invites' % org['id']).json()['data']
    assert sorted(invite['attributes']['email'] for invite in invites) == ['ivy@example.com', 'new@example.com']
    assert snyk.invites().json()['data'] == []  # the default org is untouched
    members = snyk.call('GET', '/rest/orgs/%s/memberships' % org['id']).json()['data']
    assert sorted(item['relationships']['user']['data']['attributes']['email'] for item in members) == [
        'owner@example.com', 'pat@example.com']
    own = snyk.call('GET', '/rest/orgs/%s' % org['id']).json()['data']
    assert own['id'] == org['id'] and own['attributes']['slug'] == 'payments'
    # Ids made in one org are not the ids of the same email's things in another.
    new_here = [item['id'] for item in invites if item['attributes']['email'] == 'new@example.com'][0]
    assert snyk.invite('new@example.com').json()['data']['id'] != new_here
    assert [item['email'] for item in admin.state('snyk', org=org['id'])['invites']] == ['ivy@example.com', 'new@example.com']
    admin.accept('snyk', 'ivy@example.com', org=org['id'])
    assert len(admin.state('snyk', org=org['id'])['memberships']) == 3
    assert [item['id'] for item in admin.orgs('snyk')] == [SNYK_ORG, org['id']]


def test_reset_drops_created_orgs(admin, snyk):
    _snyk_orgs(admin, 2)
    admin.reset()
    assert [org['id'] for org in admin.orgs('snyk')] == [SNYK_ORG]
    answer = snyk.call('GET', '/rest/groups/%s/orgs' % SNYK_GROUP).json()
    assert [org['id'] for org in answer['data']] == [SNYK_ORG]


def test_cybedefend_user_in_several_orgs(sandbox, admin, cybedefend):
    created = admin.add_orgs('cybedefend', [{'name': 'Blue', 'members': [{'email': 'b@example.com', 'teams': [{'team': 'AppSec'}]}]},
                                            {'name': 'Green', 'owner_role': 'member'}])
    assert created[0]['credentials'] == {'pat': 'pat_sandbox'}
    answer = cybedefend.call('GET', '/organizations')
    assert _conforms(sandbox, 'cybedefend', answer) == []
    listed = answer.json()
    assert isinstance(listed, list)
    assert [(org['id'], org['name']) for org in listed] == [(CD_ORG, 'Sandbox Org')] + [(org['id'], org['name']) for org in created]
    admin.configure(cybedefend_organizations_wrapped=True)
    assert [org['name'] for org in cybedefend.call('GET', '/organizations').json()['organizations']] == ['Sandbox Org', 'Blue', 'Green']
    profile = cybedefend.call('GET', '/user/profile').json()
    assert [(org['name'], org['myRole']) for org in profile['myOrganizations']] == [
        ('Sandbox Org', 'administrator'), ('Blue', 'administrator'), ('Green', 'member')]
    blue = created[0]['id']
    members = cybedefend.call('GET', '/organization/%s/members' % blue, params={'page': 1, 'pageSize': 20}).json()['users']
    assert sorted(user['email'] for user in members) == ['b@example.com', 'owner@example.com']
    assert cybedefend.call('POST', '/organization/%s/invite' % blue, json={'email': 'x@example.com', 'role': 'member'}).status_code == 201
    assert cybedefend.invitations().json()['invitations'] == []
    # The owner is a plain member of Green: writes there are refused, as the vendor does.
    green = created[1]['id']
    assert cybedefend.call('POST', '/organization/%s/invite' % green, json={'email': 'x@example.com', 'role': 'member'}).status_code == 403
    # Team paths carry no organization: each org's teams have their own ids.
    appsec = [team['id'] for team in created[0]['teams'] if team['name'] == 'AppSec'][0]
    assert appsec not in [team['id'] for team in created[1]['teams']]
    team_members = cybedefend.call('GET', '/team/%s/members' % appsec, params={'page': 1, 'pageSize': 20}).json()['users']
    assert [user['email'] for user in team_members] == ['b@example.com']


def test_cisco_orgs_have_their_own_clients_and_whoami(admin):
    created = admin.add_orgs('cisco_xdr', [{'name': 'Acme EU', 'client_id': 'client-ACME', 'client_secret': 'secret-ACME',
                                            'members': [{'email': 'a@example.com'}]},
                                           {'name': 'Globex'}])
    assert created[0]['credentials'] == {'client_id': 'client-ACME', 'client_secret': 'secret-ACME'}
    acme = Cisco(admin.url)
    assert acme.token('client-ACME', 'wrong').status_code == 401
    answer = acme.token('client-ACME', 'secret-ACME')
    assert answer.status_code == 200
    acme._token = answer.json()['access_token']
    assert acme.call('GET', '/iroh/profile/whoami').json()['org'] == {'id': created[0]['id'], 'name': 'Acme EU'}
    assert acme.invite('new@example.com').status_code == 201
    emails = sorted(user['user-email'] for user in admin.state('cisco_xdr', org=created[0]['id'])['users'])
    assert emails == ['a@example.com', 'owner@example.com']
    assert admin.state('cisco_xdr')['invites'] == []
    globex = Cisco(admin.url)
    globex._token = globex.token(**dict(zip(('client_id', 'secret'), created[1]['credentials'].values()))).json()['access_token']
    assert globex.call('GET', '/iroh/profile/whoami').json()['org']['name'] == 'Globex'
    default = Cisco(admin.url)
    assert default.call('GET', '/iroh/profile/whoami').json()['org'] == {'id': 'sandbox-org', 'name': 'Sandbox Org'}


@pytest.mark.parametrize('platform, orgs', [
    ('snyk', [{'name': 'Sandbox Org'}]),                                   # the default org's name
    ('snyk', [{'name': 'A', 'slug': 'not a slug'}]),
    ('snyk', [{'name': 'A'}, {'name': 'a'}]),
    ('cisco_xdr', [{'name': 'A', 'client_id': 'sandbox-xdr-client'}]),      # the default org's client
    ('cybedefend', [{'name': 'A', 'owner_role': 'root'}]),
    ('cybedefend', [{'name': 'A', 'members': [{'email': 'a@example.com', 'role': 'root'}]}]),
    ('snyk', [{'name': 'A', 'colour': 'red'}]),
    ('snyk', [{'id': 'x'}]),
])
def test_bad_org_input_creates_nothing(admin, platform, orgs):
    with pytest.raises(SandboxError) as caught:
        admin.add_orgs(platform, orgs)
    assert caught.value.status == 400
    assert len(admin.orgs(platform)) == 1


def test_unknown_org_in_admin_calls(admin):
    with pytest.raises(SandboxError) as caught:
        admin.seed_members('snyk', [{'email': 'a@example.com'}], org='nope')
    assert caught.value.status == 404


def test_rate_limit_per_token_spans_orgs_and_spares_other_tokens(admin):
    created = admin.add_orgs('cisco_xdr', [{'name': 'One'}, {'name': 'Two'}])
    _snyk_orgs(admin, 2)
    admin.configure(rate_limit_per_token={'requests': 3, 'per_seconds': 60}, retry_after=7)
    snyk = Snyk(admin.url)
    orgs = [org['id'] for org in admin.orgs('snyk')]
    statuses = [snyk.call('GET', '/rest/orgs/%s/invites' % org_id).status_code for org_id in orgs + orgs[:1]]
    assert statuses == [200, 200, 200, 429]
    refused = snyk.call('GET', '/rest/self')
    assert refused.status_code == 429 and 1 <= int(refused.headers['Retry-After']) <= 60
    # Another token (a Cisco client per org) has its own budget.
    for org in created:
        client = Cisco(admin.url)
        answer = client.token(org['credentials']['client_id'], org['credentials']['client_secret'])
        assert answer.status_code == 200
    log = admin.log(platform='snyk')
    assert set(entry['principal'] for entry in log) == {principal_label('snyk', 'sandbox-snyk-token')}
    assert [entry['org'] for entry in log[:3]] == orgs
    assert 'sandbox-snyk-token' not in str(log)
    cisco_labels = [entry['principal'] for entry in admin.log(platform='cisco_xdr')]
    assert len(set(cisco_labels)) == 2


def test_rate_limit_per_token_counts_the_pat_behind_exchanged_tokens(admin):
    admin.configure(rate_limit_per_token={'requests': 2, 'per_seconds': 30})
    first, second = CybeDefend(admin.url), CybeDefend(admin.url)
    assert first.call('GET', '/organizations').status_code == 200        # exchange + list: two requests of the PAT
    assert second.exchange().status_code == 429                          # a new access token, the same PAT


def test_bad_rate_limit_per_token(admin):
    for value in ({'requests': 0, 'per_seconds': 1}, {'requests': 1}, {'requests': 1, 'per_seconds': 0}, 5):
        with pytest.raises(SandboxError):
            admin.configure(rate_limit_per_token=value)
    assert admin.configure(rate_limit_per_token=None)['rate_limit_per_token'] is None
