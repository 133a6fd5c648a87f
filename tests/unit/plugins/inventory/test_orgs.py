# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The inventory plugin orgaccess.onboarding.orgs: host names, filters, constructed options, caching and errors,
with the platforms' answers scripted (scripted_http)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import sys

import pytest
import yaml

from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader

from ansible_collections.orgaccess.onboarding.plugins.inventory.orgs import compile_patterns, host_name, name_selected, sanitize
from ansible_collections.orgaccess.onboarding.plugins.module_utils._http import HttpClient
from ansible_collections.orgaccess.onboarding.plugins.module_utils._platforms import ADAPTERS
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.scripted_http import Call, ScriptedSession

GROUP = '99999999-8888-4777-8666-555555555555'
ORG_A = '11111111-2222-4333-8444-00000000000a'
ORG_B = '11111111-2222-4333-8444-00000000000b'
SNYK_TOKEN = 'snyk-token-INVENTORY-XYZZY'
XDR_SECRET = 'xdr-secret-INVENTORY-PLUGH'
XDR_ACCESS = 'xdr-access-INVENTORY-FROB'
SECRETS = (SNYK_TOKEN, XDR_SECRET, XDR_ACCESS)


def snyk_org(org_id, name, slug):
    return {'type': 'org', 'id': org_id, 'attributes': {'name': name, 'slug': slug, 'is_personal': False, 'group_id': GROUP}}


def group_page(*orgs):
    return Call('GET', '/rest/groups/%s/orgs' % GROUP, body={'jsonapi': {'version': '1.0'}, 'data': list(orgs), 'links': {}})


def whoami(org_id, name):
    return [Call('POST', '/iroh/oauth2/token', body={'access_token': XDR_ACCESS, 'expires_in': 600}),
            Call('GET', '/iroh/profile/whoami', body={'user': {'user-id': 'u-1'}, 'org': {'id': org_id, 'name': name}})]


@pytest.fixture
def environment(monkeypatch):
    """No credential of the test runner's environment leaks in; returns monkeypatch to set the test's own."""
    for adapter in ADAPTERS.values():
        for spec in adapter.CONNECTION.values():
            for variable in spec.get('env', ()):
                monkeypatch.delenv(variable, raising=False)
    return monkeypatch


def parse(tmp_path, monkeypatch, config, calls, cache=False, name='test.orgs.yml'):
    """Run the plugin on config (a dict written as the inventory file); returns (inventory, session)."""
    path = tmp_path / name
    path.write_text(yaml.safe_dump(dict({'plugin': 'orgaccess.onboarding.orgs'}, **config)))
    session = ScriptedSession(calls)
    plugin = inventory_loader.get('orgaccess.onboarding.orgs')
    monkeypatch.setattr(sys.modules[type(plugin).__module__], 'HttpClient',
                        lambda platform, **kwargs: HttpClient(platform, session=session, sleep=lambda seconds: None, **kwargs))
    inventory = InventoryData()
    assert plugin.verify_file(str(path))
    plugin.parse(inventory, DataLoader(), str(path), cache=cache)
    if config.get('cache'):
        plugin.update_cache_if_changed()
    session.assert_done()
    return inventory, session


def hostvars(inventory, name):
    return dict(inventory.get_host(name).vars)


def members(inventory, group):
    return sorted(host.name for host in inventory.groups[group].get_hosts())


SNYK_SOURCE = {'platform': 'snyk', 'group_id': GROUP, 'region': 'SNYK-EU-01'}
XDR_SOURCE = {'platform': 'cisco_xdr', 'region': 'eu', 'orgs': [
    {'name': 'acme eu', 'secret_env': {'client_id': 'ACME_ID', 'client_secret': 'ACME_SECRET'}},
    {'name': 'Initech', 'org_id': 'org-initech', 'secret_vars': {'client_id': 'vault_initech_id',
                                                                 'client_secret': 'vault_initech_secret'}}]}


# Host names and filters


@pytest.mark.parametrize('text, expected', [('Team Payments', 'team_payments'), ('Sécurité & Ops', 'securite_ops'),
                                            ('  --ACME--eu-- ', 'acme_eu'), ('été', 'ete'), ('日本', '')])
def test_sanitize(text, expected):
    assert sanitize(text) == expected


def test_host_name_prefers_the_slug_then_the_name_then_the_id():
    assert host_name('snyk', {'id': ORG_A, 'name': 'Team Payments', 'slug': 'payments-eu'}) == 'snyk_payments_eu'
    assert host_name('cisco_xdr', {'id': 'x', 'name': 'Acme EU', 'slug': None}) == 'cisco_xdr_acme_eu'
    assert host_name('cybedefend', {'id': 'ABC-1', 'name': '日本', 'slug': None}) == 'cybedefend_abc_1'


@pytest.mark.parametrize('include, exclude, name, selected', [
    ([], [], 'Anything', True),
    (['team *'], [], 'Team Payments', True),            # globs ignore case
    (['team ?'], [], 'Team Payments', False),
    (['~^Team [0-9]+$'], [], 'Team 12', True),          # regexes are searched, case-sensitively
    (['~^team'], [], 'Team 12', False),
    (['~(?i)^team'], [], 'Team 12', True),
    ([], ['*sandbox*'], 'Sandbox Org', False),
    (['*'], ['~Org$'], 'Sandbox Org', False),           # exclusion wins
])
def test_filters(include, exclude, name, selected):
    assert name_selected(name, compile_patterns(include, 'include'), compile_patterns(exclude, 'exclude')) is selected


def test_a_bad_regex_names_the_filter():
    with pytest.raises(AnsibleParserError, match=r'exclude\[1\] is not a regular expression'):
        compile_patterns(['ok', '~('], 'exclude')


def test_verify_file_names(tmp_path):
    plugin = inventory_loader.get('orgaccess.onboarding.orgs')
    for name, accepted in (('prod.orgs.yml', True), ('prod.orgs.yaml', True), ('orgs.yml', True), ('prod.yml', False),
                           ('myorgs.yml', False)):
        (tmp_path / name).write_text('plugin: orgaccess.onboarding.orgs\n')
        assert plugin.verify_file(str(tmp_path / name)) is accepted, name


# Hosts, groups and variables


def test_hosts_groups_and_vars_without_any_secret(tmp_path, environment):
    environment.setenv('SNYK_TOKEN', SNYK_TOKEN)
    environment.setenv('ACME_ID', 'client-acme')
    environment.setenv('ACME_SECRET', XDR_SECRET)
    calls = [group_page(snyk_org(ORG_A, 'Team Payments', 'payments'), snyk_org(ORG_B, 'Sandbox', 'sandbox'))]
    calls += whoami('org-acme', 'Acme EU')
    inventory, session = parse(tmp_path, environment, {
        'sources': [SNYK_SOURCE, XDR_SOURCE], 'exclude': ['sandbox'],
        'keyed_groups': [{'key': 'orgaccess_connection.region', 'prefix': 'region'}],
        'groups': {'payments': "'Payments' in orgaccess_org_name"},
        'compose': {'ansible_python_interpreter': "'/opt/venv/bin/python'"}}, calls)
    assert members(inventory, 'orgaccess_orgs') == ['cisco_xdr_acme_eu', 'cisco_xdr_initech', 'snyk_payments']
    assert members(inventory, 'snyk') == ['snyk_payments']
    assert members(inventory, 'cisco_xdr') == ['cisco_xdr_acme_eu', 'cisco_xdr_initech']
    assert members(inventory, 'payments') == ['snyk_payments']
    assert members(inventory, 'region_eu') == ['cisco_xdr_acme_eu', 'cisco_xdr_initech']
    assert members(inventory, 'region_SNYK_EU_01') == ['snyk_payments']
    snyk = hostvars(inventory, 'snyk_payments')
    assert snyk['orgaccess_platform'] == 'snyk' and snyk['orgaccess_org_id'] == ORG_A
    assert snyk['orgaccess_org_name'] == 'Team Payments' and snyk['orgaccess_org_slug'] == 'payments'
    assert snyk['orgaccess_connection'] == {'group_id': GROUP, 'region': 'SNYK-EU-01'}
    assert snyk['ansible_connection'] == 'local' and snyk['ansible_python_interpreter'] == '/opt/venv/bin/python'
    assert 'orgaccess_secret_env' not in snyk
    acme = hostvars(inventory, 'cisco_xdr_acme_eu')
    assert (acme['orgaccess_org_id'], acme['orgaccess_org_name']) == ('org-acme', 'Acme EU')  # the platform's name
    assert acme['orgaccess_secret_env'] == {'client_id': 'ACME_ID', 'client_secret': 'ACME_SECRET'}
    initech = hostvars(inventory, 'cisco_xdr_initech')
    assert initech['orgaccess_org_id'] == 'org-initech'
    assert initech['orgaccess_secret_vars'] == {'client_id': 'vault_initech_id', 'client_secret': 'vault_initech_secret'}
    dumped = json.dumps([hostvars(inventory, host) for host in inventory.hosts], default=str)
    assert not [secret for secret in SECRETS + ('client-acme',) if secret in dumped]
    # The token went to Snyk, the API client's credentials to Cisco: both read from the environment.
    assert session.seen[0][5]['Authorization'] == 'token ' + SNYK_TOKEN


def test_hosts_of_the_sources_come_in_turn(tmp_path, environment):
    environment.setenv('SNYK_TOKEN', SNYK_TOKEN)
    environment.setenv('ACME_ID', 'client-acme')
    environment.setenv('ACME_SECRET', XDR_SECRET)
    third = '22222222-2222-4333-8444-00000000000c'
    calls = [group_page(snyk_org(ORG_A, 'Alpha', 'alpha'), snyk_org(ORG_B, 'Beta', 'beta'), snyk_org(third, 'Gamma', 'gamma'))]
    calls += whoami('org-acme', 'Acme EU')
    inventory, _session = parse(tmp_path, environment, {'sources': [SNYK_SOURCE, XDR_SOURCE]}, calls)
    # The order plays run them in: one organisation of each source in turn, so forks reach every credential at once.
    assert [host.name for host in inventory.groups['orgaccess_orgs'].get_hosts()] == [
        'snyk_alpha', 'cisco_xdr_acme_eu', 'snyk_beta', 'cisco_xdr_initech', 'snyk_gamma']


def test_colliding_names_get_the_start_of_the_org_id(tmp_path, environment):
    environment.setenv('SNYK_TOKEN', SNYK_TOKEN)
    other = '22222222-2222-4333-8444-00000000000c'
    inventory, _session = parse(tmp_path, environment, {'sources': [SNYK_SOURCE]},
                                [group_page(snyk_org(ORG_A, 'Team A', 'team-a'), snyk_org(other, 'Team.A', 'team.a'),
                                            snyk_org(ORG_B, 'Team B', 'team-b'))])
    assert members(inventory, 'snyk') == ['snyk_team_a_11111111', 'snyk_team_a_22222222', 'snyk_team_b']


def test_ids_that_start_alike_give_the_whole_id(tmp_path, environment):
    environment.setenv('SNYK_TOKEN', SNYK_TOKEN)
    inventory, _session = parse(tmp_path, environment, {'sources': [SNYK_SOURCE]},
                                [group_page(snyk_org(ORG_A, 'Team A', 'team-a'), snyk_org(ORG_B, 'Team.A', 'team.a'))])
    assert members(inventory, 'snyk') == ['snyk_team_a_%s' % sanitize(ORG_A), 'snyk_team_a_%s' % sanitize(ORG_B)]


def test_the_same_org_from_two_sources_is_refused(tmp_path, environment):
    environment.setenv('SNYK_TOKEN', SNYK_TOKEN)
    page = group_page(snyk_org(ORG_A, 'Team A', 'team-a'))
    with pytest.raises(AnsibleParserError, match=r'sources\[0\] and sources\[1\] name the same snyk organisation'):
        parse(tmp_path, environment, {'sources': [SNYK_SOURCE, SNYK_SOURCE]}, [page, group_page(snyk_org(ORG_A, 'Team A', 'team-a'))])


def test_cached_orgs_are_used_without_a_request_and_filtered_again(tmp_path, environment):
    environment.setenv('SNYK_TOKEN', SNYK_TOKEN)
    cache = {'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(tmp_path / 'cache')}
    config = dict({'sources': [SNYK_SOURCE]}, **cache)
    first, _session = parse(tmp_path, environment, config, [group_page(snyk_org(ORG_A, 'Alpha', 'alpha'),
                                                                       snyk_org(ORG_B, 'Beta', 'beta'))], cache=True)
    assert sorted(first.hosts) == ['snyk_alpha', 'snyk_beta']
    second, session = parse(tmp_path, environment, dict(config, exclude=['beta']), [], cache=True)
    assert sorted(second.hosts) == ['snyk_alpha'] and session.seen == []


# Errors


@pytest.mark.parametrize('source, message', [
    ({'platform': 'gitlab'}, r'sources\[0\]\.platform must be one of cisco_xdr, snyk, cybedefend'),
    ({'platform': 'snyk', 'api_token': SNYK_TOKEN}, r'sources\[0\]\.api_token: a secret is never written in an inventory source'),
    ({'platform': 'snyk', 'group': GROUP}, r'sources\[0\]\.group: is not a key of a snyk source; use api_url, api_version'),
    ({'platform': 'snyk', 'org_id': ORG_A}, r'sources\[0\]\.org_id: is not a key'),
    ({'platform': 'cisco_xdr', 'orgs': [{'name': 'A', 'secret_env': {'password': 'X'}}]},
     r'sources\[0\]\.orgs\[0\]\.secret_env\.password: is not a credential option of cisco_xdr'),
    ({'platform': 'cisco_xdr', 'orgs': [{'secret_vars': {'client_secret': 'vault_x'}}]},
     r'sources\[0\]\.orgs\[0\]\.name: is required when the plugin does not read'),
])
def test_bad_sources_name_the_field(tmp_path, environment, source, message):
    with pytest.raises(AnsibleParserError, match=message) as caught:
        parse(tmp_path, environment, {'sources': [source]}, [])
    assert SNYK_TOKEN not in str(caught.value)


def test_a_source_without_its_credentials_names_what_is_missing(tmp_path, environment):
    with pytest.raises(AnsibleParserError) as caught:
        parse(tmp_path, environment, {'sources': [{'platform': 'cisco_xdr', 'region': 'eu'}, SNYK_SOURCE]}, [])
    assert 'sources[0]: cisco_xdr: the credentials to read the organisations are missing' in str(caught.value)
    assert 'client_id (set CISCO_XDR_CLIENT_ID)' in str(caught.value)
    assert 'client_secret (set CISCO_XDR_CLIENT_PASSWORD or CISCO_XDR_CLIENT_SECRET)' in str(caught.value)


def test_verify_always_refuses_credentials_only_the_play_resolves(tmp_path, environment):
    with pytest.raises(AnsibleParserError) as caught:
        parse(tmp_path, environment, {'sources': [XDR_SOURCE], 'verify_credentials': 'always'}, [])
    assert 'sources[0].orgs[0]: cisco_xdr: the credentials to read the organisations are missing' in str(caught.value)
    assert 'environment variable ACME_ID, from secret_env, is not set' in str(caught.value)


def test_never_verify_takes_entries_as_given(tmp_path, environment):
    environment.setenv('ACME_ID', 'client-acme')
    environment.setenv('ACME_SECRET', XDR_SECRET)
    inventory, session = parse(tmp_path, environment, {'sources': [XDR_SOURCE], 'verify_credentials': 'never'}, [])
    assert sorted(inventory.hosts) == ['cisco_xdr_acme_eu', 'cisco_xdr_initech'] and session.seen == []
    assert 'orgaccess_org_id' not in hostvars(inventory, 'cisco_xdr_acme_eu')


def test_an_entry_whose_credentials_belong_to_another_org_is_refused(tmp_path, environment):
    environment.setenv('ACME_ID', 'client-acme')
    environment.setenv('ACME_SECRET', XDR_SECRET)
    with pytest.raises(AnsibleParserError) as caught:
        parse(tmp_path, environment, {'sources': [XDR_SOURCE]}, whoami('org-globex', 'Globex'))
    assert "sources[0].orgs[0].name: cisco_xdr: 'acme eu' is not the name of the credentials' organisation, 'Globex'" in str(caught.value)


def test_vendor_errors_name_the_source_request_and_message_never_the_secret(tmp_path, environment):
    environment.setenv('SNYK_TOKEN', SNYK_TOKEN)
    refused = Call('GET', '/rest/groups/%s/orgs' % GROUP, status=403,
                   body={'jsonapi': {'version': '1.0'}, 'errors': [{'status': '403', 'detail': 'Token %s may not list this group' % SNYK_TOKEN}]})
    with pytest.raises(AnsibleParserError) as caught:
        parse(tmp_path, environment, {'sources': [SNYK_SOURCE]}, [refused])
    text = str(caught.value)
    assert text.startswith('orgaccess.onboarding.orgs: sources[0]: snyk: GET /rest/groups/%s/orgs returned HTTP 403' % GROUP)
    assert 'may not list this group' in text and SNYK_TOKEN not in text


def test_a_missing_group_names_the_source_field(tmp_path, environment):
    environment.setenv('SNYK_TOKEN', SNYK_TOKEN)
    with pytest.raises(AnsibleParserError, match=r'sources\[0\]\.group_id: snyk: is required to list the organisations of a group'):
        parse(tmp_path, environment, {'sources': [{'platform': 'snyk'}]}, [])
