# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sandbox's switches: their defaults and the checks a change must pass.

Behaviour switches cover what the vendors leave unsaid; the first value of each is the
strict default (see docs/sandbox.md).
"""

from __future__ import annotations

import re

FAULT_KINDS = ('429', '500', '502', '503', 'reset_before', 'reset_after')

DEFAULTS = {
    # transport
    'latency_ms': 0,
    'token_ttl': 600,
    'rate_limit_per_minute': 0,
    'rate_limit_per_token': None,
    # injected faults
    'fault_rate': 0.0,
    'fault_seed': 0,
    'fault_kinds': list(FAULT_KINDS),
    'retry_after': 1,
    'fault_script': [],
    # behaviour where the vendors are silent (strict value first)
    'duplicate_invite': 'reject',
    'invite_existing_member': 'reject',
    'list_includes_inactive': True,
    'snyk_invite_list_role': 'name',
    'snyk_next_on_last_page': True,
    'cisco_search_limit_cap': 50,
    'cisco_search_shape': 'wrapped',
    'cisco_roles_shape': 'strings',
    'cisco_batch_changes_role': False,
    'cisco_user_enabled_key': 'enabled?',
    'cybedefend_list_wrapped': True,
    'cybedefend_organizations_wrapped': False,
    'cybedefend_status_case': 'upper',
    # wrong guesses about the wire, served so that tests can run the modules against each (all platforms)
    'items_without_id': False,
    'ignore_paging': False,
    'invite_status': 'known',
}

CHOICES = {
    'duplicate_invite': ('reject', 'duplicate'),
    'invite_existing_member': ('reject', 'allow'),
    'snyk_invite_list_role': ('name', 'id'),
    'cisco_roles_shape': ('strings', 'objects'),
    'cisco_search_shape': ('wrapped', 'array'),
    'cisco_user_enabled_key': ('enabled?', 'enabled'),
    'cybedefend_status_case': ('upper', 'lower'),
    'invite_status': ('known', 'unknown', 'missing'),
}

FLAGS = ('list_includes_inactive', 'snyk_next_on_last_page', 'cisco_batch_changes_role', 'cybedefend_list_wrapped',
         'cybedefend_organizations_wrapped', 'items_without_id', 'ignore_paging')

# What invite_status serves in place of a known status.
UNKNOWN_INVITE_STATUS = 'sent'

# Keys whose change restarts the fault bookkeeping (occurrence counts, script progress).
FAULT_KEYS = ('fault_rate', 'fault_seed', 'fault_kinds', 'fault_script')

PLATFORMS = ('cisco_xdr', 'snyk', 'cybedefend')


def _number(key, value, minimum=0, maximum=None, integer=False):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError('%s must be a number' % key)
    if integer and int(value) != value:
        raise ValueError('%s must be a whole number' % key)
    if value < minimum or (maximum is not None and value > maximum):
        raise ValueError('%s must be between %s and %s' % (key, minimum, 'any' if maximum is None else maximum))
    return int(value) if integer else value


def _fault_kinds(value):
    if isinstance(value, str):
        value = [item.strip() for item in value.split(',') if item.strip()]
    if not isinstance(value, list):
        raise ValueError('fault_kinds must be a list (or a comma-separated string)')
    value = [str(item) for item in value]
    unknown = sorted(set(value) - set(FAULT_KINDS))
    if unknown:
        raise ValueError('unknown fault kinds %s; known: %s' % (', '.join(unknown), ', '.join(FAULT_KINDS)))
    # Canonical order, so that the same set of kinds gives the same faults for the same seed.
    return [kind for kind in FAULT_KINDS if kind in value]


def _fault_script(value):
    if not isinstance(value, list):
        raise ValueError('fault_script must be a list')
    script = []
    for index, entry in enumerate(value):
        where = 'fault_script[%d]' % index
        if not isinstance(entry, dict) or set(entry) - {'match', 'fault', 'times'}:
            raise ValueError('%s must be an object with match, fault and times' % where)
        match = entry.get('match') or {}
        if not isinstance(match, dict) or set(match) - {'platform', 'method', 'path_regex'}:
            raise ValueError('%s.match may only hold platform, method and path_regex' % where)
        if match.get('platform') not in (None,) + PLATFORMS:
            raise ValueError('%s.match.platform must be one of %s' % (where, ', '.join(PLATFORMS)))
        try:
            re.compile(match.get('path_regex') or '')
        except re.error as exc:
            raise ValueError('%s.match.path_regex does not compile: %s' % (where, exc))
        fault = str(entry.get('fault'))
        if fault not in FAULT_KINDS:
            raise ValueError('%s.fault must be one of %s' % (where, ', '.join(FAULT_KINDS)))
        times = _number(where + '.times', entry.get('times', 1), minimum=1, integer=True)
        method = match.get('method')
        script.append({'match': {'platform': match.get('platform'), 'method': method.upper() if method else None,
                                 'path_regex': match.get('path_regex')},
                       'fault': fault, 'times': times})
    return script


def _token_limit(value):
    """None (no limit) or {"requests": n >= 1, "per_seconds": s > 0}."""
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {'requests', 'per_seconds'}:
        raise ValueError('rate_limit_per_token must be null or {"requests": n, "per_seconds": s}')
    requests = _number('rate_limit_per_token.requests', value['requests'], minimum=1, integer=True)
    per_seconds = _number('rate_limit_per_token.per_seconds', value['per_seconds'])
    if per_seconds <= 0:
        raise ValueError('rate_limit_per_token.per_seconds must be more than 0')
    return {'requests': requests, 'per_seconds': per_seconds}


def validate(changes):
    """The changes, checked and normalised. Raises ValueError naming the first bad key."""
    if not isinstance(changes, dict):
        raise ValueError('the configuration must be a JSON object')
    unknown = sorted(set(changes) - set(DEFAULTS))
    if unknown:
        raise ValueError('unknown switches: %s' % ', '.join(unknown))
    result = {}
    for key, value in changes.items():
        if key in CHOICES:
            if value not in CHOICES[key]:
                raise ValueError('%s must be one of %s' % (key, ', '.join(CHOICES[key])))
        elif key in FLAGS:
            if not isinstance(value, bool):
                raise ValueError('%s must be true or false' % key)
        elif key == 'fault_rate':
            value = float(_number(key, value, maximum=1))
        elif key == 'fault_seed':
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                raise ValueError('fault_seed must be an integer or a string')
        elif key == 'fault_kinds':
            value = _fault_kinds(value)
        elif key == 'fault_script':
            value = _fault_script(value)
        elif key == 'rate_limit_per_token':
            value = _token_limit(value)
        elif key == 'token_ttl':
            value = _number(key, value)
        elif key == 'cisco_search_limit_cap':
            value = _number(key, value, minimum=1, integer=True)
        else:  # latency_ms, rate_limit_per_minute, retry_after
            value = _number(key, value, integer=key != 'latency_ms')
        result[key] = value
    return result
