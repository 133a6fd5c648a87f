# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The module base: shared connection options, adapter and HTTP client set-up, how a run ends.

Private module. A module is its documentation, its own argument spec and one call::

    OrgAccessModule(argument_spec=..., mutually_exclusive=...).run(engine)

where ``engine(adapter, params, check_mode=...)`` returns an ``_engine.Outcome``. Platform-dependent
environment variables are resolved by ``resolve_connection`` with the adapter's ``CONNECTION``
table, not by ``env_fallback`` in the spec: ``api_token`` reads ``SNYK_TOKEN`` for Snyk and
``CYBEDEFEND_PAT`` for CybeDefend. Each option is the task's, else the one in the entry of the
task's platform in ``connections``, else the environment variable's, else the default.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import traceback

from ansible.module_utils import basic
from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import resolve_connection
from ansible_collections.orgaccess.onboarding.plugins.module_utils._budget import RequestBudget
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import OrgAccessError, ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._http import HAS_REQUESTS, REQUESTS_IMPORT_ERROR, HttpClient
from ansible_collections.orgaccess.onboarding.plugins.module_utils._platforms import PLATFORM_NAMES, adapter_class

# (minimum, maximum or None) of the numeric connection options.
OPTION_RANGES = {
    'timeout': (1, None),
    'retries': (0, None),
    'max_retry_wait': (0, None),
    'concurrency': (1, 16),
    'request_budget': (0, None),
}

# The connection options every platform uses and their defaults. They have no default in the
# argument spec, so that an option the task leaves unset can be told from one it sets, and the
# platform's entry in ``connections`` can fill it.
TRANSPORT_DEFAULTS = {
    'validate_certs': True,
    'timeout': 30,
    'retries': 5,
    'max_retry_wait': 60,
    'concurrency': 4,
    # None: the platform's documented budget (the adapter's REQUEST_BUDGET); 0: no pacing.
    'request_budget': None,
}
# The window of request_budget, which counts requests per minute.
BUDGET_WINDOW = 60
# The environment variable request_budget falls back to (for every platform), before the platform's default.
REQUEST_BUDGET_ENV = 'ORGACCESS_REQUEST_BUDGET'


# The top-level options of every module; connection_argument_spec adds connections.
CONNECTION_OPTIONS = dict(
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
    validate_certs=dict(type='bool'),
    timeout=dict(type='int'),
    retries=dict(type='int'),
    max_retry_wait=dict(type='int'),
    concurrency=dict(type='int'),
    request_budget=dict(type='int'),
)


def connection_argument_spec(given_connections=None, platform=None):
    """The options every module of the collection takes (documented in the ``connection`` doc fragment).

    ``given_connections``: the raw ``connections`` of the task, if any; ``platform``: the task's raw ``platform``
    when a module run builds the spec (see ``connections_spec``).
    """
    spec = dict((option, dict(option_spec)) for option, option_spec in CONNECTION_OPTIONS.items())
    spec['connections'] = dict(type='dict', options=connections_spec(spec, given_connections, platform))
    return spec


# The options that hold a secret on some platform: those the argument spec masks (unit tests hold these no_log marks to
# the adapters' CONNECTION tables), read from the spec so that a run imports no adapter but its platform's.
SECRET_OPTIONS = tuple(sorted(option for option, option_spec in CONNECTION_OPTIONS.items() if option_spec.get('no_log')))


def entry_options(platform):
    """The options a platform's entry in ``connections`` takes: its adapter's and the transport options."""
    return sorted(set(adapter_class(platform).CONNECTION) | set(TRANSPORT_DEFAULTS))


def connections_spec(shared, given_connections=None, platform=None):
    """The sub-options of ``connections``: one entry per platform, each with that platform's options.

    A key the task gives that no entry takes is still added, as a ``no_log`` option: AnsibleModule
    would otherwise echo its value (a misspelt ``api_tokn`` holds a secret) in the failure it reports.
    ``check_connections`` then refuses it by name. An unknown platform gets every option for the same reason.

    With ``platform`` (a module run), only the entries of that platform and of the platforms the task gives
    list their options: the others hold nothing (AnsibleModule sets them to None and never reads their
    options), and listing their options would import their adapters (``_platforms``) for nothing.
    """
    every_option = sorted(option for option in shared if option != 'platform')
    given = given_connections if isinstance(given_connections, dict) else {}
    entries = dict((name, entry_options(name) if platform is None or name == platform or name in given else [])
                   for name in PLATFORM_NAMES)
    for name, entry in given.items():
        options = entries.setdefault(name, every_option)
        if isinstance(entry, dict):
            entries[name] = options + sorted(key for key in entry if key not in options)
    return dict(
        (name, dict(type='dict', options=dict(
            (option, dict(shared[option]) if option in shared else dict(type='raw', no_log=True)) for option in options)))
        for name, options in entries.items())


def check_connections(module):
    """Refuse, naming the field, an entry of ``connections`` for an unknown platform or with an option its platform does not take.

    What is refused is first dropped from the params, so that the failure's ``invocation`` cannot show it, and
    its values are no longer masked (``connections_spec`` made them ``no_log``) unless they are also real secrets.
    """
    params = module.params
    connections = params.get('connections') or {}
    refusals = []
    stray_values = []
    for platform in sorted(connections):
        entry = connections[platform] or {}
        if platform not in PLATFORM_NAMES:
            refusals.append(('connections.%s' % platform, 'is not a platform; use %s' % ', '.join(PLATFORM_NAMES)))
            stray_values.extend(value for option, value in entry.items() if option not in SECRET_OPTIONS)
            del connections[platform]
            continue
        if not entry:
            # Nothing to refuse in an entry the task leaves empty (or AnsibleModule set to None), and no adapter to import.
            continue
        allowed = entry_options(platform)
        # A null option says nothing, as a null top-level option says nothing: only values are refused.
        for option in sorted(option for option in set(entry) - set(allowed) if entry[option] is not None):
            refusals.append(('connections.%s.%s' % (platform, option), 'is not an option of %s; use %s' % (platform, ', '.join(allowed))))
            stray_values.append(entry.pop(option))
    if not refusals:
        return
    secrets = set(str(value) for value in secret_values(params) if value)
    for value in stray_values:
        if isinstance(value, str) and value not in secrets:
            module.no_log_values.discard(value)
    field, message = refusals[0]
    raise ValidationError(message, field=field)


def secret_values(params):
    """The values of the secret options of the task, at the top level and in every entry of ``connections``."""
    entries = [entry for entry in (params.get('connections') or {}).values() if isinstance(entry, dict)]
    return [source.get(option) for source in [params] + entries for option in SECRET_OPTIONS]


def transport_settings(params):
    """``{option: (value, field it came from)}`` of the transport options: the task's, else its platform's entry, else the default."""
    entry = (params.get('connections') or {}).get(params['platform']) or {}
    settings = {}
    for option, default in TRANSPORT_DEFAULTS.items():
        if params.get(option) is not None:
            settings[option] = (params[option], option)
        elif entry.get(option) is not None:
            settings[option] = (entry[option], 'connections.%s.%s' % (params['platform'], option))
        else:
            settings[option] = (default, option)
    return settings


def budget_limits(adapter_cls, requests_per_minute, environ=None):
    """``(requests, seconds)`` of the request budget a run keeps, or None for none: the option's (per minute) when
    set, else the environment variable's, else the platform's documented one; 0 turns pacing off."""
    environ = os.environ if environ is None else environ
    if requests_per_minute is None and (environ.get(REQUEST_BUDGET_ENV) or '').strip():
        value = environ[REQUEST_BUDGET_ENV].strip()
        if not value.isdigit():
            raise ValidationError('the environment variable %s must be a whole number of requests per minute (0 for none), got %r'
                                  % (REQUEST_BUDGET_ENV, value), field='request_budget')
        requests_per_minute = int(value)
    if requests_per_minute is None:
        return adapter_cls.REQUEST_BUDGET
    if requests_per_minute == 0:
        return None
    return (requests_per_minute, BUDGET_WINDOW)


class OrgAccessModule(object):
    """Builds the AnsibleModule from the shared and the module's own options and runs one engine."""

    def __init__(self, argument_spec=None, read_only=False, **rules):
        """``read_only``: the module only reads (the ``*_info`` modules), so its HTTP client refuses every write,
        as it does for any module in check mode. ``rules``: ``mutually_exclusive``, ``required_one_of``,
        ``required_if``... of the module's own options."""
        raw_params = basic._load_params() or {}
        spec = connection_argument_spec(given_connections=raw_params.get('connections'), platform=raw_params.get('platform'))
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
            check_connections(self.module)
            self.apply_transport_settings()
            adapter = self.connect()
            outcome = engine(adapter, self.params, check_mode=self.module.check_mode)
        except OrgAccessError as exc:
            self.module.fail_json(msg=self.redact(str(exc)))
        except Exception as exc:  # pylint: disable=broad-except
            # Engines report errors raised after their first write themselves (with what was written); this one came before.
            self.module.fail_json(msg=self.redact('unexpected error, nothing was changed: %s: %s' % (type(exc).__name__, exc)),
                                  exception=self.redact(traceback.format_exc()), changed=False)
        self.exit(outcome)

    def apply_transport_settings(self):
        """Put the effective transport options into the params, after checking their ranges."""
        for option, (value, field) in transport_settings(self.params).items():
            lowest, highest = OPTION_RANGES.get(option, (None, None))
            if value is not None and lowest is not None and (value < lowest or (highest is not None and value > highest)):
                bounds = 'between %d and %d' % (lowest, highest) if highest is not None else 'at least %d' % lowest
                raise ValidationError('must be %s, got %d' % (bounds, value), field=field)
            self.params[option] = value

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
        # Every no_log value of the task, those inside connections included.
        for value in self.module.no_log_values:
            self.client.add_secret(value)
        for option, option_spec in adapter_cls.CONNECTION.items():
            value = connection.get(option)
            if option_spec.get('secret') and value:
                # Secrets read from the environment are unknown to AnsibleModule's own no_log masking.
                self.client.add_secret(value)
                self.module.no_log_values.add(value)
        adapter = adapter_cls(self.client, connection, concurrency=params['concurrency'])
        limits = budget_limits(adapter_cls, params['request_budget'])
        if limits is not None:
            self.client.budget = RequestBudget(adapter.budget_scope(), *limits, warn=self.module.warn)
        return adapter

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
