# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Running the sandbox in the background.

``start(**options)`` serves from a thread of the calling process (pytest fixtures):

    with control.start(latency_ms=20) as sandbox:
        run_things_against(sandbox.url)

``start_detached(state_dir)`` / ``stop_detached(state_dir)`` run it as its own process in a new
session, recorded in state_dir (``url``, ``pid``, ``port``, ``server.log``); both are idempotent.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

from .client import SandboxAdmin, SandboxError
from .server import build_server

PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Sandbox:
    """A sandbox serving from a background thread: ``.url``, ``.admin``, ``.stop()``; a context manager."""

    def __init__(self, server):
        self.server = server
        self.url = server.url
        self.admin = SandboxAdmin(self.url)
        self._thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.1},
                                        name='orgaccess-sandbox', daemon=True)
        self._thread.start()

    def stop(self):
        if self._thread.is_alive():
            self.server.shutdown()
            self._thread.join()
        self.server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()


def start(host='127.0.0.1', port=0, specs=None, validate=True, **switches):
    """Serve in a background thread; switches are initial values of the /_admin/config switches."""
    return Sandbox(build_server(host, port, specs=specs, validate=validate, config=switches))


def _files(state_dir):
    return dict((name, os.path.join(state_dir, name)) for name in ('url', 'pid', 'port', 'server.log'))


def _read(path):
    try:
        with open(path, encoding='utf-8') as handle:
            return handle.read().strip()
    except OSError:
        return ''


def _alive(pid):
    """True when pid runs and is a sandbox server (not a zombie, not a recycled pid)."""
    try:
        os.waitpid(pid, os.WNOHANG)  # reaps it if it is our own exited child
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    stat, cmdline = '/proc/%d/stat' % pid, '/proc/%d/cmdline' % pid
    if not os.path.exists(stat):
        return True  # no /proc to ask: trust the signal check
    if _read(stat).rpartition(')')[2].split()[:1] == ['Z']:
        return False
    try:
        with open(cmdline, 'rb') as handle:
            return b'orgaccess_sandbox' in handle.read()
    except OSError:
        return False


def _healthy(url):
    try:
        return SandboxAdmin(url, timeout=2).health().get('ok') is True
    except (OSError, SandboxError, ValueError):
        return False


def running_url(state_dir):
    """The URL of the sandbox recorded in state_dir when it is up, else None."""
    files = _files(state_dir)
    url, pid = _read(files['url']), _read(files['pid'])
    if url and pid.isdigit() and _alive(int(pid)) and _healthy(url):
        return url
    return None


def start_detached(state_dir, host='127.0.0.1', port=0, specs=None, validate=True, timeout=30.0, **switches):
    """Start ``python -m orgaccess_sandbox serve`` in a new session; returns its URL once it answers."""
    os.makedirs(state_dir, exist_ok=True)
    url = running_url(state_dir)
    if url:
        return url
    files = _files(state_dir)
    for name in ('url', 'pid', 'port'):
        if os.path.exists(files[name]):
            os.remove(files[name])
    argv = [sys.executable, '-m', 'orgaccess_sandbox', 'serve', '--host', host, '--port', str(port), '--port-file', files['port']]
    if specs:
        argv += ['--specs', os.path.abspath(specs)]
    if not validate:
        argv.append('--no-validate')
    if switches:
        argv += ['--config', json.dumps(switches)]
    env = dict(os.environ)
    env['PYTHONPATH'] = os.pathsep.join([PACKAGE_PARENT] + ([env['PYTHONPATH']] if env.get('PYTHONPATH') else []))
    with open(files['server.log'], 'ab') as log:
        # Not waited for here: the server outlives this call (and this process).
        process = subprocess.Popen(  # pylint: disable=consider-using-with
            argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError('the sandbox exited with %s; see %s' % (process.returncode, files['server.log']))
        bound_port = _read(files['port'])
        if bound_port.isdigit() and _healthy('http://%s:%s' % (host, bound_port)):
            url = 'http://%s:%s' % (host, bound_port)
            for name, value in (('url', url), ('pid', str(process.pid))):
                with open(files[name], 'w', encoding='utf-8') as handle:
                    handle.write(value + '\n')
            return url
        time.sleep(0.05)
    process.terminate()
    raise RuntimeError('the sandbox did not answer within %s s; see %s' % (timeout, files['server.log']))


def stop_detached(state_dir, timeout=10.0):
    """Stop the sandbox recorded in state_dir (SIGTERM, then SIGKILL). False when none was running."""
    files = _files(state_dir)
    pid = _read(files['pid'])
    stopped = False
    if pid.isdigit() and _alive(int(pid)):
        os.kill(int(pid), signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(int(pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _alive(int(pid)):
            os.kill(int(pid), signal.SIGKILL)
        stopped = True
    for name in ('url', 'pid', 'port'):
        if os.path.exists(files[name]):
            os.remove(files[name])
    return stopped
