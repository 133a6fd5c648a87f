# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vendor documents: responses conform to them, slicing and patching, where they are read from, running without them."""

from __future__ import annotations

import json
import os

import pytest
import yaml

from orgaccess_sandbox import control, validation
from orgaccess_sandbox.client import SandboxAdmin

from sandbox_vendors import CD_TEAMS, SNYK_GROUP, SNYK_ORG, SNYK_ROLES, CybeDefend, Snyk


def _errors(sandbox, document, answer):
    return sandbox.server.validator.response_errors(document, answer.request.method, answer.request.url, answer.status_code,
                                                    answer.headers.items(), answer.content)


def test_snyk_responses_conform(sandbox, admin, snyk):
    admin.seed_members('snyk', [{'email': 'm%02d@example.com' % n} for n in range(12)])
    created = snyk.invite('a@example.com', 'Org Auditor')
    memberships = snyk.memberships(limit=10)
    member = memberships.json()['data'][1]['id']
    patch = {'data': {'type': 'org_membership', 'id': member, 'attributes': {},
                      'relationships': {'role': {'data': {'type': 'org_role', 'id': SNYK_ROLES['Org Admin']}}}}}
    answers = {
        'self': snyk.call('GET', '/rest/self'),
        'org': snyk.call('GET', '/rest/orgs/' + SNYK_ORG),
        'create invite': created,
        'list invites': snyk.invites(),
        'list memberships': memberships,
        'next memberships': snyk.follow(memberships.json()['links']['next']),
        'change role': snyk.call('PATCH', '/rest/orgs/%s/memberships/%s' % (SNYK_ORG, member), body=patch),
        'cancel invite': snyk.call('DELETE', '/rest/orgs/%s/invites/%s' % (SNYK_ORG, created.json()['data']['id'])),
        'remove member': snyk.call('DELETE', '/rest/orgs/%s/memberships/%s' % (SNYK_ORG, member)),
        'bad request': snyk.invite('a@example.com', version=None),
        'unauthorized': snyk.call('GET', '/rest/self', headers={'Authorization': 'token nope'}),
        'not found': snyk.call('DELETE', '/rest/orgs/%s/invites/%s' % (SNYK_ORG, SNYK_GROUP)),
    }
    assert dict((name, _errors(sandbox, 'snyk_rest', answer)) for name, answer in answers.items()) == dict(
        (name, []) for name in answers)
    assert _errors(sandbox, 'snyk_v1', snyk.call('GET', '/v1/group/%s/roles' % SNYK_GROUP)) == []


def test_cybedefend_responses_conform(sandbox, admin, cybedefend):
    admin.configure(cybedefend_list_wrapped=False)  # the document's shape; the wrapper is checked below
    admin.seed_members('cybedefend', [{'email': 'dev@example.com', 'name': 'Dev Eloper', 'teams': [{'team': 'AppSec'}]}])
    dev = cybedefend.member_id('dev@example.com')
    invited = cybedefend.invite('a@example.com', teams=[{'teamId': CD_TEAMS['Platform'], 'role': 'read_only'}])
    team = '/team/' + CD_TEAMS['AppSec']
    answers = {
        'client apps': cybedefend.http.get(cybedefend.api + '/client-apps'),
        'profile': cybedefend.call('GET', '/user/profile'),
        'invite': invited,
        'invitations': cybedefend.invitations(),
        'cancel': cybedefend.call('DELETE', '/organization/{org}/invitation/' + invited.json()['id']),
        'members': cybedefend.members(),
        'change role': cybedefend.call('PUT', '/organization/{org}/member/role', json={'userId': dev, 'role': 'manager'}),
        'teams': cybedefend.call('GET', '/organization/{org}/teams'),
        'create team': cybedefend.call('POST', '/organization/{org}/team', json={'name': 'Blue', 'description': 'blue'}),
        'team members': cybedefend.call('GET', team + '/members', params={'page': 1, 'pageSize': 5}),
        'team role': cybedefend.call('PUT', team + '/member/role', json={'userId': dev, 'role': 'developer'}),
        'leave team': cybedefend.call('DELETE', team + '/member', json={'userId': dev}),
        'join team': cybedefend.call('POST', team + '/member', json={'userId': dev, 'role': 'read_only'}),
        'remove member': cybedefend.call('DELETE', '/organization/{org}/member', json={'userId': dev}),
        'bad request': cybedefend.invite('b@example.com', role='owner'),
        'forbidden': cybedefend.call('DELETE', '/organization/{org}/member', json={'userId': cybedefend.member_id('owner@example.com')}),
    }
    assert dict((name, _errors(sandbox, 'cybedefend', answer)) for name, answer in answers.items()) == dict(
        (name, []) for name in answers)


def test_response_validation_can_fail(sandbox, admin, cybedefend):
    wrapped = cybedefend.call('GET', '/organization/{org}/teams')  # {"teams": [...]}, the clients' shape
    assert _errors(sandbox, 'cybedefend', wrapped)
    snyk = Snyk(admin.url)
    answer = snyk.call('GET', '/rest/self')
    broken = json.loads(answer.content)
    del broken['data']['attributes']['email']
    problems = sandbox.server.validator.response_errors('snyk_rest', 'GET', answer.request.url, 200, answer.headers.items(),
                                                        json.dumps(broken).encode())
    assert problems


def test_documents_are_sliced_and_patched(sandbox):
    validator = sandbox.server.validator
    snyk_paths = set(validator.sliced('snyk_rest')['paths'])
    assert snyk_paths == {'/self', '/groups/{group_id}/orgs', '/orgs', '/orgs/{org_id}', '/orgs/{org_id}/invites', '/orgs/{org_id}/invites/{invite_id}',
                          '/orgs/{org_id}/memberships', '/orgs/{org_id}/memberships/{membership_id}'}
    cybedefend = validator.sliced('cybedefend')
    assert len(cybedefend['paths']) == 14  # POST and DELETE /team/{teamId}/member share a path
    users = cybedefend['components']['schemas']['PaginatedUsersResponseDto']['properties']['users']
    assert users['items'] == {'$ref': '#/components/schemas/UserInformationsResponseDto'}
    page = [item for item in cybedefend['paths']['/team/{teamId}/members']['get']['parameters'] if item['name'] == 'page'][0]
    assert page['schema'] == {'minimum': 1, 'type': 'number'}


def test_validation_reads_the_contracts_by_default(monkeypatch):
    monkeypatch.delenv(validation.SPECS_VARIABLE, raising=False)
    with control.start() as sandbox:
        health = SandboxAdmin(sandbox.url).health()
        assert health['validation'] is True and health['specs'] == validation.CONTRACTS
        assert os.path.isfile(os.path.join(health['specs'], 'snyk-rest.json'))
        extra = Snyk(sandbox.url).call('POST', '/rest/orgs/%s/invites' % SNYK_ORG,
                                       body={'data': {'type': 'org_invitation',
                                                      'attributes': {'email': 'a@example.com', 'role': SNYK_ROLES['Org Admin'], 'note': 'x'}}})
        assert extra.status_code == 400  # only the document forbids the extra attribute


def _vendor_folder(folder, snyk_limit_maximum):
    """A folder laid out like the full vendor documents, made from the contracts."""
    for document in validation.DOCUMENTS:
        with open(validation.document_file(document), encoding='utf-8') as handle:
            contract = json.load(handle)
        if document == 'snyk_rest':
            contract['components']['parameters']['Limit']['schema']['maximum'] = snyk_limit_maximum
        path = folder / contract['x-orgaccess-contract']['source']['file']
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(contract) if path.suffix == '.yaml' else json.dumps(contract), encoding='utf-8')


@pytest.mark.parametrize('how', ['option', 'variable'])
def test_a_folder_of_vendor_documents_replaces_the_contracts(tmp_path, monkeypatch, how):
    _vendor_folder(tmp_path, snyk_limit_maximum=50)
    monkeypatch.setenv(validation.SPECS_VARIABLE, str(tmp_path) if how == 'variable' else '/nonexistent/specs')
    with control.start(**({'specs': str(tmp_path)} if how == 'option' else {})) as sandbox:
        assert SandboxAdmin(sandbox.url).health()['specs'] == str(tmp_path)
        snyk = Snyk(sandbox.url)
        assert snyk.invites(limit=50).status_code == 200
        refused = snyk.invites(limit=60)  # within the contract's maximum (100), above this folder's
        assert refused.status_code == 400 and 'maximum of 50' in json.dumps(refused.json())
        assert sandbox.server.validator.load('snyk_v1')['paths']  # read from the YAML file


def test_a_missing_vendor_document_is_an_error(tmp_path):
    _vendor_folder(tmp_path, snyk_limit_maximum=100)
    (tmp_path / 'cybedefend' / 'openapi.json').unlink()
    with pytest.raises(validation.DocumentMissing) as info:
        control.start(specs=str(tmp_path))
    assert str(tmp_path / 'cybedefend' / 'openapi.json') in str(info.value)


def test_a_missing_contract_is_an_error(tmp_path, monkeypatch):
    monkeypatch.delenv(validation.SPECS_VARIABLE, raising=False)
    monkeypatch.setattr(validation, 'CONTRACTS', str(tmp_path))
    with pytest.raises(validation.DocumentMissing) as info:
        control.start()
    assert 'snyk-rest.json' in str(info.value) and 'tests/contracts/extract.py' in str(info.value)


def test_without_validation_the_manual_checks_remain(monkeypatch):
    monkeypatch.setattr(validation, 'CONTRACTS', '/nonexistent/contracts')  # not needed when validation is off
    with control.start(validate=False) as sandbox:
        admin = SandboxAdmin(sandbox.url)
        health = admin.health()
        assert health['validation'] is False and health['validation_off_because']
        snyk = Snyk(sandbox.url)
        extra = snyk.call('POST', '/rest/orgs/%s/invites' % SNYK_ORG,
                          body={'data': {'type': 'org_invitation',
                                         'attributes': {'email': 'a@example.com', 'role': SNYK_ROLES['Org Admin'], 'note': 'x'}}})
        assert extra.status_code == 201  # only the document forbids the extra attribute
        assert snyk.invite('b@example.com', version=None).status_code == 400
        assert snyk.invite('b@example.com', headers={'Content-Type': 'application/json'}).status_code == 400
        assert snyk.invites(limit=15).status_code == 400
        assert CybeDefend(sandbox.url).invitations(size=21).status_code == 400


def test_a_route_missing_from_the_document_is_an_error():
    with pytest.raises(validation.DocumentMissing) as info:
        validation.slice_document({'openapi': '3.0.3', 'paths': {'/self': {}}, 'components': {}}, ['/self', '/orgs/{org_id}/users'])
    assert '/orgs/{org_id}/users' in str(info.value) and 'tests/contracts/extract.py' in str(info.value)
