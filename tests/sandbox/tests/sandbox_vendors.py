# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Minimal vendor clients for the sandbox tests: they speak each wire protocol directly.

They know the default credentials and ids of the sandbox seed, and return ``requests``
responses untouched so that tests can assert on statuses, headers and bodies.
"""

from __future__ import annotations

import json

import requests

SNYK_ORG = '11111111-1111-4111-8111-111111111111'
SNYK_GROUP = '22222222-2222-4222-8222-222222222222'
SNYK_ROLES = {'Org Admin': '44444444-4444-4444-8444-000000000001',
              'Org Collaborator': '44444444-4444-4444-8444-000000000002',
              'Org Auditor': '44444444-4444-4444-8444-000000000003'}
SNYK_VERSION = '2024-10-15'
CD_ORG = '33333333-3333-4333-8333-333333333333'
CD_TEAMS = {'Platform': '55555555-5555-4555-8555-000000000001', 'AppSec': '55555555-5555-4555-8555-000000000002'}
CISCO_OWNER = 'idb-amp:00000000-0000-4000-8000-000000000001'
TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange'
PAT_TYPE = 'urn:logto:token-type:personal_access_token'


def session():
    http = requests.Session()
    http.trust_env = False  # the sandbox is local: no proxy from the environment
    return http


class Cisco:
    def __init__(self, url):
        self.base = url + '/cisco_xdr'
        self.http = session()
        self._token = None

    def token(self, client_id='sandbox-xdr-client', secret='sandbox-xdr-secret', grant_type='client_credentials'):
        return self.http.post(self.base + '/iroh/oauth2/token', auth=(client_id, secret), data={'grant_type': grant_type},
                              headers={'Accept': 'application/json'})

    def call(self, method, path, **kwargs):
        if self._token is None:
            answer = self.token()
            assert answer.status_code == 200, answer.text
            self._token = answer.json()['access_token']
        headers = dict({'Authorization': 'Bearer ' + self._token, 'Accept': 'application/json'}, **kwargs.pop('headers', {}))
        return self.http.request(method, self.base + path, headers=headers, **kwargs)

    def invite(self, email, role='user'):
        return self.call('POST', '/iroh/invite/invites', json={'email': email, 'role': role})

    def search_invites(self, **params):
        return self.call('POST', '/iroh/invite/search/invites', params=params, json={})


def hits(response):
    """The items of a Cisco search answer, in either of IROH's shapes (a bare array, or {"data": [...], "paging"})."""
    body = response.json()
    return body if isinstance(body, list) else body['data']


class Snyk:
    def __init__(self, url, token='sandbox-snyk-token'):
        self.base = url + '/snyk'
        self.http = session()
        self.token = token

    def call(self, method, path, version=SNYK_VERSION, body=None, headers=None, params=None, **kwargs):
        params = dict(params or {})
        if version is not None and path.startswith('/rest'):
            params['version'] = version
        headers = dict({'Authorization': 'token ' + self.token}, **(headers or {}))
        if body is not None:
            headers.setdefault('Content-Type', 'application/vnd.api+json')
            kwargs['data'] = json.dumps(body)
        return self.http.request(method, self.base + path, params=params, headers=headers, **kwargs)

    def follow(self, link, headers=None):
        """GET a relative links.next/prev as given (it already holds version, limit and the cursor)."""
        return self.http.get(self.base + '/rest' + link, headers=dict({'Authorization': 'token ' + self.token}, **(headers or {})))

    def invite(self, email, role='Org Collaborator', **kwargs):
        body = {'data': {'type': 'org_invitation', 'attributes': {'email': email, 'role': SNYK_ROLES.get(role, role)}}}
        return self.call('POST', '/rest/orgs/%s/invites' % SNYK_ORG, body=body, **kwargs)

    def invites(self, **params):
        return self.call('GET', '/rest/orgs/%s/invites' % SNYK_ORG, params=params)

    def memberships(self, **params):
        return self.call('GET', '/rest/orgs/%s/memberships' % SNYK_ORG, params=params)


class CybeDefend:
    def __init__(self, url):
        self.api = url + '/cybedefend/api'
        self.auth = url + '/cybedefend/auth'
        self.http = session()
        self._token = None

    def exchange(self, pat='pat_sandbox', client_id='sandbox-cli-app', resource=None, **overrides):
        form = {'grant_type': TOKEN_EXCHANGE, 'client_id': client_id, 'subject_token': pat, 'subject_token_type': PAT_TYPE,
                'resource': self.api if resource is None else resource}
        form.update(overrides)
        return self.http.post(self.auth + '/oidc/token', data=form)

    def call(self, method, path, **kwargs):
        if self._token is None:
            answer = self.exchange()
            assert answer.status_code == 200, answer.text
            self._token = answer.json()['access_token']
        headers = dict({'Authorization': 'Bearer ' + self._token}, **kwargs.pop('headers', {}))
        return self.http.request(method, self.api + path.replace('{org}', CD_ORG), headers=headers, **kwargs)

    def invite(self, email, role='member', teams=None):
        body = {'email': email, 'role': role}
        if teams is not None:
            body['teamAssignments'] = teams
        return self.call('POST', '/organization/{org}/invite', json=body)

    def members(self, page=1, size=20, **params):
        return self.call('GET', '/organization/{org}/members', params=dict({'page': page, 'pageSize': size}, **params))

    def invitations(self, page=1, size=20):
        return self.call('GET', '/organization/{org}/invitations', params={'page': page, 'pageSize': size})

    def member_id(self, email):
        return [user['id'] for user in self.members(search=email).json()['users'] if user['email'] == email][0]
