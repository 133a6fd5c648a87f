#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: org_user_info
short_description: List the members of a Cisco XDR, Snyk or CybeDefend organisation
version_added: 1.0.0
description:
  - Lists the members (users) of one organisation on Cisco XDR, Snyk or CybeDefend, reading every page.
  - Returns every member, or the member with one O(email), or the members with the given O(user_ids); optionally only those with one
    O(role).
  - By email, Snyk is asked through its memberships list's email filter and CybeDefend through its member search, and the answer is
    compared again without regard to case; when that finds nobody, the whole list is read and compared. By user ids, Cisco XDR is
    asked through its batch read of users.
  - Returns each member's team memberships where the platform has teams (CybeDefend), unless O(include_teams=false).
  - Cisco XDR's user body keys (such as C(enabled)) are inferred, not taken from a vendor specification; see
    L(the platform notes,https://github.com/orgaccess/onboarding/blob/main/docs/platforms.md).
author:
  - orgaccess maintainers (@orgaccess)
extends_documentation_fragment:
  - orgaccess.onboarding.connection
  - orgaccess.onboarding.attributes.INFO_MODULE
  - orgaccess.onboarding.attributes.ACTIONGROUPS
options:
  email:
    description:
      - Only return the member with this email address.
      - Compared without surrounding blanks and without regard to case.
      - Mutually exclusive with O(user_ids).
    type: str
  user_ids:
    description:
      - Only return the members with these user ids; ids that are not members are left out of RV(users).
      - Mutually exclusive with O(email).
    type: list
    elements: str
  role:
    description:
      - Only return members with this role, given by name (case-insensitive) or by id.
    type: str
  include_teams:
    description:
      - Return each member's team memberships in RV(users[].teams), where the platform has teams (CybeDefend).
      - This reads the members of every team; V(false) saves those reads.
    type: bool
    default: true
seealso:
  - module: orgaccess.onboarding.org_user
"""

EXAMPLES = r"""
- name: List the members of a Snyk organisation (token from SNYK_TOKEN)
  orgaccess.onboarding.org_user_info:
    platform: snyk
    org_id: 8a0e1f4e-59ad-4d7b-a4c2-2f6b3c0f5d11
  register: snyk_members

- name: Show the admins
  ansible.builtin.debug:
    msg: "{{ snyk_members.users | selectattr('role', 'equalto', 'Org Admin') | map(attribute='email') | list }}"

- name: Read two Cisco XDR users by id, in one batch request
  orgaccess.onboarding.org_user_info:
    platform: cisco_xdr
    region: eu
    client_id: "{{ xdr_client_id }}"
    client_secret: "{{ xdr_client_secret }}"
    user_ids:
      - "idb-amp:7f3c1e52-0d4e-4c1a-9f0e-5a6b7c8d9e0f"
      - "idb-amp:1a2b3c4d-0d4e-4c1a-9f0e-5a6b7c8d9e0f"
  register: xdr_users

- name: CybeDefend managers with their teams, connection set once
  module_defaults:
    group/orgaccess.onboarding.onboarding:
      platform: cybedefend
      region: eu
      org_id: "{{ cybedefend_org_id }}"
      api_token: "{{ vault_cybedefend_pat }}"
  block:
    - name: List the managers
      orgaccess.onboarding.org_user_info:
        role: manager
      register: managers

    - name: Look one person up by email, without their teams
      orgaccess.onboarding.org_user_info:
        email: Erin@Example.com
        include_teams: false
      register: erin
"""

RETURN = r"""
users:
  description: The members, in the order the platform lists them.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The member's user id, as O(orgaccess.onboarding.org_user#module:user_id) takes it.
      returned: always
      type: str
      sample: idb-amp:7f3c1e52-0d4e-4c1a-9f0e-5a6b7c8d9e0f
    email:
      description: The member's email address, as the platform spells it; V(null) when the platform reports none (Snyk service accounts).
      returned: always
      type: str
      sample: alice@example.com
    name:
      description: The member's display name, or V(null) when the platform reports none.
      returned: always
      type: str
      sample: Alice Example
    role:
      description: The name of the member's role.
      returned: always
      type: str
      sample: Org Admin
    role_id:
      description:
        - The id of that role, as the platform's write APIs take it.
        - Equal to RV(users[].role) where the platform identifies roles by name.
      returned: always
      type: str
      sample: af047fef-69f3-4bd9-9760-8957ce0d2ece
    enabled:
      description: Whether the user is enabled (Cisco XDR); V(null) where the platform has no such flag.
      returned: always
      type: bool
      sample: true
    teams:
      description:
        - The member's team memberships, each with C(team) (name), C(team_id) and C(role) (the team role).
        - V(null) where the platform has no teams, or with O(include_teams=false).
      returned: always
      type: list
      elements: dict
      sample: [{"team": "Payments", "team_id": "6d1f0a52-3b7e-4b8c-9d2e-1f0a5b3c7e4d", "role": "team_manager"}]
    platform:
      description: The platform the member belongs to.
      returned: always
      type: str
      sample: cisco_xdr
"""

from ansible_collections.orgaccess.onboarding.plugins.module_utils._members import report_members
from ansible_collections.orgaccess.onboarding.plugins.module_utils._module import OrgAccessModule


def main():
    OrgAccessModule(
        argument_spec=dict(
            email=dict(type='str'),
            user_ids=dict(type='list', elements='str'),
            role=dict(type='str'),
            include_teams=dict(type='bool', default=True),
        ),
        mutually_exclusive=[('email', 'user_ids')],
        read_only=True,
    ).run(report_members)


if __name__ == '__main__':
    main()
