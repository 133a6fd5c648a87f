# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Where the vendor-document checks read from: the in-repo contracts, or $ORGACCESS_SPECS; never a skip."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import pytest
import yaml

from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils import vendor_specs

CONTRACT_NAMES = ('snyk-rest', 'snyk-v1', 'cybedefend')
ORG = '11111111-2222-4333-8444-555555555555'
INVITES = {'/orgs/{org_id}/invites': ['get']}
HEADERS = {'Authorization': 'token snyk-token', 'Accept': 'application/vnd.api+json'}


def list_invites(spec, limit):
    spec.validate_request('GET', 'https://api.snyk.io/rest/orgs/%s/invites' % ORG, params={'version': '2024-10-15', 'limit': limit},
                          headers=HEADERS)


def vendor_folder(folder, snyk_limit_maximum):
    """A folder laid out like the full vendor documents, made from the contracts."""
    for name in CONTRACT_NAMES:
        with open(os.path.join(vendor_specs.CONTRACTS, name + '.json')) as handle:
            contract = json.load(handle)
        if name == 'snyk-rest':
            contract['components']['parameters']['Limit']['schema']['maximum'] = snyk_limit_maximum
        path = folder.joinpath(*contract['x-orgaccess-contract']['source']['file'].split('/'))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(contract) if path.suffix == '.yaml' else json.dumps(contract))


@pytest.mark.parametrize('name', CONTRACT_NAMES)
def test_the_contracts_are_read_by_default(monkeypatch, name):
    monkeypatch.delenv(vendor_specs.SPECS_VARIABLE, raising=False)
    assert vendor_specs.spec_file(name) == os.path.join(vendor_specs.CONTRACTS, name + '.json')
    contract = vendor_specs.document(name)
    assert contract['x-orgaccess-contract']['operations'] and contract['paths']


def test_a_folder_of_vendor_documents_replaces_the_contracts(monkeypatch, tmp_path):
    monkeypatch.delenv(vendor_specs.SPECS_VARIABLE, raising=False)
    list_invites(vendor_specs.vendor_spec('snyk-rest', INVITES), 60)  # the contract allows up to 100
    vendor_folder(tmp_path, snyk_limit_maximum=50)
    monkeypatch.setenv(vendor_specs.SPECS_VARIABLE, str(tmp_path))
    assert vendor_specs.spec_file('snyk-rest') == str(tmp_path / 'snyk' / 'snyk-rest-openapi.json')
    spec = vendor_specs.vendor_spec('snyk-rest', INVITES)
    list_invites(spec, 50)
    with pytest.raises(Exception) as info:
        list_invites(spec, 60)
    assert 'maximum of 50' in repr(info.value.__cause__.schema_errors)
    assert vendor_specs.spec_file('snyk-v1').endswith('.yaml')
    assert set(vendor_specs.document('snyk-v1')['paths']) == {'/group/{groupId}/roles'}


def test_a_missing_vendor_document_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv(vendor_specs.SPECS_VARIABLE, str(tmp_path))
    with pytest.raises(vendor_specs.DocumentMissing) as info:
        vendor_specs.vendor_spec('cybedefend', {'/user/profile': ['get']})
    assert str(tmp_path / 'cybedefend' / 'openapi.json') in str(info.value)


def test_a_missing_contract_is_an_error(monkeypatch, tmp_path):
    monkeypatch.delenv(vendor_specs.SPECS_VARIABLE, raising=False)
    monkeypatch.setattr(vendor_specs, 'CONTRACTS', str(tmp_path))
    with pytest.raises(vendor_specs.DocumentMissing) as info:
        vendor_specs.document('snyk-rest')
    assert os.path.join(str(tmp_path), 'snyk-rest.json') in str(info.value) and 'tests/contracts/extract.py' in str(info.value)
