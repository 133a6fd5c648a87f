# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A request budget per credential, shared by every module run on the controller.

Each fork of a play is its own process, so a budget kept in memory would let 25 forks on one Snyk
token send 25 times the token's budget. The budget lives in a small state file per credential,
locked with ``fcntl.flock`` only while its one number is read and written, never while waiting.

The pacing is GCRA (the generic cell rate algorithm, a token bucket kept as one timestamp): a request
reserves the next free slot and then sleeps until it. With ``limit`` requests per ``window`` seconds
and a burst of ``burst`` requests, slots are ``window / (limit - burst + 1)`` apart and up to
``burst`` may be taken at once, so no interval of ``window`` seconds ever holds more than ``limit``.

The state file is named after a SHA-256 of the credential and the base URL and holds two
timestamps; neither its name nor its content holds the credential. It sits in
``$ORGACCESS_BUDGET_DIR``, else in a folder of the user's own in the system's temporary folder
(mode 0700). A file that cannot be read back is started afresh; a folder that cannot be used (not
the user's, open to others, not writable) leaves the run paced on its own, with a warning.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import hashlib
import json
import math
import os
import stat
import tempfile
import threading
import time

try:
    import fcntl
    HAS_FCNTL = True
except ImportError:  # not a POSIX controller: each run paces itself
    HAS_FCNTL = False

BUDGET_DIR_ENV = 'ORGACCESS_BUDGET_DIR'
# The key of a state file, so that a hash made for anything else never names one.
KEY_DOMAIN = b'orgaccess.onboarding request budget v1'
# The burst is this share of the budget (see pacing).
BURST_SHARE = 60


def budget_dir():
    """The folder of the state files: ``$ORGACCESS_BUDGET_DIR``, else ``<temp>/orgaccess-budget-<uid>``."""
    given = os.environ.get(BUDGET_DIR_ENV)
    if given:
        return given
    return os.path.join(tempfile.gettempdir(), 'orgaccess-budget-%d' % os.getuid())


def budget_key(scope):
    """The hex SHA-256 of ``scope`` (the credential and base URL, strings): the state file's name."""
    digest = hashlib.sha256(KEY_DOMAIN)
    for part in scope:
        value = (part or '').encode('utf-8')
        # Length-prefixed, so that ('ab', 'c') and ('a', 'bc') differ.
        digest.update(b'%d:' % len(value) + value)
    return digest.hexdigest()


def pacing(limit, window):
    """``(interval, tolerance)`` in seconds for at most ``limit`` requests in any ``window`` seconds.

    The burst is a sixtieth of the budget (at least one request; Snyk's 1,620 a minute: 27, a second's worth;
    Cisco XDR's 8,000 an hour: 133, a minute's worth): a module run that starts does not wait for its
    first requests, and the rest are spread evenly.
    """
    burst = max(1, limit // BURST_SHARE)
    # Ten microseconds wider than exact, so that the rounding of epoch seconds in floats (about 0.2 us)
    # never puts limit + 1 requests in a window.
    interval = float(window) / (limit - burst + 1) + 1e-5
    return interval, (burst - 1) * interval


class MemoryState(object):
    """The state of a budget that only this process sees (a folder that cannot be used)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._values = {}

    def update(self, change):
        with self._lock:
            self._values = change(dict(self._values))


class FileState(object):
    """The state of a budget in a file every process of the user can lock: ``{"tat": ..., "at": ...}``."""

    def __init__(self, path):
        self.path = path
        # flock does not exclude the threads of one process (they share the open file): this lock does.
        self._lock = threading.Lock()
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, 'O_NOFOLLOW', 0) | getattr(os, 'O_CLOEXEC', 0), 0o600)

    def update(self, change):
        with self._lock:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                os.lseek(self._fd, 0, os.SEEK_SET)
                values = _parsed(os.read(self._fd, 4096))
                text = json.dumps(change(values), sort_keys=True).encode('ascii')
                os.lseek(self._fd, 0, os.SEEK_SET)
                os.ftruncate(self._fd, 0)
                os.write(self._fd, text)
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self):
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _parsed(raw):
    """The state in a file's bytes; ``{}`` (start afresh) for an empty or corrupt file."""
    try:
        values = json.loads(raw.decode('ascii')) if raw else {}
    except ValueError:  # UnicodeDecodeError and JSONDecodeError both are
        return {}
    if not isinstance(values, dict):
        return {}
    return dict((key, value) for key, value in values.items()
                if key in ('tat', 'at') and isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value))


def open_state(key, warn=None):
    """The shared state of budget ``key``, or one this process alone sees when the folder cannot be used."""
    if not HAS_FCNTL:
        return MemoryState()
    folder = budget_dir()
    try:
        _own_folder(folder)
        return FileState(os.path.join(folder, key + '.json'))
    except (OSError, ValueError) as exc:
        if warn is not None:
            warn('request_budget: the folder %s cannot hold the shared request budget (%s), so this run paces only itself; '
                 'set %s to a folder of your own' % (folder, _why(exc), BUDGET_DIR_ENV))
        return MemoryState()


def _own_folder(folder):
    """Create ``folder`` (mode 0700) if needed; ValueError unless it is a real folder of this user's, closed to others."""
    try:
        os.makedirs(folder, 0o700)
    except OSError as exc:
        if exc.errno != errno.EEXIST:
            raise
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise ValueError('it is not a folder')
    if info.st_uid != os.getuid():
        raise ValueError('another user owns it')
    if info.st_mode & 0o077:
        raise ValueError('others may use it (mode %o); it must be 0700' % stat.S_IMODE(info.st_mode))


def _why(exc):
    if isinstance(exc, OSError):
        return exc.strerror or exc.__class__.__name__
    return str(exc)


class RequestBudget(object):
    """At most ``limit`` requests per ``window`` seconds for one credential, across every process of the user."""

    def __init__(self, scope, limit, window, warn=None, clock=time.time, sleep=time.sleep):
        """``scope``: strings naming whose budget it is (credential and base URL), hashed at once, never kept."""
        self.limit = limit
        self.window = window
        self.interval, self.tolerance = pacing(limit, window)
        self._clock = clock
        self._sleep = sleep
        self.key = budget_key(scope)
        self.state = open_state(self.key, warn)
        self.waited = 0.0

    def take(self):
        """Wait for a slot of the budget and return its time; the lock is held only to reserve it."""
        reserved = {}

        def reserve(values):
            now = self._clock()
            start = max(_clock_checked(values, now), now)
            wait = start - self.tolerance - now
            # Below a microsecond is float rounding of a slot that is free now.
            reserved['wait'] = wait if wait > 1e-6 else 0.0
            reserved['slot'] = now + reserved['wait']
            return {'tat': start + self.interval, 'at': now}

        self.state.update(reserve)
        if reserved['wait'] > 0:
            self.waited += reserved['wait']
            self._sleep(reserved['wait'])
        return reserved['slot']

    def defer(self, seconds):
        """The platform asked to wait ``seconds`` (a 429): no run on this credential sends before then."""
        def hold(values):
            now = self._clock()
            return {'tat': max(_clock_checked(values, now), now + seconds + self.tolerance), 'at': now}

        self.state.update(hold)


def _clock_checked(values, now):
    """The theoretical arrival time in ``values``, moved back when the clock went back since it was written
    (a reservation an hour ahead after a clock change would stop every run for an hour)."""
    tat = values.get('tat', now)
    written = values.get('at', now)
    if written > now:
        tat -= written - now
    return tat
