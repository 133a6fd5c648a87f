# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: onboard_host_connection
short_description: The non-secret connection options of an organisation host
version_added: 1.0.0
description:
  - Used by the role C(orgaccess.onboarding.onboard) (its main and C(audit) entry points) on organisation hosts. Takes the host var
    C(orgaccess_connection) and returns the connection options for the modules - the same options, with C(orgaccess_org_id) added as
    C(org_id) where the platform's modules take one (Snyk, CybeDefend).
  - A secret option (C(client_secret), C(api_token)) in C(orgaccess_connection) fails, naming the host and the option - host vars are
    readable by anyone who can list the inventory; name the variable or environment variable holding it in C(orgaccess_secret_vars)
    or C(orgaccess_secret_env) instead. The role adds those secrets itself.
author:
  - orgaccess maintainers (@orgaccess)
options:
  _input:
    description: The host var C(orgaccess_connection) (V(null) for none).
    type: dict
    required: true
  platform:
    description: The host var C(orgaccess_platform).
    type: str
    required: true
  host:
    description: The host's name, for messages.
    type: str
    required: true
  org_id:
    description: The host var C(orgaccess_org_id).
    type: str
"""

EXAMPLES = r"""
- name: Read the members of this organisation
  orgaccess.onboarding.org_user_info:
    platform: "{{ orgaccess_platform }}"
    connections: >-
      {{ {orgaccess_platform: orgaccess_connection | default({}) | orgaccess.onboarding.onboard_host_connection(
         platform=orgaccess_platform, org_id=orgaccess_org_id | default(none), host=inventory_hostname)} }}
"""

RETURN = r"""
_value:
  description: The connection options, without secrets.
  type: dict
  sample: {"region": "SNYK-EU-01", "org_id": "8a0e1f4e-59ad-4d7b-a4c2-2f6b3c0f5d11"}
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.orgaccess.onboarding.plugins.module_utils._platforms import PLATFORM_NAMES
from ansible_collections.orgaccess.onboarding.plugins.plugin_utils._org_hosts import host_connection


def onboard_host_connection(connection, platform, host, org_id=None):
    if connection is not None and not isinstance(connection, dict):
        raise AnsibleFilterError('host %s: orgaccess_connection must be a mapping of connection options, got %s'
                                 % (host, type(connection).__name__))
    if platform not in PLATFORM_NAMES:
        raise AnsibleFilterError('host %s: orgaccess_platform is %r, not one of %s' % (host, platform, ', '.join(PLATFORM_NAMES)))
    found, problems = host_connection(host, platform, org_id, connection)
    if problems:
        raise AnsibleFilterError('; '.join(problems))
    return found


class FilterModule(object):

    def filters(self):
        return {'onboard_host_connection': onboard_host_connection}
