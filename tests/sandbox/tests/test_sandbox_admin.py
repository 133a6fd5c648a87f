# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The admin API: health, reset, switches, the request log and its kinds, state, seeding, credentials."""

from __future__ import annotations

import pytest

from orgaccess_sandbox.client import SandboxError
from orgaccess_sandbox.config import DEFAULTS

from sandbox_vendors import SNYK_ORG, session


def test_health_reports_validation_and_platforms(admin):
    health = admin.health()
    assert health['ok'] is True
    assert health['validation'] is True
    assert health['platforms'] == ['cisco_xdr', 'snyk', 'cybedefend']


def test_configure_merges_and_reset_restores(admin):
    config = admin.configure(duplicate_invite='duplicate', latency_ms=5)
    assert config['duplicate_invite'] == 'duplicate' and config['latency_ms'] == 5
    assert admin.configure(cisco_search_limit_cap=10)['duplicate_invite'] == 'duplicate'
    admin.reset(keep_config=True)
    assert admin.config()['cisco_search_limit_cap'] == 10
    admin.reset()
    assert admin.config() == DEFAULTS


@pytest.mark.parametrize('switches', [{'no_such_switch': 1}, {'duplicate_invite': 'merge'}, {'fault_rate': 2},
                                      {'fault_kinds': ['418']}, {'list_includes_inactive': 'yes'},
                                      {'fault_script': [{'fault': 'explode'}]},
                                      {'fault_script': [{'match': {'path_regex': '('}, 'fault': '500'}]}])
def test_bad_switches_are_refused(admin, switches):
    with pytest.raises(SandboxError) as caught:
        admin.configure(**switches)
    assert caught.value.status == 400
    assert admin.config() == DEFAULTS


def test_reset_restores_every_platform(admin, snyk):
    snyk.invite('a@example.com')
    admin.seed_members('cybedefend', [{'email': 'x@example.com'}])
    admin.set_credentials('snyk', token='changed')
    admin.reset()
    state = admin.state()
    assert state['snyk']['invites'] == [] and state['snyk']['credentials'] == {'token': 'sandbox-snyk-token'}
    assert [user['email'] for user in state['cybedefend']['users']] == ['owner@example.com']
    assert admin.log() == []


def test_log_kinds_and_filters(admin, cisco, snyk, cybedefend):
    cisco.invite('a@example.com')                       # auth (token) + write
    cisco.search_invites()                              # a search POST is a read
    snyk.invites()                                      # read
    snyk.invite('b@example.com')                        # write
    cybedefend.invite('c@example.com')                  # auth (exchange) + write
    kinds = [(entry['platform'], entry['method'], entry['kind']) for entry in admin.log()]
    assert kinds == [('cisco_xdr', 'POST', 'auth'), ('cisco_xdr', 'POST', 'write'), ('cisco_xdr', 'POST', 'read'),
                     ('snyk', 'GET', 'read'), ('snyk', 'POST', 'write'), ('cybedefend', 'POST', 'auth'),
                     ('cybedefend', 'POST', 'write')]
    entry = admin.log(platform='snyk', kind='write')[0]
    assert entry['path'] == '/snyk/rest/orgs/%s/invites' % SNYK_ORG and entry['query'] == 'version=2024-10-15'
    assert entry['status'] == 201 and entry['committed'] is True and entry['fault'] is None
    assert [item['seq'] for item in admin.log(since=5)] == [6, 7]
    assert admin.summary() == {'cisco_xdr': {'read': 1, 'write': 1, 'auth': 1}, 'snyk': {'read': 1, 'write': 1, 'auth': 0},
                               'cybedefend': {'read': 0, 'write': 1, 'auth': 1}}
    assert admin.writes() == 3 and admin.writes('snyk') == 1
    admin.clear_log()
    assert admin.log() == [] and admin.writes() == 0


def test_refused_writes_are_logged_but_not_committed(admin, snyk):
    snyk.invite('owner@example.com')
    [entry] = admin.log()
    assert entry['status'] == 400 and entry['committed'] is False and entry['kind'] == 'write'
    assert admin.writes('snyk') == 0


def test_state_keeps_every_invite_for_duplicate_counting(admin, cisco):
    admin.configure(duplicate_invite='duplicate')
    for _attempt in range(3):
        assert cisco.invite('dup@example.com').status_code == 201
    invites = admin.state('cisco_xdr')['invites']
    assert [item['email'] for item in invites] == ['dup@example.com'] * 3
    assert len(set(item['invite-id'] for item in invites)) == 3


def test_ids_are_the_same_after_reset(admin, snyk):
    first = snyk.invite('same@example.com').json()['data']['id']
    admin.reset()
    assert snyk.invite('same@example.com').json()['data']['id'] == first


def test_set_credentials(admin, cisco, snyk, cybedefend):
    assert admin.set_credentials('cisco_xdr', client_id='id-XYZZY', client_secret='secret-PLUGH') == {
        'client_id': 'id-XYZZY', 'client_secret': 'secret-PLUGH'}
    assert cisco.token().status_code == 401
    assert cisco.token('id-XYZZY', 'secret-PLUGH').status_code == 200
    admin.set_credentials('snyk', token='snyk-FROBOZZ')
    assert snyk.call('GET', '/rest/self').status_code == 401
    admin.set_credentials('cybedefend', pat='pat_GRUE', cli_app_id='app-ZORK')
    assert cybedefend.exchange(pat='pat_GRUE', client_id='app-ZORK').status_code == 200
    assert cybedefend.http.get(cybedefend.api + '/client-apps').json()['cli'] == {'appId': 'app-ZORK'}
    with pytest.raises(SandboxError):
        admin.set_credentials('snyk', password='x')
    with pytest.raises(SandboxError) as caught:
        admin.set_credentials('gitlab', token='x')
    assert caught.value.status == 404


def test_seeding_checks_its_input(admin):
    with pytest.raises(SandboxError):
        admin.seed_members('cisco_xdr', [{'email': 'a@example.com', 'role': 'root'}])
    with pytest.raises(SandboxError):
        admin.seed_members('cisco_xdr', [{'email': 'a@example.com', 'teams': [{'team': 'Platform'}]}])
    with pytest.raises(SandboxError):
        admin.seed_members('cybedefend', [{'email': 'a@example.com', 'teams': [{'team': 'Nope'}]}])
    with pytest.raises(SandboxError):
        admin.seed_invites('snyk', [{'email': 'a@example.com', 'status': 'lost'}])
    with pytest.raises(SandboxError) as caught:
        admin.accept('snyk', 'nobody@example.com')
    assert caught.value.status == 404


def test_seeded_team_members_and_invites(admin, cybedefend):
    admin.seed_members('cybedefend', [{'email': 'lead@example.com', 'name': 'Lee Ad', 'role': 'manager',
                                       'teams': [{'team': 'AppSec', 'role': 'team_manager'}]}])
    user = [item for item in admin.state('cybedefend')['users'] if item['email'] == 'lead@example.com'][0]
    assert (user['firstName'], user['lastName'], user['role']) == ('Lee', 'Ad', 'manager')
    assert [team['team'] for team in user['teams']] == ['AppSec']
    admin.seed_invites('cybedefend', [{'email': 'late@example.com', 'status': 'expired'},
                                      {'email': 'soon@example.com', 'teams': [{'team': 'Platform', 'role': 'read_only'}]}])
    statuses = dict((item['email'], item['status']) for item in cybedefend.invitations().json()['invitations'])
    assert statuses == {'late@example.com': 'EXPIRED', 'soon@example.com': 'PENDING'}
    with pytest.raises(SandboxError):
        admin.accept('cybedefend', 'late@example.com')  # an expired invitation cannot be accepted


def test_platform_urls(admin):
    urls = admin.platform_urls()
    assert urls['snyk'] == {'api_url': admin.url + '/snyk'}
    assert urls['cybedefend']['auth_url'] == admin.url + '/cybedefend/auth'
    assert urls['cisco_xdr']['api_url'] == admin.url + '/cisco_xdr'


def test_unknown_paths(admin):
    http = session()
    assert http.get(admin.url + '/gitlab/api').status_code == 404
    wrong_method = http.put(admin.url + '/cisco_xdr/iroh/profile/whoami')
    assert wrong_method.status_code == 405 and wrong_method.headers['Allow'] == 'GET'
    with pytest.raises(SandboxError) as caught:
        admin.call('GET', '/nothing')
    assert caught.value.status == 404
