# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Injected faults, their reproducibility, the rate limit, latency and token expiry."""

from __future__ import annotations

import concurrent.futures
import time

import pytest
import requests

from sandbox_vendors import SNYK_ORG


def _script(fault, platform='snyk', method=None, path_regex=None, times=1):
    return {'match': {'platform': platform, 'method': method, 'path_regex': path_regex}, 'fault': fault, 'times': times}


@pytest.mark.parametrize('fault', ['429', '500', '503'])
def test_status_faults_do_not_act(snyk, admin, fault):
    admin.configure(fault_script=[_script(fault, method='POST')], retry_after=3)
    answer = snyk.invite('a@example.com')
    assert answer.status_code == int(fault)
    assert answer.json()['errors'][0]['status'] == fault
    if fault == '429':
        assert answer.headers['Retry-After'] == '3' and answer.headers['X-RateLimit-Reset'] == '3'
    assert admin.state('snyk')['invites'] == []
    assert snyk.invite('a@example.com').status_code == 201  # the script entry is used up
    entries = admin.log(platform='snyk')
    assert [(entry['fault'], entry['status'], entry['committed']) for entry in entries] == [(fault, int(fault), False), (None, 201, True)]


def test_502_is_a_gateway_page(cisco, admin):
    admin.configure(fault_script=[_script('502', platform='cisco_xdr', path_regex='whoami')])
    answer = cisco.call('GET', '/iroh/profile/whoami')
    assert answer.status_code == 502 and answer.headers['Content-Type'] == 'text/html'
    assert cisco.call('GET', '/iroh/profile/whoami').status_code == 200


def test_reset_before_drops_the_connection_without_acting(snyk, admin):
    admin.configure(fault_script=[_script('reset_before', method='POST')])
    with pytest.raises(requests.ConnectionError) as caught:
        snyk.invite('a@example.com')
    assert 'ConnectionResetError' in repr(caught.value)  # an RST, not a clean close (RemoteDisconnected)
    assert admin.state('snyk')['invites'] == []
    [entry] = admin.log(platform='snyk')
    assert entry['fault'] == 'reset_before' and entry['committed'] is False and entry['status'] is None


def test_reset_after_commits_then_drops(cybedefend, admin):
    admin.configure(fault_script=[_script('reset_after', platform='cybedefend', method='POST', path_regex='/invite$')])
    with pytest.raises(requests.ConnectionError) as caught:
        cybedefend.invite('a@example.com')
    assert 'ConnectionResetError' in repr(caught.value)
    assert [item['email'] for item in admin.state('cybedefend')['invitations']] == ['a@example.com']
    assert admin.writes('cybedefend') == 1
    retry = cybedefend.invite('a@example.com')  # a blind retry hits the strict duplicate check
    assert retry.status_code == 400


def test_token_endpoints_can_fail_but_admin_never_does(cisco, admin):
    admin.configure(fault_rate=1.0, fault_kinds=['503'])
    assert cisco.token().status_code == 503
    assert admin.health()['ok'] is True
    assert admin.log(kind='auth')[0]['fault'] == '503'


def _session():
    session = requests.Session()
    session.trust_env = False
    return session


def _outcome(session, url):
    try:
        return session.get(url, headers={'Authorization': 'token sandbox-snyk-token'}).status_code
    except requests.ConnectionError:
        return 'reset'


def _run(base, paths, in_parallel=False):
    urls = [base + path for path in paths]
    if not in_parallel:
        session = _session()
        return [_outcome(session, url) for url in urls]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda url: _outcome(_session(), url), urls))


def test_faults_are_reproducible_from_the_seed(admin):
    base = admin.url + '/snyk/rest/orgs/%s/invites?version=2024-10-15' % SNYK_ORG
    # 12 distinct requests, each sent 3 times: the occurrence count is part of the decision.
    paths = ['&starting_after=x%d' % (n % 12) for n in range(36)]
    switches = {'fault_rate': 0.5, 'fault_seed': 42, 'fault_kinds': ['500', '503', 'reset_before']}
    admin.configure(**switches)
    first = _run(base, paths)
    admin.reset(keep_config=True)
    assert _run(base, paths) == first
    faults = [outcome for outcome in first if outcome != 400]  # 400: the bogus cursor, reached the handler
    assert 8 < len(faults) < 28 and set(faults) == {500, 503, 'reset'}
    # The same request sent again draws again: a retry of a faulted request can get through.
    per_path = dict((path, set(first[n] for n in range(len(paths)) if paths[n] == path)) for path in paths)
    assert any(len(outcomes) > 1 for outcomes in per_path.values())
    # Concurrently: requests race, yet each request's n-th occurrence draws the same fault.
    admin.reset(keep_config=True)
    distinct = sorted(set(paths))
    sequential = dict(zip(distinct, _run(base, distinct)))
    admin.reset(keep_config=True)
    assert dict(zip(distinct, _run(base, distinct, in_parallel=True))) == sequential
    admin.reset(keep_config=True)
    admin.configure(fault_seed=43)
    assert _run(base, paths) != first


def test_rate_limit_per_platform(snyk, cisco, admin):
    admin.configure(rate_limit_per_minute=3)
    statuses = [snyk.call('GET', '/rest/self').status_code for _attempt in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = snyk.call('GET', '/rest/self')
    assert limited.status_code == 429
    assert 1 <= int(limited.headers['Retry-After']) <= 60 and limited.headers['X-RateLimit-Reset'] == limited.headers['Retry-After']
    assert cisco.token().status_code == 200  # another platform has its own window
    assert admin.log(platform='snyk')[-1]['fault'] is None


def test_latency_is_added_to_vendor_requests_only(snyk, admin):
    admin.configure(latency_ms=150)
    started = time.monotonic()
    assert snyk.call('GET', '/rest/self').status_code == 200
    assert time.monotonic() - started >= 0.15
    started = time.monotonic()
    admin.health()
    assert time.monotonic() - started < 0.15


def test_expired_tokens_are_refused_in_each_platform_shape(cisco, cybedefend, admin):
    admin.configure(token_ttl=0)
    token = cisco.token().json()
    assert token['expires_in'] == 0
    expired = cisco.http.get(cisco.base + '/iroh/profile/whoami', headers={'Authorization': 'Bearer ' + token['access_token']})
    assert expired.status_code == 401 and expired.json()['error'] == 'invalid_token'
    cd_token = cybedefend.exchange().json()['access_token']
    refused = cybedefend.http.get(cybedefend.api + '/user/profile', headers={'Authorization': 'Bearer ' + cd_token})
    assert refused.status_code == 401 and refused.json()['statusCode'] == 401
    admin.configure(token_ttl=600)
    fresh = cisco.token().json()['access_token']
    assert cisco.http.get(cisco.base + '/iroh/profile/whoami', headers={'Authorization': 'Bearer ' + fresh}).status_code == 200
