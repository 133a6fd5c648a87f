# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Injected faults and the rate limits (per platform, per token).

A random fault is decided from a hash of (seed, platform, method, path with query, body, how
many times this same request was seen before), never from arrival order. So a client that
sends the same requests gets the same faults, also when it sends them concurrently.
"""

from __future__ import annotations

import collections
import copy
import hashlib
import math
import re
import threading
import time


class FaultInjector:
    """Decides which vendor requests fail and how: the fault script first, then the seeded dice."""

    def __init__(self):
        self._lock = threading.Lock()
        self._seen = collections.Counter()
        self._script = []

    def restart(self, config):
        """Forget occurrence counts and reload the script (on reset and when fault switches change)."""
        with self._lock:
            self._seen = collections.Counter()
            self._script = copy.deepcopy(config['fault_script'])

    def decide(self, config, platform, method, target, body):
        """The fault kind for this request, or None."""
        request_key = hashlib.sha256(b'\x1f'.join([platform.encode(), method.encode(), target.encode(), body])).digest()
        with self._lock:
            occurrence = self._seen[request_key]
            self._seen[request_key] += 1
            for entry in self._script:
                if entry['times'] > 0 and _matches(entry['match'], platform, method, target):
                    entry['times'] -= 1
                    return entry['fault']
        kinds = config['fault_kinds']
        if config['fault_rate'] <= 0 or not kinds:
            return None
        digest = hashlib.sha256(('%s|%d|' % (config['fault_seed'], occurrence)).encode() + request_key).digest()
        roll = int.from_bytes(digest[:8], 'big') / float(1 << 64)
        if roll >= config['fault_rate']:
            return None
        return kinds[int.from_bytes(digest[8:16], 'big') % len(kinds)]


def _matches(match, platform, method, target):
    return ((not match.get('platform') or match['platform'] == platform)
            and (not match.get('method') or match['method'] == method)
            and (not match.get('path_regex') or re.search(match['path_regex'], target) is not None))


class RateLimiter:
    """A sliding window of admitted requests per key (a platform, or a token's label)."""

    WINDOW = 60.0

    def __init__(self):
        self._lock = threading.Lock()
        self._admitted = collections.defaultdict(collections.deque)

    def reset(self):
        with self._lock:
            self._admitted.clear()

    def admit(self, key, limit, window_seconds=WINDOW):
        """None when the request may go on, else the whole seconds until a slot frees up."""
        if not limit:
            return None
        now = time.monotonic()
        with self._lock:
            window = self._admitted[key]
            while window and window[0] <= now - window_seconds:
                window.popleft()
            if len(window) < limit:
                window.append(now)
                return None
            return max(1, int(math.ceil(window[0] + window_seconds - now)))
