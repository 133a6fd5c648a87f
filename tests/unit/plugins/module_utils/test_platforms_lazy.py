# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A module run imports the adapter of its own platform only, and its params are what the full spec gives."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess
import sys
import textwrap

import pytest

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.orgaccess.onboarding.plugins.module_utils._module import connection_argument_spec
from ansible_collections.orgaccess.onboarding.plugins.module_utils._platforms import ADAPTERS, PLATFORM_NAMES
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.module_runner import CONNECTIONS, patch_module_args

ADAPTER_MODULES = ('_cisco_xdr', '_snyk', '_cybedefend')

# One module run in a fresh interpreter (this one has imported every adapter already): the shared options, the
# platform's adapter built over its client, an engine that sends nothing; then the adapter modules it imported.
RUN = textwrap.dedent('''
    import json, sys
    from ansible_collections.orgaccess.onboarding.plugins.module_utils._engine import Outcome
    from ansible_collections.orgaccess.onboarding.plugins.module_utils._module import OrgAccessModule
    from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.module_runner import patch_module_args

    with patch_module_args(json.loads(sys.argv[1])):
        try:
            OrgAccessModule(argument_spec={}).run(lambda adapter, params, check_mode=False: Outcome({}))
        except SystemExit:
            pass
    adapters = sorted(set(name.split('.')[-1] for name in sys.modules if 'orgaccess' in name) & set(%r))
    print('\\nadapters: ' + json.dumps(adapters))
''' % (ADAPTER_MODULES,))


def adapters_imported_by_a_run(args):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path for path in sys.path if path))
    finished = subprocess.run([sys.executable, '-c', RUN, json.dumps(args)], env=env, capture_output=True, text=True,
                              timeout=120, check=False)
    assert finished.returncode == 0, finished.stderr
    result, marker, adapters = finished.stdout.rpartition('\nadapters: ')
    assert marker and '"failed"' not in result, finished.stdout
    return json.loads(adapters)


@pytest.mark.parametrize('platform', PLATFORM_NAMES)
def test_a_run_imports_only_the_adapter_of_its_platform(platform):
    assert adapters_imported_by_a_run(dict(CONNECTIONS[platform], platform=platform)) == ['_' + platform]
    assert adapters_imported_by_a_run({'platform': platform, 'connections': {platform: CONNECTIONS[platform]}}) == ['_' + platform]


def test_a_run_imports_the_adapters_of_the_entries_it_checks():
    connections = dict((platform, CONNECTIONS[platform]) for platform in ('snyk', 'cybedefend'))
    assert adapters_imported_by_a_run({'platform': 'snyk', 'connections': connections}) == ['_cybedefend', '_snyk']


def params_with(spec, args):
    with patch_module_args(args):
        return AnsibleModule(argument_spec=spec, supports_check_mode=True).params


@pytest.mark.parametrize('platform', sorted(ADAPTERS))
@pytest.mark.parametrize('connections', [
    None,
    'own',
    'own and another',
    {'snyk': {'api_token': 'snyk-token-0001', 'api_tokn': 'a-misspelt-secret'}},
    {'gitlab': {'api_token': 'a-token'}},
    {'cisco_xdr': None},
])
def test_a_runs_params_are_those_of_the_full_spec(platform, connections):
    """The entries a run leaves without options hold None either way: the params (and so the output) are the same."""
    if connections == 'own':
        connections = {platform: CONNECTIONS[platform]}
    elif connections == 'own and another':
        other = [name for name in sorted(ADAPTERS) if name != platform][0]
        connections = {platform: CONNECTIONS[platform], other: CONNECTIONS[other]}
    args = dict({'platform': platform}, **({'connections': connections} if connections is not None else CONNECTIONS[platform]))
    run_spec = connection_argument_spec(given_connections=connections, platform=platform)
    full_spec = connection_argument_spec(given_connections=connections)
    assert params_with(run_spec, args) == params_with(full_spec, args)
