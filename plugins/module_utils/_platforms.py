# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The registry of platforms: the one place where a platform's name meets its adapter class.

Private module. Adding a platform means writing its adapter and adding one line here (plus the
``platform`` choices and a ``connections`` entry in the ``connection`` doc fragment).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.orgaccess.onboarding.plugins.module_utils._cisco_xdr import CiscoXdrAdapter
from ansible_collections.orgaccess.onboarding.plugins.module_utils._cybedefend import CybeDefendAdapter
from ansible_collections.orgaccess.onboarding.plugins.module_utils._snyk import SnykAdapter

ADAPTERS = {
    'cisco_xdr': CiscoXdrAdapter,
    'snyk': SnykAdapter,
    'cybedefend': CybeDefendAdapter,
}

# In the order the documentation lists them (the argument spec's choices).
PLATFORM_NAMES = tuple(ADAPTERS)


def adapter_class(platform):
    """The adapter class of a platform name (one of ``PLATFORM_NAMES``)."""
    return ADAPTERS[platform]
