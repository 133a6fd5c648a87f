# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The registry of platforms: the one place where a platform's name meets its adapter class.

Private module. Adding a platform means writing its adapter and adding its loader here (plus the
``platform`` choices and a ``connections`` entry in the ``connection`` doc fragment).

An adapter is imported when its class is first looked up, not with this module: a module run
serves one platform, and AnsiballZ ships sources, so each adapter imported is compiled again by
every run; the two a run does not use cost it about 10 ms of CPU for nothing.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections.abc import Mapping


# Imports inside functions are still found by AnsiballZ, which ships every module_utils file a module names.
def _cisco_xdr():
    from ansible_collections.orgaccess.onboarding.plugins.module_utils._cisco_xdr import CiscoXdrAdapter
    return CiscoXdrAdapter


def _snyk():
    from ansible_collections.orgaccess.onboarding.plugins.module_utils._snyk import SnykAdapter
    return SnykAdapter


def _cybedefend():
    from ansible_collections.orgaccess.onboarding.plugins.module_utils._cybedefend import CybeDefendAdapter
    return CybeDefendAdapter


class _Registry(Mapping):
    """Platform name -> adapter class, each class imported on its first look-up (Python caches it then)."""

    def __init__(self, loaders):
        self._loaders = loaders

    def __getitem__(self, platform):
        return self._loaders[platform]()

    def __iter__(self):
        return iter(self._loaders)

    def __len__(self):
        return len(self._loaders)


ADAPTERS = _Registry({
    'cisco_xdr': _cisco_xdr,
    'snyk': _snyk,
    'cybedefend': _cybedefend,
})

# In the order the documentation lists them (the argument spec's choices).
PLATFORM_NAMES = tuple(ADAPTERS)


def adapter_class(platform):
    """The adapter class of a platform name (one of ``PLATFORM_NAMES``)."""
    return ADAPTERS[platform]
