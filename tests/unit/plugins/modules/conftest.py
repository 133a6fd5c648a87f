# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.module_runner import clear_environment


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No credential from the developer's or CI's environment may reach a module under test."""
    clear_environment(monkeypatch)
