# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""State shared by all platforms: the lock, the switches, issued access tokens, the request log.

Each platform keeps its own data (users, invites, teams) in its emulator; every change to
that data happens while holding ``Store.lock``.
"""

from __future__ import annotations

import copy
import hashlib
import math
import secrets
import threading
import time

from . import config as config_module
from .emulation import iso, utcnow

KINDS = ('read', 'write', 'auth')


class RequestLog:
    """Every vendor request the sandbox answered (or dropped), in arrival order."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries = []
        self._seq = 0

    def add(self, entry):
        with self._lock:
            self._seq += 1
            self._entries.append(dict({'seq': self._seq, 'time': iso(utcnow())}, **entry))

    def clear(self, restart=False):
        """Forget the entries. Sequence numbers keep counting (``since`` stays meaningful) unless restart."""
        with self._lock:
            self._entries = []
            if restart:
                self._seq = 0

    def entries(self, platform=None, kind=None, since=None):
        with self._lock:
            return [dict(entry) for entry in self._entries
                    if (platform is None or entry['platform'] == platform)
                    and (kind is None or entry['kind'] == kind)
                    and (since is None or entry['seq'] > since)]

    def summary(self):
        counts = dict((platform, dict((kind, 0) for kind in KINDS)) for platform in config_module.PLATFORMS)
        for entry in self.entries():
            counts[entry['platform']][entry['kind']] += 1
        return counts


class Store:
    """The lock every state change holds, the current switches, and access tokens."""

    def __init__(self, initial_config=None):
        self.lock = threading.RLock()
        self.defaults = copy.deepcopy(config_module.DEFAULTS)
        self.defaults.update(config_module.validate(initial_config or {}))
        self.config = copy.deepcopy(self.defaults)
        self.log = RequestLog()
        self._tokens = {}
        self._bindings = {}

    def reset(self, keep_config=False):
        with self.lock:
            if not keep_config:
                self.config = copy.deepcopy(self.defaults)
            self._tokens = {}
            self._bindings = {}
        self.log.clear(restart=True)

    def configure(self, changes):
        """Merge checked changes into the switches; returns (new config, whether fault keys changed)."""
        changes = config_module.validate(changes)
        with self.lock:
            self.config.update(changes)
            return copy.deepcopy(self.config), any(key in changes for key in config_module.FAULT_KEYS)

    def config_copy(self):
        with self.lock:
            return copy.deepcopy(self.config)

    def issue_token(self, platform):
        """A new access token for platform; returns (token, lifetime in whole seconds)."""
        ttl = self.config['token_ttl']
        token = secrets.token_urlsafe(32)
        self._tokens[token] = (platform, time.monotonic() + ttl)
        return token, int(math.ceil(ttl))

    def token_status(self, platform, token):
        """'valid', 'expired' or 'unknown' (issued for another platform counts as unknown)."""
        grant = self._tokens.get(token)
        if grant is None or grant[0] != platform:
            return 'unknown'
        return 'valid' if time.monotonic() < grant[1] else 'expired'

    def bind_token(self, token, org=None, principal=None):
        """Record which organization an issued token belongs to and which credential it was issued to."""
        self._bindings[token] = (org, principal)

    def token_binding(self, token):
        """(organization, credential label) an issued token was bound to; (None, None) when unknown."""
        return self._bindings.get(token, (None, None))

    def token_count(self, platform):
        return sum(1 for grant in self._tokens.values() if grant[0] == platform)


def principal_label(platform, credential):
    """The label of a credential in the request log and the per-token rate limit: never the secret itself."""
    return '%s:%s' % (platform, hashlib.sha256(str(credential).encode('utf-8')).hexdigest()[:12])
