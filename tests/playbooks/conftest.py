# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for playbook-level tests: the sandbox, its admin client, and run_playbook.

sandbox        (session) the sandbox server; .url is its base URL. One per xdist worker.
sandbox_admin  (function) orgaccess_sandbox.client.SandboxAdmin, the sandbox reset first.
sandbox_url    (function) the base URL of a freshly reset sandbox.
run_playbook   (function) run_playbook(playbook, extravars=None, check=False, diff=False,
               envvars=None, verbosity=0, timeout=None, inventory=None, limit=None) -> playbook_runner.PlaybookRun;
               see playbook_runner.py.

Before the session the collection copy in build/collections is refreshed from the work
tree (tests/utils/sync_collection.py), so that a test always runs the modules as they are
in the work tree. Set ORGACCESS_NO_SYNC=1 to skip that.
"""

from __future__ import annotations

import itertools
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'sandbox'))
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'utils'))
sys.path.insert(0, HERE)

import playbook_runner  # noqa: E402 pylint: disable=wrong-import-position
import sync_collection  # noqa: E402 pylint: disable=wrong-import-position

# pytest-ansible's fixtures run modules in this process and find the collection through this
# variable, read when pytest starts (make exports it; a direct pytest run gets the same default).
os.environ.setdefault('ANSIBLE_COLLECTIONS_PATH', playbook_runner.COLLECTIONS_PATH)


def pytest_configure(config):
    """Refresh the collection copy once, in the main process (xdist workers start later)."""
    if hasattr(config, 'workerinput') or os.environ.get('ORGACCESS_NO_SYNC'):
        return
    sync_collection.sync(REPO_ROOT)


@pytest.fixture(scope='session')
def sandbox():
    """Start the sandbox for the session (one per xdist worker) and stop it at the end."""
    from orgaccess_sandbox import control  # pylint: disable=import-outside-toplevel

    with control.start() as server:
        yield server


@pytest.fixture
def sandbox_admin(sandbox):  # pylint: disable=redefined-outer-name
    """Return the sandbox's admin client, with the sandbox reset to its initial state."""
    from orgaccess_sandbox.client import SandboxAdmin  # pylint: disable=import-outside-toplevel

    admin = SandboxAdmin(sandbox.url)
    admin.reset()
    return admin


@pytest.fixture
def sandbox_url(sandbox_admin, sandbox):  # pylint: disable=redefined-outer-name,unused-argument
    """Return the base URL of the freshly reset sandbox."""
    return sandbox.url


@pytest.fixture
def run_playbook(tmp_path):
    """Return a function that runs a playbook through ansible-runner (see playbook_runner.run_playbook)."""
    counter = itertools.count(1)

    def run(playbook, extravars=None, check=False, diff=False, envvars=None, verbosity=0, timeout=None, inventory=None, limit=None):
        private_data_dir = tmp_path / ('runner-%d' % next(counter))
        return playbook_runner.run_playbook(private_data_dir, playbook, extravars=extravars, check=check, diff=diff, envvars=envvars,
                                            verbosity=verbosity, timeout=timeout, inventory=inventory, limit=limit)

    return run
