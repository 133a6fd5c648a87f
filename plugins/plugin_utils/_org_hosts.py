# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Organisation hosts: what the modules need to connect to one, from its host vars (roles/onboard/README.md,
"Organisations as inventory hosts"). Private, controller side: used by the ``onboard_roster`` action and the
``onboard_host_connection`` filter. Pure functions, no I/O.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.orgaccess.onboarding.plugins.module_utils._platforms import PLATFORM_NAMES, adapter_class

HOST_CONNECTION = 'orgaccess_connection'


def host_connection(host, platform, org_id, connection):
    """``(connection, problems)``: the non-secret connection options of an organisation host.

    ``connection`` is its ``orgaccess_connection``; a secret option there is a problem (and left out), since host vars
    are readable by anyone who can list the inventory. ``org_id`` (``orgaccess_org_id``) is added where the platform's
    modules take one. An unknown ``platform`` is left for the caller to report.
    """
    connection = dict(connection or {})
    problems = []
    if platform not in PLATFORM_NAMES:
        return connection, problems
    options = adapter_class(platform).CONNECTION
    for option in sorted(connection):
        if options.get(option, {}).get('secret'):
            problems.append('host %s: %s.%s holds a secret; give the NAME of its variable in orgaccess_secret_vars (or of an '
                            'environment variable in orgaccess_secret_env) instead' % (host, HOST_CONNECTION, option))
            del connection[option]
    if org_id and 'org_id' in options:
        connection['org_id'] = org_id
    return connection, problems
