# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest
import yaml

from ansible_collections.orgaccess.onboarding.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.orgaccess.onboarding.plugins.module_utils import _module, _platforms
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError, ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._engine import Outcome
from ansible_collections.orgaccess.onboarding.plugins.module_utils._module import OrgAccessModule, connection_argument_spec
from ansible_collections.orgaccess.onboarding.plugins.module_utils._platforms import ADAPTERS, PLATFORM_NAMES
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.module_runner import (
    CONNECTIONS,
    clear_environment,
    run_module,
    use_platform,
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    clear_environment(monkeypatch)


def module_with(engine, own_spec=None):
    """A module ``main`` around the base with a given engine."""
    def main():
        OrgAccessModule(argument_spec=own_spec or {}).run(engine)
    return main


def quiet(adapter, params, check_mode=False):
    return Outcome({'invites': []})


# The shared options and their documentation

TRANSPORT = ('validate_certs', 'timeout', 'retries', 'max_retry_wait', 'concurrency', 'request_budget')


def test_shared_options():
    spec = connection_argument_spec()
    assert spec['platform'] == {'type': 'str', 'required': True, 'choices': list(PLATFORM_NAMES)}
    assert set(PLATFORM_NAMES) == set(ADAPTERS) == {'cisco_xdr', 'snyk', 'cybedefend'}
    assert sorted(option for option, option_spec in spec.items() if option_spec.get('no_log')) == ['api_token', 'client_secret']
    # No default in the spec, so that an option left unset can come from connections; the module base applies these.
    assert [spec[option].get('default') for option in TRANSPORT] == [None] * 6
    assert [_module.TRANSPORT_DEFAULTS[option] for option in TRANSPORT] == [True, 30, 5, 60, 4, None]


def test_the_onboard_role_knows_the_registrys_platforms():
    # The role's Jinja checks cannot import the registry, so roles/onboard/vars/main.yml lists the names again.
    collection_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(_platforms.__file__))))
    with open(os.path.join(collection_root, 'roles', 'onboard', 'vars', 'main.yml'), encoding='utf-8') as handle:
        role_vars = yaml.safe_load(handle)
    assert sorted(role_vars['onboard_platform_names']) == sorted(PLATFORM_NAMES)


@pytest.mark.parametrize('platform', sorted(ADAPTERS))
def test_each_connections_entry_takes_its_platforms_options_with_their_secrets_no_log(platform):
    shared = connection_argument_spec()
    entry = shared['connections']['options'][platform]
    assert entry['type'] == 'dict'
    assert sorted(entry['options']) == sorted(set(ADAPTERS[platform].CONNECTION) | set(TRANSPORT))
    for option, option_spec in entry['options'].items():
        assert option_spec == shared[option], option
    secrets = sorted(option for option, spec in ADAPTERS[platform].CONNECTION.items() if spec.get('secret'))
    assert sorted(option for option, spec in entry['options'].items() if spec.get('no_log')) == secrets


def assert_documented(documented, spec, path=''):
    assert sorted(documented) == sorted(spec), path
    for option, option_spec in spec.items():
        docs = documented[option]
        where = path + option
        assert docs['type'] == option_spec['type'], where
        assert docs.get('default') == option_spec.get('default'), where
        assert docs.get('required', False) == option_spec.get('required', False), where
        assert docs.get('choices') == option_spec.get('choices'), where
        if 'options' in option_spec:
            assert_documented(docs.get('suboptions', {}), option_spec['options'], where + '.')


def test_doc_fragment_matches_the_shared_options():
    assert_documented(yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options'], connection_argument_spec())


@pytest.mark.parametrize('platform', sorted(ADAPTERS))
def test_every_connection_option_of_an_adapter_is_a_module_option(platform):
    unknown = sorted(set(ADAPTERS[platform].CONNECTION) - set(connection_argument_spec()))
    assert unknown == [], '%s reads options that modules do not take: %s' % (platform, ', '.join(unknown))


@pytest.mark.parametrize('platform', sorted(ADAPTERS))
def test_shared_choices_are_the_adapter_tables_choices(platform):
    spec = connection_argument_spec()
    for option, option_spec in ADAPTERS[platform].CONNECTION.items():
        if spec[option].get('choices') is not None:
            assert sorted(spec[option]['choices']) == sorted(option_spec['choices']), option
            assert 'default' not in spec[option], '%s: the adapter table holds the default' % option


@pytest.mark.parametrize('platform', sorted(ADAPTERS))
def test_doc_fragment_names_every_environment_variable(platform):
    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']
    for option, option_spec in ADAPTERS[platform].CONNECTION.items():
        variables = option_spec.get('env', ())
        text = ' '.join(documented.get(option, {}).get('description', []))
        for variable in variables:
            assert 'E(%s)' % variable in text, '%s of %s is not documented on option %s' % (variable, platform, option)


# Running an engine

@pytest.mark.parametrize('option, value, words', [
    ('concurrency', 0, 'concurrency: must be between 1 and 16, got 0'),
    ('concurrency', 17, 'concurrency: must be between 1 and 16, got 17'),
    ('timeout', 0, 'timeout: must be at least 1, got 0'),
    ('retries', -1, 'retries: must be at least 0, got -1'),
    ('max_retry_wait', -5, 'max_retry_wait: must be at least 0, got -5'),
])
def test_option_ranges(monkeypatch, capsys, option, value, words):
    made = use_platform(monkeypatch, 'snyk')
    args = dict(CONNECTIONS['snyk'], platform='snyk', **{option: value})
    result, _out, code = run_module(module_with(quiet), args, capsys)
    assert code == 1 and result['failed'] is True and result['msg'] == words
    assert made == []


def test_missing_requests(monkeypatch, capsys):
    monkeypatch.setattr(_module, 'HAS_REQUESTS', False)
    result, _out, code = run_module(module_with(quiet), dict(CONNECTIONS['snyk'], platform='snyk'), capsys)
    assert code == 1 and 'requests' in result['msg'] and 'Failed to import the required Python library' in result['msg']


def test_client_and_adapter_are_built_from_the_options(monkeypatch, capsys):
    made = use_platform(monkeypatch, 'snyk')
    args = dict(CONNECTIONS['snyk'], platform='snyk', timeout=7, retries=2, max_retry_wait=9, concurrency=12, validate_certs=False)
    result, _out, code = run_module(module_with(quiet), args, capsys)
    # ansible-core 2.21 adds 'invocation' only when the controller asks for it; older releases always do.
    result.pop('invocation', None)
    assert code == 0 and result == {'changed': False, 'invites': []}
    [adapter] = made
    client = adapter.client
    assert (client.platform, client.timeout, client.retries, client.max_retry_wait, client.session.verify) == ('snyk', 7, 2, 9, False)
    assert adapter.concurrency == 12
    assert adapter.connection['api_token'] == 'snyk-token-0001'
    assert adapter.connection['region'] == 'SNYK-US-01'  # the adapter's default
    assert adapter.connection['auth_scheme'] == 'token'  # likewise
    assert client.redact('token snyk-token-0001') == 'token ********'


def test_auth_scheme_is_passed_to_the_adapter(monkeypatch, capsys):
    made = use_platform(monkeypatch, 'snyk')
    _result, _out, code = run_module(module_with(quiet), dict(CONNECTIONS['snyk'], platform='snyk', auth_scheme='bearer'), capsys)
    assert code == 0 and made[0].connection['auth_scheme'] == 'bearer'


def test_connection_errors_name_the_option_and_variable(monkeypatch, capsys):
    use_platform(monkeypatch, 'snyk')
    result, _out, code = run_module(module_with(quiet), {'platform': 'snyk', 'api_token': 'snyk-token-0001'}, capsys)
    assert code == 1 and result['msg'] == 'snyk: org_id: is required (or set SNYK_ORG_ID)'


def test_environment_secrets_are_registered_and_masked(monkeypatch, capsys):
    monkeypatch.setenv('SNYK_TOKEN', 'env-token-123456')
    monkeypatch.setenv('SNYK_ORG_ID', CONNECTIONS['snyk']['org_id'])
    made = use_platform(monkeypatch, 'snyk')

    def leaky(adapter, params, check_mode=False):
        return Outcome({'echo': 'the token is env-token-123456'})
    result, out, code = run_module(module_with(leaky), {'platform': 'snyk'}, capsys)
    assert code == 0
    assert made[0].connection['api_token'] == 'env-token-123456'
    assert 'env-token-123456' not in out
    assert made[0].client.redact('env-token-123456') == '********'


@pytest.mark.parametrize('error', [
    ApiError('snyk', 'GET', '/rest/orgs', 401, vendor_message='token snyk-token-0001 is not valid'),
    ValidationError('bad value snyk-token-0001', field='role', platform='snyk'),
])
def test_errors_become_failures_without_secrets(monkeypatch, capsys, error):
    use_platform(monkeypatch, 'snyk')

    def failing(adapter, params, check_mode=False):
        raise error
    result, out, code = run_module(module_with(failing), dict(CONNECTIONS['snyk'], platform='snyk'), capsys)
    assert code == 1 and result['failed'] is True
    assert 'snyk-token-0001' not in out
    assert result['msg'].startswith('snyk: ') and '********' in result['msg']


def test_secret_masked_even_when_the_engine_echoes_it(monkeypatch, capsys):
    use_platform(monkeypatch, 'cisco_xdr')

    def leaky(adapter, params, check_mode=False):
        return Outcome({'echo': params['client_secret']})
    result, out, code = run_module(module_with(leaky), dict(CONNECTIONS['cisco_xdr'], platform='cisco_xdr'), capsys)
    assert code == 0 and 'xdr-secret-0001' not in out


def diffing(adapter, params, check_mode=False):
    return Outcome({'invites': [], 'summary': {}}, changed=True, diff={'before': {'a': 1}, 'after': {'a': 2}})


@pytest.mark.parametrize('diff_mode', [False, True])
def test_diff_only_in_diff_mode(monkeypatch, capsys, diff_mode):
    use_platform(monkeypatch, 'snyk')
    args = dict(CONNECTIONS['snyk'], platform='snyk', _ansible_diff=diff_mode)
    result, _out, code = run_module(module_with(diffing), args, capsys)
    assert code == 0 and result['changed'] is True
    assert ('diff' in result) is diff_mode
    if diff_mode:
        assert result['diff'] == {'before': {'a': 1}, 'after': {'a': 2}}


def test_check_mode_reaches_the_engine(monkeypatch, capsys):
    use_platform(monkeypatch, 'snyk')
    seen = []

    def engine(adapter, params, check_mode=False):
        seen.append(check_mode)
        return Outcome({})
    run_module(module_with(engine), dict(CONNECTIONS['snyk'], platform='snyk', _ansible_check_mode=True), capsys)
    assert seen == [True]


def test_failed_items_fail_the_module_but_every_value_is_returned(monkeypatch, capsys):
    use_platform(monkeypatch, 'snyk')

    def partly(adapter, params, check_mode=False):
        return Outcome({'invites': [{'email': 'a@example.com', 'action': 'failed'}], 'summary': {'failed': 1}}, changed=True,
                       diff={'before': {}, 'after': {}}, error='1 of 1 invites failed (a@example.com)')
    result, _out, code = run_module(module_with(partly), dict(CONNECTIONS['snyk'], platform='snyk', _ansible_diff=True), capsys)
    assert code == 1 and result['failed'] is True and result['changed'] is True
    assert result['msg'] == '1 of 1 invites failed (a@example.com)'
    assert result['invites'] == [{'email': 'a@example.com', 'action': 'failed'}] and result['summary'] == {'failed': 1}
    assert result['diff'] == {'before': {}, 'after': {}}


@pytest.fixture
def tracebacks_on(monkeypatch):
    """From ansible-core 2.19 a module returns ``exception`` only when tracebacks are on; before, always."""
    try:
        from ansible.module_utils._internal import _traceback
    except ImportError:
        return
    monkeypatch.setattr(_traceback, '_is_traceback_enabled', lambda event: True)


def test_an_outcome_stopped_midway_fails_with_changed_the_items_and_the_traceback(monkeypatch, capsys, tracebacks_on):
    use_platform(monkeypatch, 'snyk')

    def stopped(adapter, params, check_mode=False):
        return Outcome({'invites': [{'email': 'a@example.com', 'action': 'created'}]}, changed=True,
                       error='the run stopped midway after writing to the platform', exception='Traceback: token snyk-token-0001')
    result, out, code = run_module(module_with(stopped), dict(CONNECTIONS['snyk'], platform='snyk'), capsys)
    assert code == 1 and result['changed'] is True and result['invites'] == [{'email': 'a@example.com', 'action': 'created'}]
    assert result['exception'] == 'Traceback: token ********' and 'snyk-token-0001' not in out


def test_an_unexpected_error_before_any_write_fails_cleanly_without_secrets(monkeypatch, capsys, tracebacks_on):
    use_platform(monkeypatch, 'snyk')

    def broken(adapter, params, check_mode=False):
        raise KeyError('snyk-token-0001')
    result, out, code = run_module(module_with(broken), dict(CONNECTIONS['snyk'], platform='snyk'), capsys)
    assert code == 1 and result['failed'] is True and result['changed'] is False
    assert result['msg'] == "unexpected error, nothing was changed: KeyError: '********'"
    assert 'Traceback' in result['exception'] and 'snyk-token-0001' not in out


def test_module_rules_are_passed_on(monkeypatch, capsys):
    use_platform(monkeypatch, 'snyk')

    def main():
        OrgAccessModule(argument_spec=dict(a=dict(type='str'), b=dict(type='str')), mutually_exclusive=[('a', 'b')]).run(quiet)
    result, _out, code = run_module(main, dict(CONNECTIONS['snyk'], platform='snyk', a='1', b='2'), capsys)
    assert code == 1 and 'mutually exclusive' in result['msg']


# The check-mode gate is on in check mode and for modules that only read


@pytest.mark.parametrize('check_mode, read_only_module, expected', [
    (False, False, False),
    (True, False, True),
    (False, True, True),
    (True, True, True),
])
def test_the_client_is_read_only_in_check_mode_and_for_read_only_modules(monkeypatch, capsys, check_mode, read_only_module, expected):
    made = use_platform(monkeypatch, 'snyk')

    def main():
        OrgAccessModule(read_only=read_only_module).run(quiet)
    _result, _out, code = run_module(main, dict(CONNECTIONS['snyk'], platform='snyk', _ansible_check_mode=check_mode), capsys)
    assert code == 0 and made[0].client.read_only is expected


def test_a_refused_write_fails_the_module_with_a_clear_message(monkeypatch, capsys):
    use_platform(monkeypatch, 'snyk')

    def writing(adapter, params, check_mode=False):
        adapter.client.request('POST', 'https://api.snyk.io/rest/orgs/x/invites?token=snyk-token-0001', json={})
        return Outcome({})
    result, _out, code = run_module(module_with(writing), dict(CONNECTIONS['snyk'], platform='snyk', _ansible_check_mode=True), capsys)
    assert code == 1 and result['failed'] is True
    assert result['msg'] == ('snyk: internal error: POST /rest/orgs/x/invites is a write and this run may only read'
                             ' (check mode or an _info module); it was not sent')


# connections: the connection of each platform in one option

SNYK_ORG = CONNECTIONS['snyk']['org_id']
OTHER_ORG = '0f4b2a9c-6d1e-4b7a-8c3d-2e5f6a7b8c9d'


def test_a_task_uses_the_entry_of_its_own_platform(monkeypatch, capsys):
    made = use_platform(monkeypatch, 'snyk')
    connections = {'snyk': dict(CONNECTIONS['snyk'], timeout=7, validate_certs=False, concurrency=9),
                   'cybedefend': dict(CONNECTIONS['cybedefend'], timeout=50)}
    _result, _out, code = run_module(module_with(quiet), {'platform': 'snyk', 'connections': connections}, capsys)
    assert code == 0
    [adapter] = made
    assert adapter.connection['api_token'] == 'snyk-token-0001' and adapter.connection['org_id'] == SNYK_ORG
    assert (adapter.client.timeout, adapter.client.session.verify, adapter.concurrency) == (7, False, 9)
    assert adapter.client.retries == 5  # the default, as no one set it


def test_null_options_a_platform_does_not_use_are_ignored(monkeypatch, capsys):
    made = use_platform(monkeypatch, 'snyk')
    connections = {'snyk': dict(CONNECTIONS['snyk'], client_secret=None, auth_url=None)}
    _result, _out, code = run_module(module_with(quiet), {'platform': 'snyk', 'connections': connections}, capsys)
    assert code == 0 and made[0].connection['api_token'] == 'snyk-token-0001'


def test_the_tasks_own_option_beats_the_entry_which_beats_the_environment(monkeypatch, capsys):
    monkeypatch.setenv('SNYK_TOKEN', 'env-token-000001')
    monkeypatch.setenv('SNYK_ORG_ID', OTHER_ORG)
    monkeypatch.setenv('SNYK_API_VERSION', '2024-01-01')
    made = use_platform(monkeypatch, 'snyk')
    args = {'platform': 'snyk', 'api_token': 'task-token-000001', 'timeout': 11,
            'connections': {'snyk': {'api_token': 'entry-token-00001', 'org_id': SNYK_ORG, 'timeout': 7}}}
    _result, _out, code = run_module(module_with(quiet), args, capsys)
    assert code == 0
    connection = made[0].connection
    assert connection['api_token'] == 'task-token-000001'  # task > entry
    assert connection['org_id'] == SNYK_ORG  # entry > environment
    assert connection['api_version'] == '2024-01-01'  # environment > default
    assert connection['region'] == 'SNYK-US-01'  # default
    assert made[0].client.timeout == 11


def test_the_entry_of_another_platform_is_not_used(monkeypatch, capsys):
    made = use_platform(monkeypatch, 'snyk')
    args = {'platform': 'snyk', 'connections': {'cybedefend': CONNECTIONS['cybedefend']}}
    result, _out, code = run_module(module_with(quiet), args, capsys)
    assert code == 1 and result['msg'] == 'snyk: api_token: is required (or set SNYK_TOKEN)'
    assert made == []


@pytest.mark.parametrize('connections, message', [
    ({'snyk': {'api_tokn': 'typo-token-000001'}},
     'connections.snyk.api_tokn: is not an option of snyk; use api_token, api_url, api_version, auth_scheme, concurrency, '
     'group_id, max_retry_wait, org_id, region, request_budget, retries, timeout, validate_certs'),
    ({'snyk': {'client_secret': 'typo-token-000001'}},
     'connections.snyk.client_secret: is not an option of snyk; use api_token, api_url, api_version, auth_scheme, concurrency, '
     'group_id, max_retry_wait, org_id, region, request_budget, retries, timeout, validate_certs'),
    ({'snyx': {'api_token': 'typo-token-000001'}}, 'connections.snyx: is not a platform; use cisco_xdr, snyk, cybedefend'),
    ({'cisco_xdr': {'platform': 'snyk', 'client_secret': 'typo-token-000001'}},
     'connections.cisco_xdr.platform: is not an option of cisco_xdr; use api_url, client_id, client_secret, concurrency, '
     'max_retry_wait, region, request_budget, retries, timeout, validate_certs'),
    ({'snyk': dict(CONNECTIONS['snyk'], timeout=0)}, 'connections.snyk.timeout: must be at least 1, got 0'),
    ({'snyk': dict(CONNECTIONS['snyk'], org_id='not-a-uuid')}, "snyk: org_id: 'not-a-uuid' (from connections.snyk.org_id) is not a UUID"),
])
def test_a_bad_entry_fails_naming_the_field_before_any_request(monkeypatch, capsys, connections, message):
    made = use_platform(monkeypatch, 'snyk')
    result, out, code = run_module(module_with(quiet), {'platform': 'snyk', 'connections': connections}, capsys)
    assert code == 1 and result['msg'] == message
    assert made == []
    assert 'typo-token-000001' not in out


def test_an_entry_of_the_wrong_type_fails_naming_it(monkeypatch, capsys):
    use_platform(monkeypatch, 'snyk')
    # AnsibleModule itself refuses this, before the module base looks at the misspelt option: its value stays masked too.
    args = {'platform': 'snyk', 'connections': {'snyk': dict(CONNECTIONS['snyk'], timeout='soon', api_tokn='typo-token-000001')}}
    result, out, code = run_module(module_with(quiet), args, capsys)
    assert code == 1 and "'timeout'" in result['msg'] and 'connections -> snyk' in result['msg']
    assert 'snyk-token-0001' not in out and 'typo-token-000001' not in out


def test_secrets_in_every_entry_are_masked_and_redacted(monkeypatch, capsys):
    made = use_platform(monkeypatch, 'snyk')
    connections = dict((platform, dict(connection)) for platform, connection in CONNECTIONS.items())

    def leaky(adapter, params, check_mode=False):
        return Outcome({'echo': 'snyk-token-0001 xdr-secret-0001 cybedefend-pat-0001', 'params': params})
    result, out, code = run_module(module_with(leaky), {'platform': 'snyk', 'connections': connections}, capsys)
    assert code == 0
    for secret in ('snyk-token-0001', 'xdr-secret-0001', 'cybedefend-pat-0001'):
        assert secret not in out
        assert made[0].client.redact('x %s y' % secret) == 'x ******** y'
    # ansible-core 2.21 returns invocation only when the controller asks for it; where it is returned, secrets are masked.
    if 'invocation' in result:
        assert result['invocation']['module_args']['connections']['snyk']['org_id'] == SNYK_ORG
