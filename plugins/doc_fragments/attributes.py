# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # Modules that change something: full check mode and diff mode.
    DOCUMENTATION = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check mode and return the changed status and results a real run would return, without changing anything.
    support: full
    details:
      - Check mode plans with the same code as a real run and sends no write request; the ids of what would be created are V(null).
  diff_mode:
    description: Returns before and after states of what changed (or would change in check mode) when run with C(--diff).
    support: full
"""

    # Read-only modules: check mode changes nothing because nothing is ever changed.
    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check mode and return the same information as a real run.
    support: full
    details:
      - This module only reads.
  diff_mode:
    description: Returns details on what has changed when run with C(--diff).
    support: N/A
    details:
      - This module never changes anything.
"""

    # Every module is in the one group of meta/runtime.yml; keep this list in step with it. There is no group
    # per platform: a module serves every platform, and the option connections holds each platform's settings.
    ACTIONGROUPS = r"""
options: {}
attributes:
  action_group:
    description:
      - Use C(group/orgaccess.onboarding.onboarding) in C(module_defaults) to set defaults for this module.
      - To set the connections of several platforms in one play, put each platform's settings in O(connections) there.
    support: full
    membership:
      - orgaccess.onboarding.onboarding
"""
