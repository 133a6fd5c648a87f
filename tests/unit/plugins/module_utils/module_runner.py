# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run a module's ``main()`` as Ansible would and read back exactly what it printed.

The module's own ``exit_json``/``fail_json`` run unpatched, so their ``no_log`` masking is part of
what the tests see. ``use_platform`` swaps the registry for an in-memory platform that keeps the
real adapter's ``NAME`` and ``CONNECTION`` table, so environment fallbacks are the real ones.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import json

import pytest

from ansible.module_utils import basic

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19 has no testing helper: hand AnsibleModule its args the old way.
    @contextlib.contextmanager
    def patch_module_args(args):
        """Expose ``args`` to the ``AnsibleModule`` instances created within this context."""
        serialized = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode('utf-8')
        original = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = serialized
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = original

from ansible_collections.orgaccess.onboarding.plugins.module_utils import _module
from ansible_collections.orgaccess.onboarding.plugins.module_utils._platforms import ADAPTERS
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_adapter import FakeAdapter

# Connection options that satisfy each real adapter's CONNECTION table.
CONNECTIONS = {
    'cisco_xdr': {'client_id': 'client-1', 'client_secret': 'xdr-secret-0001'},
    'snyk': {'api_token': 'snyk-token-0001', 'org_id': '8a0e1f4e-59ad-4d7b-a4c2-2f6b3c0f5d11'},
    'cybedefend': {'api_token': 'cybedefend-pat-0001', 'org_id': '3b1f7c52-0d4e-4c1a-9f0e-5a6b7c8d9e0f'},
}


def args_for(platform, **options):
    """Module arguments: the platform's test connection plus the given options."""
    return dict(CONNECTIONS[platform], platform=platform, **options)


def run_module(main, args, capsys):
    """``(result dict, raw stdout, exit code)`` of one module run with ``args``."""
    with patch_module_args(args):
        with pytest.raises(SystemExit) as caught:
            main()
    out = capsys.readouterr().out
    return json.loads(out), out, caught.value.code


def use_platform(monkeypatch, platform, **state):
    """Make the registry hand out an in-memory platform named ``platform``; returns the list of instances made."""
    real = ADAPTERS[platform]
    made = []

    class Platform(FakeAdapter):
        NAME = real.NAME
        CONNECTION = real.CONNECTION
        CAPABILITIES = real.CAPABILITIES

        def __init__(self, client, connection, concurrency=4):
            super(Platform, self).__init__(client, connection, concurrency, **state)
            made.append(self)

    monkeypatch.setattr(_module, 'adapter_class', lambda name: Platform if name == platform else ADAPTERS[name])
    return made


def clear_environment(monkeypatch):
    """No platform variable of the test machine may leak into a test."""
    monkeypatch.delenv('ORGACCESS_REQUEST_BUDGET', raising=False)
    for adapter_cls in ADAPTERS.values():
        for spec in adapter_cls.CONNECTION.values():
            for variable in spec.get('env', ()):
                monkeypatch.delenv(variable, raising=False)
