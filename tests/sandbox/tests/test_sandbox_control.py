# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The command line: start/stop in the background (idempotent) and serve in the foreground."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from orgaccess_sandbox.client import SandboxAdmin

PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _cli(*args):
    env = dict(os.environ, PYTHONPATH=PACKAGE_PARENT)
    return subprocess.run([sys.executable, '-m', 'orgaccess_sandbox'] + list(args), env=env, capture_output=True, text=True,
                          timeout=60, check=False)


def test_start_and_stop_in_the_background(tmp_path):
    state_dir = str(tmp_path / 'state')
    started = _cli('start', '--state-dir', state_dir, '--latency-ms', '1', '--config', '{"duplicate_invite": "duplicate"}')
    assert started.returncode == 0, started.stderr
    url = started.stdout.strip()
    assert url.startswith('http://127.0.0.1:')
    assert (tmp_path / 'state' / 'url').read_text().strip() == url
    pid = int((tmp_path / 'state' / 'pid').read_text())
    try:
        admin = SandboxAdmin(url)
        config = admin.config()
        assert config['duplicate_invite'] == 'duplicate' and config['latency_ms'] == 1
        admin.configure(latency_ms=0, duplicate_invite='reject')
        admin.reset()
        assert admin.config()['duplicate_invite'] == 'duplicate'  # the defaults are those it started with
        again = _cli('start', '--state-dir', state_dir)
        assert again.returncode == 0 and again.stdout.strip() == url  # already running: same server
        assert os.getsid(pid) == pid  # its own session
    finally:
        stopped = _cli('stop', '--state-dir', state_dir)
    assert stopped.returncode == 0, stopped.stderr
    assert not (tmp_path / 'state' / 'url').exists()
    assert _cli('stop', '--state-dir', state_dir).returncode == 0  # nothing to stop is fine


def test_serve_is_the_default_command(tmp_path):
    port_file = tmp_path / 'port'
    env = dict(os.environ, PYTHONPATH=PACKAGE_PARENT)
    argv = [sys.executable, '-m', 'orgaccess_sandbox', '--port', '0', '--port-file', str(port_file), '--no-validate']
    with subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, text=True) as server:
        try:
            line = server.stdout.readline()
            assert line.startswith('orgaccess sandbox listening on http://127.0.0.1:')
            url = line.rsplit(' ', 1)[1].strip()
            assert url.endswith(':' + port_file.read_text().strip())
            assert SandboxAdmin(url).health()['validation'] is False
        finally:
            server.send_signal(signal.SIGTERM)
            started = time.monotonic()
            assert server.wait(timeout=10) == 0
    assert time.monotonic() - started < 5
