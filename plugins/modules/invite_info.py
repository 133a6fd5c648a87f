#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: invite_info
short_description: List the invitations of a Cisco XDR, Snyk or CybeDefend organisation
version_added: 1.0.0
description:
  - Lists the invitations of one organisation on Cisco XDR, Snyk or CybeDefend, reading every page.
  - Returns pending invitations only, unless O(include_inactive=true).
  - Can also return the roles that can be assigned to invitees (O(include_roles=true)), for example to check a role name before using
    M(orgaccess.onboarding.org_invite).
  - Invitation tokens are never returned.
  - Cisco XDR's invite endpoints, their answers and their status values are inferred from Cisco's published operation names, not from
    a vendor specification; see L(the platform notes,https://github.com/orgaccess/onboarding/blob/main/docs/platforms.md).
author:
  - orgaccess maintainers (@orgaccess)
extends_documentation_fragment:
  - orgaccess.onboarding.connection
  - orgaccess.onboarding.attributes.INFO_MODULE
  - orgaccess.onboarding.attributes.ACTIONGROUPS
options:
  email:
    description:
      - Only return invitations sent to this email address.
      - Compared without surrounding blanks and without regard to case. An address that is not a valid email fails the task before
        anything is read.
    type: str
  role:
    description:
      - Only return invitations for this role, given by name (case-insensitive) or by id.
      - Must be a role that can be assigned on the platform (see O(include_roles)).
    type: str
  include_inactive:
    description:
      - Also return invitations that are no longer pending (for example expired ones), with their RV(invites[].status).
    type: bool
    default: false
  include_roles:
    description:
      - Also return RV(roles), the roles that can be assigned to invitees.
    type: bool
    default: false
seealso:
  - module: orgaccess.onboarding.org_invite
"""

EXAMPLES = r"""
- name: List the pending invitations of a Snyk organisation (token from SNYK_TOKEN)
  orgaccess.onboarding.invite_info:
    platform: snyk
    org_id: 8a0e1f4e-59ad-4d7b-a4c2-2f6b3c0f5d11
  register: snyk_invites

- name: Show who has not accepted yet
  ansible.builtin.debug:
    msg: "{{ snyk_invites.invites | map(attribute='email') | list }}"

- name: Every Cisco XDR invitation of one person, expired ones included, with the assignable roles
  orgaccess.onboarding.invite_info:
    platform: cisco_xdr
    region: eu
    client_id: "{{ xdr_client_id }}"
    client_secret: "{{ xdr_client_secret }}"
    email: Alice@Example.com
    include_inactive: true
    include_roles: true
  register: xdr_invites

- name: CybeDefend invitations for managers, with the connection set once for the play
  module_defaults:
    group/orgaccess.onboarding.onboarding:
      platform: cybedefend
      region: eu
      org_id: "{{ cybedefend_org_id }}"
      api_token: "{{ vault_cybedefend_pat }}"
  block:
    - name: List pending manager invitations
      orgaccess.onboarding.invite_info:
        role: manager
      register: manager_invites
"""

RETURN = r"""
invites:
  description:
    - The invitations, in the order the platform lists them.
    - Pending invitations only, unless O(include_inactive=true).
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The invitation's id on the platform.
      returned: always
      type: str
      sample: 0f3c9e36-5d8a-4a59-9a0e-0c6b8c2f1e77
    email:
      description: The email address the invitation was sent to, as the platform spells it.
      returned: always
      type: str
      sample: alice@example.com
    role:
      description: The name of the role the invitee will get.
      returned: always
      type: str
      sample: Org Collaborator
    role_id:
      description:
        - The id of that role, as the platform's write APIs take it.
        - Equal to RV(invites[].role) where the platform identifies roles by name.
      returned: always
      type: str
      sample: 9c2a1b63-8f2d-4f43-8d62-4b4bd8a3b2d0
    status:
      description:
        - The invitation's status in lower case, V(pending) for an invitation that can still be accepted.
        - Other values depend on the platform, for example V(expired) (Cisco XDR) or V(inactive) (Snyk).
      returned: always
      type: str
      sample: pending
    expires_at:
      description: When the invitation expires (ISO 8601), or V(null) where the platform does not say.
      returned: always
      type: str
      sample: '2026-12-01T10:00:00Z'
    teams:
      description:
        - The teams the invitee will join, each with C(team) (name), C(team_id) and C(role).
        - V(null) where the platform does not report team assignments on invitations.
      returned: always
      type: list
      elements: dict
      sample: null
    platform:
      description: The platform the invitation belongs to.
      returned: always
      type: str
      sample: snyk
roles:
  description: The roles that can be assigned to invitees.
  returned: when O(include_roles=true)
  type: list
  elements: dict
  contains:
    id:
      description: The role's id, as the platform's write APIs take it (for Snyk the role's public id).
      returned: always
      type: str
      sample: 9c2a1b63-8f2d-4f43-8d62-4b4bd8a3b2d0
    name:
      description: The role's name, as people type it in O(role).
      returned: always
      type: str
      sample: Org Collaborator
"""

from ansible_collections.orgaccess.onboarding.plugins.module_utils._invites import report_invites
from ansible_collections.orgaccess.onboarding.plugins.module_utils._module import OrgAccessModule


def main():
    OrgAccessModule(argument_spec=dict(
        email=dict(type='str'),
        role=dict(type='str'),
        include_inactive=dict(type='bool', default=False),
        include_roles=dict(type='bool', default=False),
    ), read_only=True).run(report_invites)


if __name__ == '__main__':
    main()
