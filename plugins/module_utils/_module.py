# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The module base: shared connection options, adapter and HTTP client set-up, how a run ends.

Private module. A module is its documentation, its own argument spec and one call::

    OrgAccessModule(argument_spec=..., mutually_exclusive=...).run(engine)

where ``engine(adapter, params, check_mode=...)`` returns an ``Outcome``. Platform-dependent
environment variables are resolved by ``resolve_connection`` with the adapter's ``CONNECTION``
table, not by ``env_fallback`` in the spec: ``api_token`` reads ``SNYK_TOKEN`` for Snyk and
``CYBEDEFEND_PAT`` for CybeDefend.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import resolve_connection
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import OrgAccessError, ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._http import HAS_REQUESTS, REQUESTS_IMPORT_ERROR, HttpClient
from ansible_collections.orgaccess.onboarding.plugins.module_utils._platforms import PLATFORM_NAMES, adapter_class

# (minimum, maximum or None) of the numeric connection options.
OPTION_RANGES = {
    'timeout': (1, None),
    'retries': (0, None),
    'max_retry_wait': (0, None),
    'concurrency': (1, 16),
}


def connection_argument_spec():
    """The options every module of the collection takes (documented in the ``connection`` doc fragment)."""
    return dict(
        platform=dict(type='str', required=True, choices=list(PLATFORM_NAMES)),
        client_id=dict(type='str'),
        client_secret=dict(type='str', no_log=True),
        api_token=dict(type='str', no_log=True),
        api_url=dict(type='str'),
        auth_url=dict(type='str'),
        region=dict(type='str'),
        org_id=dict(type='str'),
        group_id=dict(type='str'),
        api_version=dict(type='str'),
        # No default here: the adapter's CONNECTION table holds it, as for every platform option.
        auth_scheme=dict(type='str', choices=['token', 'bearer']),
        validate_certs=dict(type='bool', default=True),
        timeout=dict(type='int', default=30),
        retries=dict(type='int', default=5),
        max_retry_wait=dict(type='int', default=60),
        concurrency=dict(type='int', default=4),
    )


class Outcome(object):
    """What an engine hands back to the module base.

    ``values``: the return values (``invites``, ``summary``...); ``changed``; ``diff``:
    ``{'before', 'after'}`` or None, returned only in diff mode; ``error``: set when some items
    failed after validation, or an error stopped the writes midway, so the module fails at the end
    while still returning every value; ``exception``: the traceback of an error that stopped the writes.
    """

    def __init__(self, values, changed=False, diff=None, error=None, exception=None):
        self.values = values
        self.changed = changed
        self.diff = diff
        self.error = error
        self.exception = exception


class OrgAccessModule(object):
    """Builds the AnsibleModule from the shared and the module's own options and runs one engine."""

    def __init__(self, argument_spec=None, read_only=False, **rules):
        """``read_only``: the module only reads (the ``*_info`` modules), so its HTTP client refuses every write,
        as it does for any module in check mode. ``rules``: ``mutually_exclusive``, ``required_one_of``,
        ``required_if``... of the module's own options."""
        spec = connection_argument_spec()
        spec.update(argument_spec or {})
        self.argument_spec = spec
        self.read_only = read_only
        self.module = AnsibleModule(argument_spec=spec, supports_check_mode=True, **rules)
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        self.client = None

    @property
    def params(self):
        return self.module.params

    def run(self, engine):
        """Connect, call the engine and exit; input and API errors (and a refused write) become ``fail_json``
        with a clear message."""
        try:
            self.check_option_ranges()
            adapter = self.connect()
            outcome = engine(adapter, self.params, check_mode=self.module.check_mode)
        except OrgAccessError as exc:
            self.module.fail_json(msg=self.redact(str(exc)))
        except Exception as exc:  # pylint: disable=broad-except
            # Engines report errors raised after their first write themselves (with what was written); this one came before.
            self.module.fail_json(msg=self.redact('unexpected error, nothing was changed: %s: %s' % (type(exc).__name__, exc)),
                                  exception=self.redact(traceback.format_exc()), changed=False)
        self.exit(outcome)

    def check_option_ranges(self):
        for option, (lowest, highest) in OPTION_RANGES.items():
            value = self.params[option]
            if value < lowest or (highest is not None and value > highest):
                bounds = 'between %d and %d' % (lowest, highest) if highest is not None else 'at least %d' % lowest
                raise ValidationError('must be %s, got %d' % (bounds, value), field=option)

    def connect(self):
        """The platform's adapter over a fresh ``HttpClient``, with every secret registered for redaction."""
        params = self.params
        adapter_cls = adapter_class(params['platform'])
        connection = resolve_connection(adapter_cls, params)
        self.client = HttpClient(
            adapter_cls.NAME,
            timeout=params['timeout'],
            validate_certs=params['validate_certs'],
            retries=params['retries'],
            max_retry_wait=params['max_retry_wait'],
            pool_size=max(8, params['concurrency']),
            read_only=self.read_only or self.module.check_mode,
        )
        for option, option_spec in self.argument_spec.items():
            if option_spec.get('no_log'):
                self.client.add_secret(params.get(option))
        for option, option_spec in adapter_cls.CONNECTION.items():
            value = connection.get(option)
            if option_spec.get('secret') and value:
                # Secrets read from the environment are unknown to AnsibleModule's own no_log masking.
                self.client.add_secret(value)
                self.module.no_log_values.add(value)
        return adapter_cls(self.client, connection, concurrency=params['concurrency'])

    def redact(self, text):
        return self.client.redact(text) if self.client is not None else text

    def exit(self, outcome):
        result = dict(outcome.values)
        result['changed'] = outcome.changed
        if self.module._diff and outcome.diff is not None:
            result['diff'] = outcome.diff
        if outcome.error:
            if outcome.exception:
                result['exception'] = self.redact(outcome.exception)  # a traceback Ansible shows when tracebacks are on
            self.module.fail_json(msg=self.redact(outcome.error), **result)
        self.module.exit_json(**result)
