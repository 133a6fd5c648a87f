# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the sandbox's own tests: one sandbox per session (per xdist worker), reset per test.

sandbox     (session) the running sandbox (orgaccess_sandbox.control.Sandbox); .server is in-process
admin       (function) its SandboxAdmin, after a reset
cisco, snyk, cybedefend  (function) tiny vendor clients over real HTTP (requests), see sandbox_vendors.py
"""

from __future__ import annotations

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

from orgaccess_sandbox import control  # noqa: E402 pylint: disable=wrong-import-position
from orgaccess_sandbox.client import SandboxAdmin  # noqa: E402 pylint: disable=wrong-import-position
import sandbox_vendors as vendors  # noqa: E402 pylint: disable=wrong-import-position


@pytest.fixture(scope='session')
def sandbox():
    with control.start() as server:
        yield server


@pytest.fixture
def admin(sandbox):  # pylint: disable=redefined-outer-name
    client = SandboxAdmin(sandbox.url)
    client.reset()
    return client


@pytest.fixture
def cisco(admin):  # pylint: disable=redefined-outer-name
    return vendors.Cisco(admin.url)


@pytest.fixture
def snyk(admin):  # pylint: disable=redefined-outer-name
    return vendors.Snyk(admin.url)


@pytest.fixture
def cybedefend(admin):  # pylint: disable=redefined-outer-name
    return vendors.CybeDefend(admin.url)
